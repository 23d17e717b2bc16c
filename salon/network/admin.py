"""The admin lists relationships and reports for site staff; it never shows messages."""

from django.contrib import admin

from salon.network.models import ConversationReport, Introduction, MessagingSettings


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "community",
        "introducer",
        "first",
        "second",
        "first_answer",
        "second_answer",
    )
    raw_id_fields = ("introducer", "first", "second", "conversation")


@admin.register(ConversationReport)
class ConversationReportAdmin(admin.ModelAdmin):
    list_display = ("id", "community", "reporter", "status", "created_at")
    raw_id_fields = ("conversation", "reporter", "resolved_by")


@admin.register(MessagingSettings)
class MessagingSettingsAdmin(admin.ModelAdmin):
    list_display = ("community", "who_may_message", "updated_at")
