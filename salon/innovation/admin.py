from django.contrib import admin

from salon.innovation.models import Challenge, Idea, IdeaAuthor, Stage, StageMove


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "position", "is_parked"]
    list_filter = ["community"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "circle", "opens_on", "decide_until", "voting"]
    list_filter = ["community", "voting"]
    search_fields = ["title"]
    raw_id_fields = ["community", "circle", "sponsor", "category", "created_by"]


class AuthorInline(admin.TabularInline):
    model = IdeaAuthor
    raw_id_fields = ["user"]
    extra = 0


class MoveInline(admin.TabularInline):
    model = StageMove
    fk_name = "idea"
    raw_id_fields = ["decided_by"]
    readonly_fields = ["from_stage", "to_stage", "moved_at", "seconds_in_stage"]
    extra = 0


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "stage", "vote_total", "created_at"]
    list_filter = ["community", "stage__key"]
    list_select_related = ["challenge", "stage"]
    search_fields = ["title"]
    raw_id_fields = ["challenge", "community", "circle", "stage", "topic"]
    readonly_fields = ["vote_total"]
    inlines = [AuthorInline, MoveInline]
