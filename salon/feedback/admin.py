"""Cycles in the admin. Nominations, answers and reports are deliberately not here: the
admin site must never let anyone pair a rater with what they answered."""

from django.contrib import admin

from salon.feedback.models import Cycle


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "circle", "opens_on", "closes_on", "status"]
    list_filter = ["community", "status"]
    search_fields = ["title"]
    raw_id_fields = ["community", "circle", "created_by"]
