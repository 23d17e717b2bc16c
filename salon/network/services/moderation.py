"""Reports of a conversation to its community's moderators, and each community's rule for
who may message whom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.network import notifications as notices
from salon.network.models import (
    Conversation,
    ConversationReport,
    Message,
    MessagingSettings,
    ReportStatus,
    WhoMayMessage,
)

# Messages one report may show the moderators.
MAX_REPORTED = 50


@transaction.atomic
def conversation_report(
    *, actor: Any, conversation: Conversation, reason: str, message_ids: Sequence[int]
) -> ConversationReport:
    """Show the moderators the chosen messages (copied now, as they read), and why. They
    see these and nothing else of the conversation."""
    require(actor, "conversation.report", conversation, hide=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what is wrong."))
    ids = list(dict.fromkeys(int(i) for i in message_ids))[:MAX_REPORTED]
    messages = list(
        Message.objects.filter(conversation=conversation, pk__in=ids)
        .select_related("author")
        .order_by("id")
    )
    if not messages:
        raise ValidationError(_("Choose the messages to show the moderators."))
    excerpt = [
        {
            "id": m.pk,
            "author_id": m.author_id,
            "author": m.author.display_name if m.author else _("Former member"),
            "body": m.body,
            "created_at": m.created_at.isoformat(),
        }
        for m in messages
    ]
    report = ConversationReport.objects.create(
        conversation=conversation,
        community=conversation.community,
        reporter=actor,
        reason=reason[:2000],
        excerpt=excerpt,
    )
    audit(
        "network.conversation.reported",
        actor=actor,
        target=report,
        community=conversation.community,
        messages=len(excerpt),
    )
    transaction.on_commit(lambda: notices.conversation_reported(report_id=report.pk), robust=True)
    return report


@transaction.atomic
def conversation_report_resolve(*, actor: Any, report: ConversationReport) -> ConversationReport:
    require(actor, "conversation_report.review", report.community)
    if report.status != ReportStatus.RESOLVED:
        report.status, report.resolved_by, report.resolved_at = (
            ReportStatus.RESOLVED,
            actor,
            timezone.now(),
        )
        report.save(update_fields=["status", "resolved_by", "resolved_at"])
        audit("network.conversation_report.resolved", actor=actor, target=report)
    return report


@transaction.atomic
def messaging_settings_update(
    *, actor: Any, community: Any, who_may_message: str
) -> MessagingSettings:
    require(actor, "messaging.manage", community)
    if who_may_message not in WhoMayMessage.values:
        raise ValidationError(_("Choose one of the rules offered."))
    row, _created = MessagingSettings.objects.update_or_create(
        community=community, defaults={"who_may_message": who_may_message}
    )
    audit(
        "network.messaging_settings.changed",
        actor=actor,
        target=community,
        who_may_message=who_may_message,
    )
    return row
