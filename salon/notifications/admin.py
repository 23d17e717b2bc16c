from django.contrib import admin

from salon.notifications.models import EmailSettings, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "email_status", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["recipient__email", "key"]
    raw_id_fields = ["recipient", "actor", "community"]
    readonly_fields = ["key", "created_at", "emailed_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(EmailSettings)
class EmailSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "email_off", "daily_digest_for", "weekly_digest_for"]
    list_filter = ["email_off"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
