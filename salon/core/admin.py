from django.contrib import admin
from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# Importing attachments connects the signal that removes a deleted attachment's stored file
# (the admin is loaded at start-up, so it holds for every process).
from salon.core import attachments  # noqa: F401
from salon.core.audit import unattributed
from salon.core.models import Attachment, AuditEvent, TaskFailure


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, for staff too. It shows no titles or
    details (the site's log at /audit/ shows them to staff in the community) and names
    nobody for rows about words said under the Chatham House rule (``audit.unattributed``).
    """

    list_display = ["created_at", "action", "who", "community", "target_type", "target_id"]
    list_filter = ["action", "community"]
    search_fields = ["action"]
    fields = ["created_at", "action", "who", "community", "target_type", "target_id"]
    readonly_fields = ["created_at", "action", "who", "community", "target_type", "target_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                unattributed=Case(
                    When(unattributed(), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
        )

    @admin.display(description=_("who"))
    def who(self, event: AuditEvent) -> str:
        return str(_("a member")) if getattr(event, "unattributed", False) else event.actor_label

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


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """For looking a file up; adding and removing go through ``attach`` and ``detach``
    (permission-checked and audited), so the admin only reads."""

    list_display = ["created_at", "name", "content_type", "size", "owner_type", "who"]
    list_filter = ["content_type", "owner_type"]
    search_fields = ["name", "sha256"]
    fields = [
        "name",
        "content_type",
        "size",
        "sha256",
        "who",
        "owner_type",
        "owner_id",
        "created_at",
    ]
    readonly_fields = ["who"]

    @admin.display(description=_("uploaded by"))
    def who(self, attachment: Attachment) -> str:
        """Nobody is named for a file added to words said under the Chatham House rule."""
        if attachment.uploaded_by_id is None:
            return ""
        owner = attachment.owner
        if getattr(owner, "unattributed_author_id", None) == attachment.uploaded_by_id:
            return str(_("a member"))
        return str(attachment.uploaded_by)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
