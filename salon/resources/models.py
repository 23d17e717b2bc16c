"""The library (resources with kinds, tags, competencies, file versions, marks and
comments) and learning paths (ordered steps, progress per member). See docs/resources.md."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.core.safe_urls import SafeURLField


class ResourceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    VIDEO = "video", _("Video")
    ARTICLE = "article", _("Article")
    CASE_STUDY = "case_study", _("Case study")
    TEMPLATE = "template", _("Template")
    INSIGHT = "insight", _("Industry insight")


# A small picture for each kind, drawn in the list (the template maps these to SVG).
KIND_ICONS = {
    ResourceKind.FILE: "file",
    ResourceKind.LINK: "link",
    ResourceKind.VIDEO: "play",
    ResourceKind.ARTICLE: "text",
    ResourceKind.CASE_STUDY: "case",
    ResourceKind.TEMPLATE: "grid",
    ResourceKind.INSIGHT: "spark",
}


class ResourceStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested, waiting for a facilitator")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Not taken into the library")


class Tag(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="resource_tags"
    )
    name = models.CharField(_("tag"), max_length=40)
    slug = models.SlugField(max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="resource_tag_once")
        ]

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    """One thing in a community's library. It may belong to a circle (then only those who
    see the circle see it), and be linked to an event or a learning path."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="resources"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("circle"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("event"),
    )
    path = models.ForeignKey(
        "resources.LearningPath",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("learning path"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("in one or two sentences"), max_length=400, blank=True)
    body = models.TextField(_("text"), blank=True, max_length=50_000)
    url = SafeURLField(_("web address"), max_length=500, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="resources")
    competencies = models.ManyToManyField(
        "goals.Competency", blank=True, related_name="resources", verbose_name=_("competencies")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_resources",
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_resources",
    )
    status = models.CharField(
        max_length=10, choices=ResourceStatus.choices, default=ResourceStatus.PUBLISHED
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    current_version = models.ForeignKey(
        "resources.ResourceVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Counted with F() as people open it; completions and "useful" are counted from marks.
    view_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    files = GenericRelation(
        "core.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "kind"]),
            models.Index(fields=["community", "-published_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.pk])

    @property
    def icon(self) -> str:
        return KIND_ICONS.get(ResourceKind(self.kind), "file")

    @property
    def is_published(self) -> bool:
        return self.status == ResourceStatus.PUBLISHED


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Reading the text")
    READ = "read", _("Text read for search")
    UNREADABLE = "unreadable", _("Its text could not be read")
    TOO_LARGE = "too_large", _("Too large to read for search")
    NO_TEXT = "no_text", _("No text to read")


def _preview_path(instance: ResourceVersion, filename: str) -> str:
    """A random folder per picture; served only through ``resources:preview``."""
    return f"previews/{secrets.token_hex(16)}/{filename}"


class ResourceVersion(models.Model):
    """One upload of a resource's file. Replacing the file adds a version and keeps the
    earlier ones, each with what changed."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    attachment = models.ForeignKey("core.Attachment", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    text_status = models.CharField(
        max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    # The first page of a PDF, or a small copy of an image, drawn by a task
    # (``tasks.make_version_preview``); empty until then, and for other kinds of file.
    preview = models.FileField(upload_to=_preview_path, max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resource_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"

    def get_preview_url(self) -> str:
        return reverse("resources:preview", args=[self.resource_id, self.number])


class MarkKind(models.TextChoices):
    USEFUL = "useful", _("Useful")
    BOOKMARK = "bookmark", _("Saved for later")
    DONE = "done", _("Done")


class Mark(models.Model):
    """A member's "useful", bookmark or "done" on a resource: one of each at most."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_marks"
    )
    kind = models.CharField(max_length=10, choices=MarkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "user", "kind"], name="one_mark_each")
        ]
        indexes = [models.Index(fields=["user", "kind"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.resource_id}"


class Comment(models.Model):
    """A short remark under a resource. Not a forum thread: comments follow the resource's
    visibility and need no categories, numbering or subscriptions (docs/resources.md)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.resource_id}"


# Learning paths ---------------------------------------------------------------------------


class PathStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class LearningPath(models.Model):
    """Ordered steps toward a competency: resources, events, reflections and a goal. A path
    in a cohort circle is followed by the cohort, with due dates."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="learning_paths"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learning_paths",
        verbose_name=_("cohort or circle"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("what members gain"), max_length=400, blank=True)
    competencies = models.ManyToManyField(
        "goals.Competency", blank=True, related_name="learning_paths"
    )
    status = models.CharField(max_length=10, choices=PathStatus.choices, default=PathStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:path", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == PathStatus.PUBLISHED


class StepKind(models.TextChoices):
    RESOURCE = "resource", _("Read or watch")
    EVENT = "event", _("Attend a session")
    REFLECTION = "reflection", _("Reflect")
    GOAL = "goal", _("Set a goal")


class PathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind of step"), max_length=10, choices=StepKind.choices)
    title = models.CharField(_("step"), max_length=200)
    instructions = models.TextField(_("what to do"), blank=True, max_length=2000)
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="path_steps"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.path.get_absolute_url()}#step-{self.pk}"


class PathEnrolment(models.Model):
    """A member following a path. ``completed_at`` is the record that they finished it,
    which the growth timeline and outcome measures read (``selectors.paths_completed``)."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_enrolments"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "user"], name="enrol_once")]
        indexes = [models.Index(fields=["user", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.path_id}"


class StepCompletion(models.Model):
    """A step a member has done, with their reflection (seen by them, their mentor and the
    community's facilitators) or the goal they set."""

    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions"
    )
    reflection = models.TextField(_("your reflection"), blank=True, max_length=4000)
    goal = models.ForeignKey(
        "goals.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="step_done_once")]

    def __str__(self) -> str:
        return f"{self.user_id} did {self.step_id}"


class HiddenRecommendation(models.Model):
    """A resource or path the member does not want recommended again ("Not for me")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_recommendations"
    )
    kind = models.CharField(max_length=10)  # "resource" or "path"
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "object_id"], name="hide_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} hid {self.kind} {self.object_id}"


@receiver(post_delete, sender=ResourceVersion)
def _delete_preview(sender: Any, instance: ResourceVersion, **kwargs: Any) -> None:
    """A version's preview picture goes with it, once the deletion is committed."""
    if instance.preview:
        storage, name = instance.preview.storage, instance.preview.name
        transaction.on_commit(lambda: storage.delete(name))
