"""Moderation of forums: members flag posts, stewards work through the queue (dismiss,
hide, restore, lock, warn, move), and everything goes to the community's audit log.

Policy decisions (see docs/discussions.md, "Moderation"):

- A post's open flags are resolved together: the queue shows posts, not single flags.
- ``AUTO_HIDE_AFTER`` distinct people flagging a reply hides it until a steward looks
  (the opening post carries the topic and is never hidden: stewards lock or archive).
- A topic moves to any category of its own community. When the move would show it to
  people who cannot see it now (out of a circle, or into another one), the steward must
  confirm, and the page says how many people that is. A topic that was under the Chatham
  House rule through its category keeps the rule wherever it goes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from salon.accounts.models import User
from salon.communities.roles import remember_memberships
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.models import AuditEvent
from salon.core.permissions import can, require
from salon.discussions import tasks
from salon.discussions.models import (
    Category,
    Flag,
    FlagReason,
    Post,
    Resolution,
    Topic,
)
from salon.discussions.selectors import for_everyone
from salon.discussions.services.posts import post_hide
from salon.discussions.services.topics import topic_moderate

AUTO_HIDE_AFTER = 3
MAX_NOTE = 500
MAX_WARNING = 2000


# Flags -----------------------------------------------------------------------------------


@transaction.atomic
def flag_post(*, actor: Any, post: Post, reason: str, note: str = "") -> Flag:
    """``actor`` flags ``post`` for the stewards; one open flag per person and post.
    Enough distinct flags hide a reply until a steward looks."""
    require(actor, "post.flag", post)
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose a reason."))
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise ValidationError(_("A note has at most 500 characters."))
    # Lock the post's row: flags of the same post are counted one after the other.
    locked = Post.objects.select_for_update().filter(pk=post.pk).values("hidden_at").get()
    if Flag.objects.filter(post=post, flagged_by=actor, resolved_at__isnull=True).exists():
        raise Conflict(_("You have already flagged this post; a facilitator will look."))
    topic = post.topic
    flag = Flag.objects.create(
        post=post, community_id=topic.community_id, flagged_by=actor, reason=reason, note=note
    )
    audit(
        "discussions.flag.created",
        actor=actor,
        target=post,
        community=topic.community,
        flag=flag.pk,
        reason=reason,
        topic=topic.pk,
        number=post.number,
    )
    open_flags = list(
        Flag.objects.filter(post=post, resolved_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    hidden = False
    if (
        AUTO_HIDE_AFTER
        and len(open_flags) >= AUTO_HIDE_AFTER
        and post.number > 1
        and locked["hidden_at"] is None
        and post.deleted_at is None
    ):
        _hide(post, actor=None, automatic=True, flags=len(open_flags))
        hidden = True
    round_id, count = open_flags[0], len(open_flags)
    if count == 1 or hidden:
        transaction.on_commit(
            lambda: tasks.tell_post_flagged.enqueue(
                post_id=post.pk, flagger_id=actor.pk, round_id=round_id, count=count, hidden=hidden
            ),
            robust=True,
        )
    return flag


def _hide(post: Post, *, actor: Any, **details: Any) -> None:
    """Hide ``post`` without asking the policy (the automatic hide has no actor)."""
    post.hidden_at = timezone.now()
    post.save(update_fields=["hidden_at"])
    topic = post.topic
    if topic.accepted_answer_id == post.pk:
        topic.accepted_answer = None
        topic.save(update_fields=["accepted_answer"])
    audit(
        "discussions.post.hidden",
        actor=actor,
        target=post,
        community=topic.community,
        topic=topic.pk,
        number=post.number,
        **details,
    )


@transaction.atomic
def flags_resolve(*, actor: Any, post: Post, resolution: str, message: str = "") -> int:
    """A steward handles a flagged post: does what ``resolution`` says (hide or restore the
    post, lock its topic, warn its author; ``edited`` and ``moved`` record what they did on
    those pages; ``dismissed`` does nothing) and closes its open flags. Returns how many
    flags were closed."""
    topic = post.topic
    require(actor, "topic.moderate", topic)
    if resolution not in Resolution.values:
        raise ValidationError(_("Choose what to do with the post."))
    if resolution in (Resolution.HIDDEN, Resolution.RESTORED):
        if not can(actor, "post.hide", post):
            raise ValidationError(
                _("The opening post cannot be hidden: lock or archive the topic instead.")
                if post.number == 1
                else _("This post cannot be hidden or shown again any more.")
            )
        post_hide(actor=actor, post=post, hidden=resolution == Resolution.HIDDEN)
    elif resolution == Resolution.LOCKED:
        topic_moderate(actor=actor, topic=topic, action="lock")
    elif resolution == Resolution.WARNED:
        warn_member(actor=actor, post=post, message=message)
    closed = Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution=resolution
    )
    if closed:
        audit(
            "discussions.flags.resolved",
            actor=actor,
            target=post,
            community=topic.community,
            resolution=resolution,
            flags=closed,
            topic=topic.pk,
            number=post.number,
        )
    return closed


@transaction.atomic
def warn_member(*, actor: Any, post: Post, message: str) -> AuditEvent:
    """A steward writes privately to the author of ``post``; the message is kept in the
    audit log and reaches the author as a notification (email at once by default)."""
    require(actor, "post.warn", post)
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Write what you want to tell the author."))
    if len(message) > MAX_WARNING:
        raise ValidationError(_("A warning has at most 2,000 characters."))
    topic = post.topic
    event = audit(
        "discussions.member.warned",
        actor=actor,
        target=post,
        community=topic.community,
        member=post.author_id,
        topic=topic.pk,
        number=post.number,
        message=message,
    )
    transaction.on_commit(
        lambda: tasks.tell_member_warned.enqueue(
            post_id=post.pk, actor_id=actor.pk, event_id=event.pk, message=message
        ),
        robust=True,
    )
    return event


# Moving topics ---------------------------------------------------------------------------


class AudienceWidens(ValidationError):
    """The move would show the topic to ``newcomers`` people who cannot see it now."""

    def __init__(self, newcomers: int) -> None:
        self.newcomers = newcomers
        super().__init__(
            ngettext(
                "Moving it there shows this topic to %(n)d person who cannot see it now.",
                "Moving it there shows this topic to %(n)d people who cannot see it now.",
                newcomers,
            )
            % {"n": newcomers}
        )


def _audience(topic: Topic, people: list[User]) -> set[int]:
    for_everyone(topic)
    return {person.pk for person in people if can(person, "topic.view", topic)}


def move_newcomers(*, topic: Topic, category: Category) -> set[int]:
    """Who could see ``topic`` in ``category`` but cannot see it now: the policy is asked
    about every member of the community, in a handful of queries however many."""
    if category.circle_id == topic.circle_id:
        return set()
    people = list(
        User.objects.filter(memberships__community_id=topic.community_id, is_active=True).only(
            "id", "is_active"
        )
    )
    remember_memberships(people)
    # Unsaved stand-ins: the policy reads only the community and circle of a topic.
    there = Topic(community=topic.community, circle=category.circle, category=category)
    here = Topic(community=topic.community, circle=topic.circle, category=topic.category)
    return _audience(there, people) - _audience(here, people)


@transaction.atomic
def topic_move(*, actor: Any, topic: Topic, category: Category, widen: bool = False) -> Topic:
    """Move ``topic`` to ``category`` (same community). Refused with ``AudienceWidens``
    unless ``widen`` when more people would see it there."""
    require(actor, "topic.move", topic)
    if category.community_id != topic.community_id:
        raise ValidationError(_("A topic moves only within its community."))
    require(actor, "category.view", category)
    if category.pk == topic.category_id:
        raise ValidationError(_("The topic is already in that category."))
    newcomers = move_newcomers(topic=topic, category=category)
    if newcomers and not widen:
        raise AudienceWidens(len(newcomers))
    before = topic.category
    fields = ["category", "circle"]
    if topic.chatham_house is None and before.chatham_house and not category.chatham_house:
        # What was said under the rule stays under it.
        topic.chatham_house = True
        fields.append("chatham_house")
    topic.category, topic.circle = category, category.circle
    topic.save(update_fields=fields)
    audit(
        "discussions.topic.moved",
        actor=actor,
        target=topic,
        community=topic.community,
        from_category=before.slug,
        to_category=category.slug,
        from_circle=before.circle_id,
        to_circle=category.circle_id,
        newly_visible_to=len(newcomers),
    )
    return topic


# The queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int


def flagged_posts(*, user: Any, community: Any) -> QuerySet[Post]:
    """Posts of ``community`` with open flags, most flagged first (then the longest
    waiting), for a steward: each with its topic (category, circle), author, the number of
    open flags and, prefetched, the open flags with who raised them. Two queries for a
    page, however many flags."""
    if not can(user, "forum.moderate", community):
        return Post.objects.none()
    open_flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .select_related("flagged_by")
        .order_by("created_at", "pk")
    )
    return (
        Post.objects.filter(flags__community=community, flags__resolved_at__isnull=True)
        .annotate(flag_count=Count("flags"), first_flagged_at=Min("flags__created_at"))
        .select_related("author", "topic__category", "topic__circle")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-flag_count", "first_flagged_at", "pk")
    )


def prepare_queue(posts: list[Post], community: Any) -> list[Post]:
    """What a queue row shows besides the post: its flags counted by reason."""
    for post in posts:
        post.topic.community = community
        if post.topic.circle is not None:
            post.topic.circle.community = community
        counts = Counter(flag.reason for flag in post.open_flags)  # type: ignore[attr-defined]
        post.reason_counts = [  # type: ignore[attr-defined]
            ReasonCount(reason, str(FlagReason(reason).label), n)
            for reason, n in counts.most_common()
        ]
    return posts
