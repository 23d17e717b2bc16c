"""Every write to forums: categories, topics, replies, edits with history, soft deletes,
reactions, accepted answers, read positions, subscriptions and moderation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from salon.accounts.blocking import blockers_among
from salon.accounts.models import User
from salon.communities.roles import remember_memberships
from salon.core.attachments import attach
from salon.core.audit import audit
from salon.core.markdown import render_markdown
from salon.core.permissions import can, require
from salon.core.uploads import accept_upload, safe_filename
from salon.discussions import live, mentions
from salon.discussions import notifications as notices
from salon.discussions.categories import category_create as category_create
from salon.discussions.models import (
    Category,
    Emoji,
    Level,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Tag,
    Topic,
    TopicKind,
    TopicRead,
)
from salon.discussions.selectors import for_everyone, mention_people

MAX_BODY = 20_000
MAX_TAGS = 5
MAX_FILES = 5
MAX_TAG = 40  # characters, as ``Tag.name`` holds


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first."), code="body")
    if len(body) > MAX_BODY:
        raise ValidationError(_("A post has at most 20,000 characters."), code="body")
    return body


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


# Rendering and mentions ----------------------------------------------------------------


def mentionable(*, topic: Topic, handles: Sequence[str]) -> dict[str, User]:
    """The people ``handles`` name who may see the topic (handle → person)."""
    if not handles:
        return {}
    table = mentions.handles(mention_people(community_id=topic.community_id))
    wanted = {handle: table[handle] for handle in handles if handle in table}
    users = {u.pk: u for u in User.objects.filter(pk__in=set(wanted.values()))}
    remember_memberships(list(users.values()))
    for_everyone(topic)
    return {
        handle: users[user_id]
        for handle, user_id in wanted.items()
        if user_id in users and can(users[user_id], "topic.view", topic)
    }


def render_post(*, topic: Topic, body: str, author_id: int | None) -> tuple[str, list[User]]:
    """The post's HTML (sanitised, mentions linked) and the people it mentions; someone
    who blocked the author is neither linked nor mentioned (nor told)."""
    named = mentionable(topic=topic, handles=mentions.find_mentions(body))
    blockers = blockers_among(author_id, [u.pk for u in named.values()])
    named = {handle: u for handle, u in named.items() if u.pk not in blockers}
    urls = {handle: reverse("accounts:profile", args=[u.pk]) for handle, u in named.items()}
    html = mentions.link_mentions(str(render_markdown(body)), urls)
    return html, list({u.pk: u for u in named.values()}.values())


def quote_for(post: Post, *, attribute: bool) -> str:
    """A Markdown blockquote of ``post`` to start a reply with."""
    if post.is_removed:
        return ""
    lines = [f"> {line}" if line else ">" for line in post.body.splitlines()]
    if attribute and post.author is not None:
        lines.insert(0, f"> **{post.author.display_name}** wrote:\n>")
    return "\n".join(lines) + "\n\n"


def _write_post(*, topic: Topic, number: int, author: Any, body: str) -> Post:
    html, mentioned = render_post(topic=topic, body=body, author_id=getattr(author, "pk", None))
    post = Post.objects.create(topic=topic, number=number, author=author, body=body, body_html=html)
    if mentioned:
        post.mentions.set(mentioned)
    post.mentioned_ids = [u.pk for u in mentioned]  # type: ignore[attr-defined]
    return post


def _check_files(files: Sequence[Any]) -> None:
    """Refuse a bad file, by name, before anything is written: a post with a refused file
    is not made at all (``code="files"`` tells the form where to show it)."""
    if len(files) > MAX_FILES:
        raise ValidationError(_("Attach at most five files to a post."), code="files")
    for upload in files:
        try:
            accept_upload(upload)
        except ValidationError as exc:
            name = safe_filename(getattr(upload, "name", "") or "file")
            raise ValidationError(
                _("“%(name)s”: %(reason)s") % {"name": name, "reason": " ".join(exc.messages)},
                code="files",
            ) from exc


def _attach_files(*, actor: Any, post: Post, files: Sequence[Any]) -> None:
    for upload in files:
        attach(actor=actor, owner=post, upload=upload)


@transaction.atomic
def post_files_add(*, actor: Any, post: Post, files: Sequence[Any]) -> Post:
    """Attach files to an existing post (its author or a steward): all of them or none."""
    require(actor, "post.edit", post)
    if not files:
        raise ValidationError(_("Choose a file to attach."), code="files")
    _check_files(files)
    _attach_files(actor=actor, post=post, files=files)
    live.post_changed(post)
    return post


# Topics and posts ------------------------------------------------------------------------


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
    title, body, names = _clean_title(title), _clean_body(body), clean_tags(tags)
    _check_files(files)
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
    post = _write_post(topic=topic, number=1, author=actor, body=body)
    _attach_files(actor=actor, post=post, files=files)
    Subscription.objects.create(user=actor, topic=topic, level=Level.WATCH)
    TopicRead.objects.create(user=actor, topic=topic, last_read_number=1)
    audit("discussions.topic.created", actor=actor, target=topic, kind=kind)
    mentioned = post.mentioned_ids  # type: ignore[attr-defined]
    transaction.on_commit(
        lambda: notices.topic_created(topic_id=topic.pk, mentioned_ids=mentioned), robust=True
    )
    return topic


@transaction.atomic
def post_reply(*, actor: Any, topic: Topic, body: str, files: Sequence[Any] = ()) -> Post:
    """Reply at the end of the topic (with files). The number comes from an F() increment
    of the topic's count, so concurrent replies get consecutive numbers and none is lost."""
    require(actor, "topic.reply", topic)
    body = _clean_body(body)
    _check_files(files)
    now = timezone.now()
    # The UPDATE locks the topic's row until commit: the count read next is ours.
    Topic.objects.filter(pk=topic.pk).update(post_count=F("post_count") + 1, last_activity_at=now)
    number = Topic.objects.filter(pk=topic.pk).values_list("post_count", flat=True).get()
    post = _write_post(topic=topic, number=number, author=actor, body=body)
    _attach_files(actor=actor, post=post, files=files)
    topic.post_count, topic.last_activity_at = number, now
    if not Subscription.objects.filter(user=actor, topic=topic).exists():
        # Whoever joins a conversation hears how it goes on (unless they said otherwise).
        Subscription.objects.create(user=actor, topic=topic, level=Level.WATCH)
    topic_mark_read(user=actor, topic=topic, number=number)
    audit(
        "discussions.post.created",
        actor=actor,
        target=post,
        community=topic.community,
        topic=topic.pk,
        number=number,
    )
    mentioned = post.mentioned_ids  # type: ignore[attr-defined]
    transaction.on_commit(
        lambda: notices.reply_created(post_id=post.pk, mentioned_ids=mentioned), robust=True
    )
    live.post_created(post)
    return post


@transaction.atomic
def post_edit(*, actor: Any, post: Post, body: str) -> Post:
    """Change a post's text; the earlier text is kept as a revision. People newly
    mentioned are told."""
    require(actor, "post.edit", post)
    body = _clean_body(body)
    if body == post.body:
        return post
    topic = post.topic
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor)
    before = set(post.mentions.values_list("pk", flat=True))
    html, mentioned = render_post(topic=topic, body=body, author_id=post.author_id)
    post.body, post.body_html, post.edited_at = body, html, timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    post.mentions.set(mentioned)
    audit(
        "discussions.post.edited",
        actor=actor,
        target=post,
        community=topic.community,
        topic=topic.pk,
        number=post.number,
        by_author=actor.pk == post.author_id,
    )
    new = [u.pk for u in mentioned if u.pk not in before]
    if new:
        transaction.on_commit(lambda: notices.mentioned(post_id=post.pk, user_ids=new), robust=True)
    return post


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
        ("body", body, _clean_body),
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
def post_delete(*, actor: Any, post: Post) -> Post:
    """Soft delete: the thread shows "deleted post" in its place; the text is kept (and
    its history) but shown to nobody and no longer found by search."""
    require(actor, "post.delete", post)
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    topic = post.topic
    if topic.accepted_answer_id == post.pk:
        topic.accepted_answer = None
        topic.save(update_fields=["accepted_answer"])
    audit(
        "discussions.post.deleted",
        actor=actor,
        target=post,
        community=topic.community,
        topic=topic.pk,
        number=post.number,
        by_author=actor.pk == post.author_id,
    )
    return post


@transaction.atomic
def post_hide(*, actor: Any, post: Post, hidden: bool = True) -> Post:
    """A steward hides a post from the thread (or shows it again); audited."""
    require(actor, "post.hide", post)
    if (post.hidden_at is not None) != hidden:
        post.hidden_at = timezone.now() if hidden else None
        post.save(update_fields=["hidden_at"])
        topic = post.topic
        if hidden and topic.accepted_answer_id == post.pk:
            topic.accepted_answer = None
            topic.save(update_fields=["accepted_answer"])
        audit(
            "discussions.post.hidden" if hidden else "discussions.post.restored",
            actor=actor,
            target=post,
            community=topic.community,
            topic=topic.pk,
            number=post.number,
        )
    return post


@transaction.atomic
def reaction_toggle(*, actor: Any, post: Post, emoji: str) -> bool:
    """Add the reaction, or take it back if it was there; True when it is now there."""
    require(actor, "post.react", post)
    if emoji not in Emoji.values:
        raise ValidationError(_("Choose one of the reactions offered."))
    removed, _by_model = Reaction.objects.filter(post=post, user=actor, emoji=emoji).delete()
    if removed:
        return False
    # A double click races with itself: the unique constraint keeps one.
    Reaction.objects.bulk_create(
        [Reaction(post=post, user=actor, emoji=emoji)], ignore_conflicts=True
    )
    return True


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
            lambda: notices.answer_accepted(post_id=post.pk, actor_id=actor.pk, event_id=event.pk),
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


# Reading and subscriptions ---------------------------------------------------------------

_UNKNOWN = object()


def topic_mark_read(*, user: Any, topic: Topic, number: int) -> None:
    """Remember that ``user`` has read up to post ``number`` (never moves backwards).

    With the viewer's ``last_read`` annotated (the topic page has it), a page with nothing
    new writes nothing, and otherwise one statement (two the first time).
    """
    number = min(number, topic.post_count)
    known = getattr(topic, "last_read", _UNKNOWN)
    if isinstance(known, int) and known >= number:
        return
    now = timezone.now()
    updated = TopicRead.objects.filter(
        user_id=user.pk, topic_id=topic.pk, last_read_number__lt=number
    ).update(last_read_number=number, updated_at=now)
    if not updated and not isinstance(known, int):
        TopicRead.objects.bulk_create(
            [
                TopicRead(
                    user_id=user.pk, topic_id=topic.pk, last_read_number=number, updated_at=now
                )
            ],
            ignore_conflicts=True,
        )
    topic.last_read = number  # type: ignore[attr-defined]


@transaction.atomic
def subscription_set(
    *, user: Any, level: str, topic: Topic | None = None, category: Category | None = None
) -> Subscription:
    """Watch, track or mute a topic or a whole category."""
    if level not in Level.values:
        raise ValidationError(_("Choose watching, tracking or muted."))
    if topic is not None:
        require(user, "topic.subscribe", topic)
        subscription, _created = Subscription.objects.update_or_create(
            user=user, topic=topic, defaults={"level": level}
        )
    elif category is not None:
        require(user, "category.view", category)
        subscription, _created = Subscription.objects.update_or_create(
            user=user, category=category, defaults={"level": level}
        )
    else:
        raise ValidationError(_("Say which topic or category."))
    return subscription
