"""Every write to forums: categories, topics, replies, edits with history, soft deletes,
reactions, accepted answers, read positions, subscriptions and moderation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.accounts.blocking import blockers_among
from salon.accounts.models import User
from salon.communities.roles import remember_memberships
from salon.core.attachments import attach
from salon.core.audit import audit
from salon.core.markdown import render_markdown
from salon.core.permissions import can, require
from salon.core.uploads import accept_upload, safe_filename
from salon.discussions import live, mentions, tasks
from salon.discussions.models import (
    Emoji,
    Level,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Topic,
)
from salon.discussions.selectors import for_everyone, mention_people
from salon.discussions.services.reading import topic_mark_read

MAX_BODY = 20_000
MAX_FILES = 5


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first."), code="body")
    if len(body) > MAX_BODY:
        raise ValidationError(_("A post has at most 20,000 characters."), code="body")
    return body


# Rendering and mentions ----------------------------------------------------------------


def mentionable(
    *, topic: Topic, handles: Sequence[str], author_id: int | None = None
) -> dict[str, User]:
    """The people ``handles`` name who may see the topic (handle → person).

    An author who may not see the community's directory (a guest) names only people who
    wrote in the topic, and nobody under the Chatham House rule: otherwise guessing handles
    in posts would list the members, as the @-autocomplete refuses to."""
    if not handles:
        return {}
    table = mentions.handles(mention_people(community_id=topic.community_id))
    wanted = {handle: table[handle] for handle in handles if handle in table}
    author = User.objects.filter(pk=author_id).first() if author_id is not None else None
    if author is not None and not can(author, "community.view_members", topic.community):
        writers: set[int] = set()
        if not topic.is_chatham_house:
            writers = set(
                topic.posts.filter(deleted_at__isnull=True, hidden_at__isnull=True)
                .exclude(author__isnull=True)
                .values_list("author_id", flat=True)
            )
        wanted = {handle: user_id for handle, user_id in wanted.items() if user_id in writers}
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
    named = mentionable(topic=topic, handles=mentions.find_mentions(body), author_id=author_id)
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


def write_post(*, topic: Topic, number: int, author: Any, body: str) -> Post:
    html, mentioned = render_post(topic=topic, body=body, author_id=getattr(author, "pk", None))
    post = Post.objects.create(topic=topic, number=number, author=author, body=body, body_html=html)
    if mentioned:
        post.mentions.set(mentioned)
    post.mentioned_ids = [u.pk for u in mentioned]  # type: ignore[attr-defined]
    return post


def check_files(files: Sequence[Any]) -> None:
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


def attach_files(*, actor: Any, post: Post, files: Sequence[Any]) -> None:
    for upload in files:
        attach(actor=actor, owner=post, upload=upload)


@transaction.atomic
def post_files_add(*, actor: Any, post: Post, files: Sequence[Any]) -> Post:
    """Attach files to an existing post (its author or a steward): all of them or none."""
    require(actor, "post.edit", post)
    if not files:
        raise ValidationError(_("Choose a file to attach."), code="files")
    check_files(files)
    attach_files(actor=actor, post=post, files=files)
    live.post_changed(post)
    return post


# Topics and posts ------------------------------------------------------------------------


@transaction.atomic
def post_reply(*, actor: Any, topic: Topic, body: str, files: Sequence[Any] = ()) -> Post:
    """Reply at the end of the topic (with files). The number comes from an F() increment
    of the topic's count, so concurrent replies get consecutive numbers and none is lost."""
    require(actor, "topic.reply", topic)
    body = clean_body(body)
    check_files(files)
    now = timezone.now()
    # The UPDATE locks the topic's row until commit: the count read next is ours.
    Topic.objects.filter(pk=topic.pk).update(post_count=F("post_count") + 1, last_activity_at=now)
    number = Topic.objects.filter(pk=topic.pk).values_list("post_count", flat=True).get()
    post = write_post(topic=topic, number=number, author=actor, body=body)
    attach_files(actor=actor, post=post, files=files)
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
        lambda: tasks.tell_reply_created.enqueue(post_id=post.pk, mentioned_ids=mentioned),
        robust=True,
    )
    live.post_created(post)
    return post


@transaction.atomic
def post_edit(*, actor: Any, post: Post, body: str) -> Post:
    """Change a post's text; the earlier text is kept as a revision. People newly
    mentioned are told."""
    require(actor, "post.edit", post)
    body = clean_body(body)
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
        transaction.on_commit(
            lambda: tasks.tell_mentioned.enqueue(post_id=post.pk, user_ids=new), robust=True
        )
    return post


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


# Reading and subscriptions ---------------------------------------------------------------
