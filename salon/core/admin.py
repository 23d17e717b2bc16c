from django.contrib import admin
from django.http import HttpRequest

from salon.core.models import AuditEvent, TaskFailure


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, for staff too."""

    list_display = ["created_at", "action", "actor_label", "community", "target_label"]
    list_filter = ["action", "community"]
    search_fields = ["actor_label", "target_label", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "task", "attempts"]
    readonly_fields = ["task", "arguments", "attempts", "error", "failed_at"]
