"""Staff tools for events: the limits each community sets on expert time, and who offers
office hours. Bookings (a member's question to an expert) stay out of the admin."""

from __future__ import annotations

from django.contrib import admin

from salon.events.office_hours.models import ExpertTimeRules, OfficeHours


@admin.register(ExpertTimeRules)
class ExpertTimeRulesAdmin(admin.ModelAdmin[ExpertTimeRules]):
    list_display = ("community", "max_upcoming", "min_notice_hours")
    raw_id_fields = ("community",)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin[OfficeHours]):
    list_display = ("expert", "community", "slot_minutes", "weeks_ahead", "active")
    list_filter = ("active",)
    raw_id_fields = ("community", "expert")
    exclude = ("competencies",)
