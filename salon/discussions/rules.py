"""Forum rules of the permission policy: topics follow their community or circle.

Guests read and reply (and react) where they may see, but do not start topics; only
directors and facilitators post announcements and moderate. A closed topic takes no new
replies (stewards may still answer); a locked one is frozen for everyone but stewards; an
archived one is read-only for everyone.
"""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule

WRITER_ROLES = frozenset({*PARTICIPANT_ROLES, Role.GUEST})
UNANSWERED_ROLES = frozenset({*STEWARD_ROLES, Role.EXPERT})


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


def _sees_circle(user: Any, role: str, circle: Any, members: Any) -> bool:
    """``circle.view`` for someone with ``role`` in the circle's community. ``members`` is
    the circle's member ids when the caller loaded them (notifying thousands), else None."""
    if role in STEWARD_ROLES:
        return True
    if members is not None and (role == Role.GUEST or circle.is_private):
        return user.pk in members
    return can(user, "circle.view", circle)


@rule("forum.view")
def can_view_forum(user: Any, community: Any) -> bool:
    """Any role in the community: the forum is for its people, even in an open community."""
    return _role(user, community.pk) is not None


@rule("forum.start_topic")
def can_start_topics(user: Any, community: Any) -> bool:
    """Guests read and reply; starting topics is for the community's participants."""
    return _role(user, community.pk) in PARTICIPANT_ROLES


@rule("forum.view_unanswered")
def can_view_unanswered(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in UNANSWERED_ROLES


@rule("category.manage")
def can_manage_categories(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("category.view")
def can_view_category(user: Any, category: Any) -> bool:
    role = _role(user, category.community_id)
    if role is None:
        return False
    return category.circle_id is None or _sees_circle(user, role, category.circle, None)


@rule("topic.create")
def can_create_topic(user: Any, category: Any) -> bool:
    """Participants who may see the category, unless it is archived (its topics go on)."""
    return (
        not category.archived
        and _role(user, category.community_id) in PARTICIPANT_ROLES
        and can_view_category(user, category)
    )


@rule("topic.announce")
def can_announce(user: Any, category: Any) -> bool:
    return _role(user, category.community_id) in STEWARD_ROLES and can_view_category(user, category)


@rule("topic.view")
def can_view_topic(user: Any, topic: Any) -> bool:
    role = _role(user, topic.community_id)
    if role is None:
        return False
    if topic.circle_id is None:
        return True
    return _sees_circle(user, role, topic.circle, getattr(topic, "circle_member_ids", None))


def _is_steward(user: Any, topic: Any) -> bool:
    return _role(user, topic.community_id) in STEWARD_ROLES


@rule("topic.reply")
def can_reply(user: Any, topic: Any) -> bool:
    if topic.archived or not can_view_topic(user, topic):
        return False
    if _is_steward(user, topic):
        return True
    return not (topic.locked or topic.closed) and _role(user, topic.community_id) in WRITER_ROLES


@rule("topic.moderate")
def can_moderate(user: Any, topic: Any) -> bool:
    return _is_steward(user, topic)


@rule("topic.edit")
def can_edit_topic(user: Any, topic: Any) -> bool:
    """A topic's title and tags: its author while the topic is open to them (not locked
    or archived), stewards always (a steward's change is audited like other moderation)."""
    if not can_view_topic(user, topic):
        return False
    if _is_steward(user, topic):
        return True
    return (
        topic.author_id == user.pk
        and not (topic.locked or topic.archived)
        and _role(user, topic.community_id) in WRITER_ROLES
    )


@rule("topic.subscribe")
def can_subscribe(user: Any, topic: Any) -> bool:
    return can_view_topic(user, topic)


@rule("answer.accept")
def can_accept_answer(user: Any, topic: Any) -> bool:
    if not topic.is_question or topic.archived or not can_view_topic(user, topic):
        return False
    return _is_steward(user, topic) or (topic.author_id == user.pk and not topic.locked)


def _may_change(user: Any, post: Any) -> bool:
    topic = post.topic
    if post.deleted_at is not None or topic.archived or not can_view_topic(user, topic):
        return False
    if _is_steward(user, topic):
        return True
    return (
        post.author_id == user.pk
        and post.hidden_at is None
        and not topic.locked
        and _role(user, topic.community_id) in WRITER_ROLES
    )


@rule("post.edit")
def can_edit_post(user: Any, post: Any) -> bool:
    return _may_change(user, post)


@rule("post.delete")
def can_delete_post(user: Any, post: Any) -> bool:
    # The opening post carries the topic; stewards archive a topic instead.
    return post.number > 1 and _may_change(user, post)


@rule("post.react")
def can_react(user: Any, post: Any) -> bool:
    topic = post.topic
    if post.is_removed or topic.archived or not can_view_topic(user, topic):
        return False
    if topic.locked and not _is_steward(user, topic):
        return False
    return _role(user, topic.community_id) in WRITER_ROLES


@rule("post.hide")
def can_hide_post(user: Any, post: Any) -> bool:
    """Stewards hide a post from the thread (and restore it); the author keeps no say."""
    return (
        post.number > 1
        and post.deleted_at is None
        and not post.topic.archived
        and can_view_topic(user, post.topic)
        and _is_steward(user, post.topic)
    )


# Moderation: flags, the stewards' queue, moving topics, warnings ------------------------


@rule("forum.moderate")
def can_moderate_forum(user: Any, community: Any) -> bool:
    """The moderation queue: the community's stewards, who see every circle's topics (a
    facilitator outside a private circle moderates it too, as they may read it)."""
    return _role(user, community.pk) in STEWARD_ROLES


@rule("post.flag")
def can_flag_post(user: Any, post: Any) -> bool:
    """Anyone who may see a post may flag it to the stewards, except their own, and not
    once it is deleted or hidden."""
    return (
        post.author_id != user.pk
        and not post.is_removed
        and can_view_topic(user, post.topic)
        and _role(user, post.topic.community_id) in WRITER_ROLES
    )


@rule("topic.move")
def can_move_topic(user: Any, topic: Any) -> bool:
    return can_view_topic(user, topic) and _is_steward(user, topic)


@rule("post.warn")
def can_warn_author(user: Any, post: Any) -> bool:
    """Stewards write privately to the author of a post they moderate (not to themselves)."""
    return (
        post.author_id is not None
        and post.author_id != user.pk
        and can_view_topic(user, post.topic)
        and _is_steward(user, post.topic)
    )


@rule("post.view")
def can_view_post(user: Any, post: Any) -> bool:
    """A post's files: for whoever sees the topic while the post is shown; once it is
    deleted or hidden, only stewards (who may restore it) still open them."""
    if not can_view_topic(user, post.topic):
        return False
    return not post.is_removed or _is_steward(user, post.topic)
