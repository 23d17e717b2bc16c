"""Housekeeping jobs of the platform itself."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from salon.core.jobs import retrying, scheduled
from salon.core.models import Attachment, AttachmentStatus, ScheduledRun
from salon.core.uploads import rebuild_image


@scheduled("core.prune_scheduled_runs", every=timedelta(days=1))
@task()
@retrying()
def prune_scheduled_runs(*, slot: str) -> int:
    """Scheduler bookkeeping older than 30 days is no longer needed."""
    deleted, _ = ScheduledRun.objects.filter(slot__lt=timezone.now() - timedelta(days=30)).delete()
    return deleted


@task()
def process_attachment_image(*, attachment_id: int) -> str:
    """Decode an attached image and store it rebuilt (resized, upright, no metadata), in
    place of the bytes as sent; then it is served. One that cannot be decoded is marked
    failed and never served. Run twice, it does the work once."""
    attachment = Attachment.objects.filter(
        pk=attachment_id, status=AttachmentStatus.PROCESSING
    ).first()
    if attachment is None:
        return "nothing to do"
    storage, sent = attachment.file.storage, attachment.file.name
    try:
        with storage.open(sent, "rb") as handle:
            rebuilt = rebuild_image(handle, name=attachment.name)
    except (ValidationError, OSError):
        Attachment.objects.filter(pk=attachment.pk).update(status=AttachmentStatus.FAILED)
        return "failed"
    attachment.file.save(rebuilt.name, rebuilt.file, save=False)
    updated = Attachment.objects.filter(
        pk=attachment.pk, status=AttachmentStatus.PROCESSING
    ).update(
        file=attachment.file.name,
        name=rebuilt.name,
        content_type=rebuilt.content_type,
        size=rebuilt.size,
        sha256=rebuilt.sha256,
        status=AttachmentStatus.READY,
    )
    # The bytes as sent go; or, if the row went meanwhile, the rebuilt ones.
    storage.delete(sent if updated else attachment.file.name)
    return "ready" if updated else "gone"


@scheduled("core.clear_expired_sessions", every=timedelta(days=1))
@task()
@retrying()
def clear_expired_sessions(*, slot: str) -> str:
    """Daily: sessions past their age go from the database (Django keeps them otherwise)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    return "cleared"
