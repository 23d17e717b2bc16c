from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """An append-only record of a security-relevant or administrative action."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=254, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        # Without who: the admin titles its pages with this (see audit.unattributed).
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)


class ScheduledRun(models.Model):
    """One row per (job, time slot): the unique constraint is what makes the scheduler safe
    to run twice — only the process whose insert succeeds enqueues the job."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class TaskFailure(models.Model):
    """A task that failed on every attempt; kept for operators (and visible in the admin)."""

    task = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict)
    attempts = models.PositiveSmallIntegerField()
    error = models.TextField()
    failed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task} failed after {self.attempts} attempts"


class SearchDocument(models.Model):
    """One searchable thing, as its app registered it (see ``salon.core.search``).

    The ``search_*`` columns hold the folded words the engine indexes; the database keeps
    the engine's index in step with them (triggers into an FTS5 table on SQLite, a
    generated tsvector column with a GIN index on PostgreSQL; see ``search/schema.py``).
    Who may see a document is decided when searching, from ``audience`` and the live
    memberships, so a role change needs no reindexing.
    """

    # Small columns first (see the migration): the visibility filter reads only these.
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    audience = models.CharField(max_length=40)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    circle = models.ForeignKey(
        "communities.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    tags = models.JSONField(default=list, blank=True)
    body = models.TextField(blank=True)
    search_title = models.TextField(blank=True, editable=False)
    search_tags = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]
        indexes = [models.Index(fields=["community", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"

    def get_absolute_url(self) -> str:
        return self.url


def _attachment_path(instance: Attachment, filename: str) -> str:
    """A fresh random folder per file; the stored name is ASCII (object stores and file
    systems disagree about the rest), while ``Attachment.name`` keeps the real one."""
    stem, dot, ext = filename.rpartition(".")
    stem = slugify(stem if dot else filename)[:80] or "file"
    ext = slugify(ext)[:10] if dot else ""
    return f"attachments/{secrets.token_hex(16)}/{stem}{'.' + ext if ext else ''}"


class AttachmentStatus(models.TextChoices):
    READY = "ready", _("Ready")
    # An image waits, as sent, for its task to decode and rebuild it; it is not served.
    PROCESSING = "processing", _("Being prepared")
    FAILED = "failed", _("Could not be read")


class Attachment(models.Model):
    """A file that belongs to something (an event, a post, …) and is shown only to people
    who may see that thing. Created by ``salon.core.attachments.attach``, never directly."""

    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    name = models.CharField(_("name"), max_length=255)  # sanitised, as uploaded
    content_type = models.CharField(_("content type"), max_length=100)  # sniffed, not claimed
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AttachmentStatus.choices,
        default=AttachmentStatus.READY,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="attachment_owner")]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:file", args=[self.pk, self.name])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_ready(self) -> bool:
        return self.status == AttachmentStatus.READY
