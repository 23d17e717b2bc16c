"""Objectives and competencies in the admin. Personal goals are deliberately not here: site
staff are not members, and a goal is seen only by the people its owner shares it with."""

from django.contrib import admin

from salon.goals.models import Competency, KeyResult, Objective


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "position", "retired_at"]
    list_filter = ["community"]
    search_fields = ["name"]


class KeyResultInline(admin.TabularInline):
    model = KeyResult
    extra = 0
    fields = ["title", "kind", "baseline", "target", "current", "due", "version"]
    readonly_fields = ["current", "version"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "circle", "period", "owner", "archived_at"]
    list_filter = ["community"]
    search_fields = ["title"]
    raw_id_fields = ["community", "circle", "owner", "created_by"]
    inlines = [KeyResultInline]
