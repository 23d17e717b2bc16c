"""Every write of the library: publishing and suggesting resources, editing them, new
file versions, reviews, marks ("useful", saved, done), comments and views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from salon.core import search
from salon.core.attachments import attach
from salon.core.audit import audit
from salon.core.permissions import can, require
from salon.resources.models import (
    Comment,
    Mark,
    MarkKind,
    Resource,
    ResourceKind,
    ResourceStatus,
    ResourceVersion,
    Tag,
)

MAX_TAGS = 12
NEEDS_URL = {ResourceKind.LINK, ResourceKind.VIDEO}


@dataclass
class ResourcePlan:
    """What a person fills in; the same for a new resource and an edit."""

    kind: str
    title: str
    summary: str = ""
    body: str = ""
    url: str = ""
    tags: Sequence[str] = ()
    competencies: Sequence[Any] = ()
    circle: Any = None
    event: Any = None
    path: Any = None
    published_on: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def _check(plan: ResourcePlan, *, community: Any, has_file: bool) -> None:
    if plan.kind not in ResourceKind.values:
        raise ValidationError(_("Choose what kind of resource this is."), code="kind")
    if not plan.title.strip():
        raise ValidationError(_("Give the resource a title."), code="title")
    if plan.kind in NEEDS_URL and not plan.url:
        raise ValidationError(_("A link or video needs its web address."), code="url")
    if plan.kind == ResourceKind.FILE and not has_file:
        raise ValidationError(_("Choose the file to share."), code="file")
    if plan.kind == ResourceKind.ARTICLE and not plan.body.strip():
        raise ValidationError(_("Write the article's text."), code="body")
    for thing, name in ((plan.circle, "circle"), (plan.event, "event"), (plan.path, "path")):
        if thing is not None and thing.community_id != community.pk:
            raise ValidationError(_("That %(name)s is in another community.") % {"name": name})
    for competency in plan.competencies:
        if competency.community_id != community.pk:
            raise ValidationError(_("That competency is in another community."))
    if len(plan.tags) > MAX_TAGS:
        raise ValidationError(_("Use at most %(n)s tags.") % {"n": MAX_TAGS}, code="tags")


def _circle_of(plan: ResourcePlan) -> Any:
    """A resource of a circle's event or path is the circle's: who may see the event or
    path may see it."""
    if plan.circle is not None:
        return plan.circle
    for owner in (plan.event, plan.path):
        if owner is not None and owner.circle_id is not None:
            return owner.circle
    return None


def _tags(community: Any, names: Sequence[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip()[:40] for n in names if n.strip()):
        slug = slugify(name)[:50]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(
            community=community, slug=slug, defaults={"name": name}
        )
        tags.append(tag)
    return tags


@transaction.atomic
def resource_create(
    *, actor: Any, community: Any, plan: ResourcePlan, upload: Any = None, note: str = ""
) -> Resource:
    """Publish (facilitators, directors, experts) or suggest (other participants)."""
    require(actor, "resource.create", community)
    _check(plan, community=community, has_file=upload is not None)
    publishes = can(actor, "resource.publish", community)
    circle = _circle_of(plan)
    if circle is not None:
        require(actor, "circle.view", circle, hide=True)
    resource = Resource.objects.create(
        community=community,
        circle=circle,
        event=plan.event,
        path=plan.path,
        kind=plan.kind,
        title=plan.title.strip(),
        summary=plan.summary.strip(),
        body=plan.body,
        url=plan.url,
        author=actor,
        curator=actor if publishes else None,
        status=ResourceStatus.PUBLISHED if publishes else ResourceStatus.SUGGESTED,
        published_on=(plan.published_on or timezone.localdate()) if publishes else None,
    )
    resource.tags.set(_tags(community, plan.tags))
    resource.competencies.set(plan.competencies)
    if upload is not None:
        _add_version(actor=actor, resource=resource, upload=upload, note=note)
    search.index(resource)  # again, now that its tags and competencies are set
    audit(
        "resources.resource.published" if publishes else "resources.resource.suggested",
        actor=actor,
        target=resource,
        kind=resource.kind,
    )
    if not publishes:
        from salon.resources import notifications

        transaction.on_commit(lambda: notifications.suggestion_made(resource))
    return resource


@transaction.atomic
def resource_update(*, actor: Any, resource: Resource, plan: ResourcePlan) -> Resource:
    require(actor, "resource.edit", resource)
    _check(plan, community=resource.community, has_file=resource.current_version_id is not None)
    circle = _circle_of(plan)
    if circle is not None and circle.pk != resource.circle_id:
        require(actor, "circle.view", circle, hide=True)
    changed = [
        name
        for name, value in (
            ("kind", plan.kind),
            ("title", plan.title.strip()),
            ("summary", plan.summary.strip()),
            ("body", plan.body),
            ("url", plan.url),
            ("circle", circle),
            ("event", plan.event),
            ("path", plan.path),
        )
        if getattr(resource, name) != value
    ]
    resource.kind, resource.title, resource.summary = plan.kind, plan.title.strip(), plan.summary
    resource.body, resource.url, resource.circle = plan.body, plan.url, circle
    resource.event, resource.path = plan.event, plan.path
    if plan.published_on and resource.is_published:
        resource.published_on = plan.published_on
    resource.save()
    resource.tags.set(_tags(resource.community, plan.tags))
    resource.competencies.set(plan.competencies)
    search.index(resource)
    audit("resources.resource.edited", actor=actor, target=resource, fields=changed)
    return resource


def _add_version(*, actor: Any, resource: Resource, upload: Any, note: str) -> ResourceVersion:
    attachment = attach(actor=actor, owner=resource, upload=upload)
    # Numbered under the resource row's lock, so two uploads at once get 2 and 3.
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    number = (resource.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ResourceVersion.objects.create(
        resource=resource,
        number=number,
        attachment=attachment,
        note=note.strip()[:300],
        uploaded_by=actor,
    )
    resource.current_version = version
    resource.save(update_fields=["current_version", "updated_at"])
    from salon.resources.tasks import extract_version_text, make_version_preview

    transaction.on_commit(lambda: extract_version_text.enqueue(version_id=version.pk))
    transaction.on_commit(lambda: make_version_preview.enqueue(version_id=version.pk))
    return version


@transaction.atomic
def resource_add_version(
    *, actor: Any, resource: Resource, upload: Any, note: str
) -> ResourceVersion:
    """Replace the file; the earlier versions stay, and ``note`` says what changed."""
    require(actor, "resource.edit", resource)
    if resource.current_version_id is not None and not note.strip():
        raise ValidationError(_("Say in a few words what changed."), code="note")
    version = _add_version(actor=actor, resource=resource, upload=upload, note=note)
    audit(
        "resources.version.added",
        actor=actor,
        target=resource,
        number=version.number,
        note=version.note,
    )
    return version


@transaction.atomic
def resource_review(*, actor: Any, resource: Resource, approve: bool) -> Resource:
    """A facilitator takes a member's suggestion into the library, or declines it."""
    require(actor, "resource.review", resource)
    if resource.status != ResourceStatus.SUGGESTED:
        raise ValidationError(_("This resource is not waiting for review."), code="status")
    resource.status = ResourceStatus.PUBLISHED if approve else ResourceStatus.DECLINED
    resource.curator = actor
    if approve:
        resource.published_on = timezone.localdate()
    resource.save(update_fields=["status", "curator", "published_on", "updated_at"])
    audit(
        "resources.resource.approved" if approve else "resources.resource.declined",
        actor=actor,
        target=resource,
    )
    from salon.resources import notifications

    transaction.on_commit(lambda: notifications.suggestion_reviewed(resource, actor))
    return resource


@transaction.atomic
def resource_mark(*, actor: Any, resource: Resource, kind: str, on: bool) -> bool:
    """Set or clear one of the member's marks; returns whether it is now set. Setting it
    twice (two tabs, a double click) leaves one mark."""
    require(actor, "resource.mark", resource)
    if kind not in MarkKind.values:
        raise ValidationError(_("Unknown mark."), code="kind")
    if on:
        try:
            with transaction.atomic():
                Mark.objects.get_or_create(resource=resource, user=actor, kind=kind)
        except IntegrityError:
            pass  # the other request made it
    else:
        Mark.objects.filter(resource=resource, user=actor, kind=kind).delete()
    return on


@transaction.atomic
def resource_comment(*, actor: Any, resource: Resource, body: str) -> Comment:
    require(actor, "resource.comment", resource)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first."), code="body")
    if len(body) > 4000:
        raise ValidationError(_("A comment has at most 4,000 characters."), code="body")
    comment = Comment.objects.create(resource=resource, author=actor, body=body)
    audit("resources.comment.added", actor=actor, target=resource, comment=comment.pk)
    return comment


def resource_viewed(*, actor: Any, resource: Resource) -> None:
    """Count a view for the curator: one UPDATE, safe under concurrency."""
    require(actor, "resource.view", resource, hide=True)
    Resource.objects.filter(pk=resource.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def recommendation_hide(*, actor: Any, item: Any) -> None:
    """ "Not for me": the resource or path is not recommended to the member again."""
    from salon.resources.models import HiddenRecommendation, LearningPath

    kind = "path" if isinstance(item, LearningPath) else "resource"
    require(actor, f"{kind}.view", item, hide=True)
    HiddenRecommendation.objects.get_or_create(user=actor, kind=kind, object_id=item.pk)
