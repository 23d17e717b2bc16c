from django.contrib import admin

from salon.resources.models import LearningPath, PathStep, Resource, ResourceVersion, Tag


class VersionInline(admin.TabularInline):
    model = ResourceVersion
    extra = 0
    fields = ("number", "note", "text_status", "created_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "community", "status", "published_on", "view_count")
    list_filter = ("kind", "status", "community")
    search_fields = ("title",)
    raw_id_fields = ("author", "curator", "circle", "event", "path", "current_version")
    inlines = [VersionInline]


class StepInline(admin.TabularInline):
    model = PathStep
    extra = 0
    raw_id_fields = ("resource", "event")


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "circle", "status")
    list_filter = ("status", "community")
    inlines = [StepInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "community")
    list_filter = ("community",)
