"""Writes to topics: starting one with its opening post, editing its title, tags and
opening post, accepting an answer, and moderation (pin, lock, close, archive)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.discussions import tasks
from salon.discussions.models import (
    Category,
    Level,
    Post,
    Subscription,
    Tag,
    Topic,
    TopicKind,
    TopicRead,
)
from salon.discussions.services.posts import (
    attach_files,
    check_files,
    clean_body,
    post_edit,
    write_post,
)

MAX_TAGS = 5


MAX_TAG = 40  # characters, as ``Tag.name`` holds


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give the topic a title."), code="title")
    if len(title) > 200:
        raise ValidationError(_("A title has at most 200 characters."), code="title")
    return title


def clean_tags(names: Iterable[str]) -> list[str]:
    """Tags as slugs ("AI Ethics" → ``ai-ethics``), each once, at most five of at most 40
    characters. ``code="tags"`` tells a form where to show a refusal."""
    tags: dict[str, None] = {}
    for name in names:
        tag = slugify(str(name), allow_unicode=True)
        if len(tag) > MAX_TAG:
            raise ValidationError(
                _("“%(tag)s…” is too long: a tag has at most 40 characters.")
                % {"tag": tag[:MAX_TAG]},
                code="tags",
            )
        if tag:
            tags.setdefault(tag, None)
    if len(tags) > MAX_TAGS:
        raise ValidationError(_("Use at most five tags."), code="tags")
    return list(tags)


def tags_altered(names: Iterable[str]) -> list[tuple[str, str]]:
    """The tags as typed that lost characters to ``clean_tags`` ("a&b" → ``ab``; "!!" →
    nothing, ""), each with what it became, so the person is told rather than surprised.
    Lower case and hyphens for spaces are the tag's usual shape, not a change."""
    altered = []
    for name in names:
        typed = " ".join(str(name).split())
        if not typed:
            continue
        tag = slugify(typed, allow_unicode=True)
        usual = re.sub(r"[-\s]+", "-", unicodedata.normalize("NFKC", typed).lower()).strip("-_")
        if tag != usual:
            altered.append((typed, tag))
    return altered


def _set_tags(topic: Topic, names: Sequence[str]) -> None:
    """The topic's tags, and their names copied onto it (``tag_names``, sorted), which is
    what lists and the topic page show without a query."""
    wanted = sorted(names)
    if topic.tag_names != wanted:
        topic.tag_names = wanted
        topic.save(update_fields=["tag_names"])
    if not names:
        topic.tags.clear()
        return
    Tag.objects.bulk_create(
        [Tag(community_id=topic.community_id, name=name) for name in names],
        ignore_conflicts=True,
    )
    topic.tags.set(Tag.objects.filter(community_id=topic.community_id, name__in=names))


@transaction.atomic
def topic_create(
    *,
    actor: Any,
    category: Category,
    title: str,
    body: str,
    kind: str = TopicKind.DISCUSSION,
    tags: Sequence[str] = (),
    files: Sequence[Any] = (),
) -> Topic:
    """Start a topic with its opening post (and its files); the author watches it."""
    require(actor, "topic.create", category)
    if kind not in TopicKind.values:
        raise ValidationError(_("Choose a discussion, a question or an announcement."))
    if kind == TopicKind.ANNOUNCEMENT:
        require(actor, "topic.announce", category)
    title, body, names = _clean_title(title), clean_body(body), clean_tags(tags)
    check_files(files)
    topic = Topic.objects.create(
        category=category,
        community_id=category.community_id,
        circle_id=category.circle_id,
        kind=kind,
        title=title,
        author=actor,
        post_count=1,
        last_activity_at=timezone.now(),
        tag_names=sorted(names),
    )
    topic.category = category
    _set_tags(topic, names)
    # Saving the opening post indexes the topic for search, tags included.
    post = write_post(topic=topic, number=1, author=actor, body=body)
    attach_files(actor=actor, post=post, files=files)
    Subscription.objects.create(user=actor, topic=topic, level=Level.WATCH)
    TopicRead.objects.create(user=actor, topic=topic, last_read_number=1)
    audit("discussions.topic.created", actor=actor, target=topic, kind=kind)
    mentioned = post.mentioned_ids  # type: ignore[attr-defined]
    transaction.on_commit(
        lambda: tasks.tell_topic_created.enqueue(topic_id=topic.pk, mentioned_ids=mentioned),
        robust=True,
    )
    return topic


@transaction.atomic
def topic_edit(
    *,
    actor: Any,
    topic: Topic,
    title: str | None = None,
    tags: Sequence[str] | None = None,
) -> Topic:
    """Change a topic's title and/or tags (``None`` leaves one as it is): its author while
    the topic is open to them, stewards always. Cleaned as when the topic was started; the
    earlier title and tags are kept in the audit log (``discussions.topic.edited``, each
    change before and after). Saving the topic re-indexes it, and its replies when the
    title changed (they carry it)."""
    require(actor, "topic.edit", topic)
    new_title = topic.title if title is None else _clean_title(title)
    names = list(topic.tag_names) if tags is None else clean_tags(tags)
    changes: dict[str, Any] = {}
    if new_title != topic.title:
        changes["title"] = [topic.title, new_title]
        topic.title = new_title
    if sorted(names) != list(topic.tag_names):
        changes["tags"] = [list(topic.tag_names), sorted(names)]
        topic.tag_names = sorted(names)
    if not changes:
        return topic
    topic.save(update_fields=["title" if f == "title" else "tag_names" for f in changes])
    if "tags" in changes:
        _set_tags(topic, names)
    audit(
        "discussions.topic.edited",
        actor=actor,
        target=topic,
        by_author=actor.pk == topic.author_id,
        **changes,
    )
    return topic


@transaction.atomic
def opening_post_edit(
    *,
    actor: Any,
    post: Post,
    body: str,
    title: str | None = None,
    tags: Sequence[str] | None = None,
) -> Post:
    """The opening post's text with its topic's title and tags, all or nothing: every
    field is checked before anything is written, and a refusal names its field
    (``ValidationError`` by field: ``title``, ``tags``, ``body``)."""
    if post.number != 1:
        raise ValueError("Only the opening post carries its topic's title and tags.")
    require(actor, "post.edit", post)
    if title is not None or tags is not None:
        require(actor, "topic.edit", post.topic)
    checks: list[tuple[str, Any, Callable[[Any], Any]]] = [
        ("title", title, _clean_title),
        ("tags", tags, clean_tags),
        ("body", body, clean_body),
    ]
    errors: dict[str, Any] = {}
    for field, value, clean in checks:
        if value is not None:
            try:
                clean(value)
            except ValidationError as exc:
                errors[field] = exc.error_list
    if errors:
        raise ValidationError(errors)
    if title is not None or tags is not None:
        topic_edit(actor=actor, topic=post.topic, title=title, tags=tags)
    return post_edit(actor=actor, post=post, body=body)


@transaction.atomic
def answer_accept(*, actor: Any, topic: Topic, post: Post | None) -> Topic:
    """Mark ``post`` as the answer to a question (``None`` takes the mark away)."""
    require(actor, "answer.accept", topic)
    if post is not None and (post.topic_id != topic.pk or post.number == 1 or post.is_removed):
        raise ValidationError(_("Choose a reply in this topic as the answer."))
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    event = audit(
        "discussions.answer.accepted" if post else "discussions.answer.unaccepted",
        actor=actor,
        target=topic,
        post=post.pk if post else None,
    )
    if post is not None and post.author_id is not None:
        transaction.on_commit(
            lambda: tasks.tell_answer_accepted.enqueue(
                post_id=post.pk, actor_id=actor.pk, event_id=event.pk
            ),
            robust=True,
        )
    return topic


# Each moderation action: the field it sets, the value, and what the audit key says.
MODERATION = {
    "pin": ("pinned", True, "pinned"),
    "unpin": ("pinned", False, "unpinned"),
    "lock": ("locked", True, "locked"),
    "unlock": ("locked", False, "unlocked"),
    "close": ("closed", True, "closed"),
    "reopen": ("closed", False, "reopened"),
    "archive": ("archived", True, "archived"),
    "unarchive": ("archived", False, "unarchived"),
}


@transaction.atomic
def topic_moderate(*, actor: Any, topic: Topic, action: str) -> Topic:
    """Pin, lock, close or archive a topic (and undo each); audited."""
    require(actor, "topic.moderate", topic)
    if action not in MODERATION:
        raise ValidationError(_("Unknown moderation action."))
    field, value, done = MODERATION[action]
    if getattr(topic, field) != value:
        setattr(topic, field, value)
        topic.save(update_fields=[field])
        audit(f"discussions.topic.{done}", actor=actor, target=topic)
    return topic
