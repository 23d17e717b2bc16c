"""Innovation rules of the permission policy: challenges and ideas follow their community
or circle; guests read, participants submit and vote, stewards run the pipeline, and each
stage's gate names who may move an idea into it."""

from __future__ import annotations

from typing import Any

from salon.communities.models import PARTICIPANT_ROLES, STEWARD_ROLES, Role
from salon.communities.roles import membership_of
from salon.core.permissions import can, rule


def _role(user: Any, community_id: int) -> str | None:
    membership = membership_of(user, community_id)
    return membership.role if membership else None


def _sees_circle(user: Any, obj: Any) -> bool:
    return obj.circle_id is None or can(user, "circle.view", obj.circle)


def _is_author(user: Any, idea: Any) -> bool:
    """Whether ``user`` wrote the idea: annotated for the viewer by the selectors
    (``viewer_is_author``), known from its loaded authors (``author_ids``), or read once."""
    known = getattr(idea, "viewer_is_author", None)
    if known is not None:
        return bool(known)
    ids = getattr(idea, "author_ids", None)
    if ids is None:
        ids = set(idea.authorships.values_list("user_id", flat=True))
        idea.author_ids = ids
    return user.pk in ids


@rule("challenge.list")
def can_list_challenges(user: Any, community: Any) -> bool:
    return _role(user, community.pk) is not None


@rule("challenge.create")
def can_create_challenge(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("challenge.view")
def can_view_challenge(user: Any, challenge: Any) -> bool:
    return _role(user, challenge.community_id) is not None and _sees_circle(user, challenge)


@rule("challenge.edit")
def can_edit_challenge(user: Any, challenge: Any) -> bool:
    if not can_view_challenge(user, challenge):
        return False
    return _role(user, challenge.community_id) in STEWARD_ROLES or challenge.sponsor_id == user.pk


@rule("idea.submit")
def can_submit_idea(user: Any, challenge: Any) -> bool:
    return (
        challenge.is_accepting_ideas
        and _role(user, challenge.community_id) in PARTICIPANT_ROLES
        and can_view_challenge(user, challenge)
    )


@rule("idea.view")
def can_view_idea(user: Any, idea: Any) -> bool:
    return _role(user, idea.community_id) is not None and _sees_circle(user, idea)


@rule("idea.edit")
def can_edit_idea(user: Any, idea: Any) -> bool:
    if not can_view_idea(user, idea):
        return False
    return _role(user, idea.community_id) in STEWARD_ROLES or _is_author(user, idea)


@rule("idea.join")
def can_join_idea(user: Any, idea: Any) -> bool:
    """Become a co-author instead of submitting a duplicate."""
    return (
        _role(user, idea.community_id) in PARTICIPANT_ROLES
        and can_view_idea(user, idea)
        and not _is_author(user, idea)
    )


@rule("idea.vote")
def can_vote(user: Any, idea: Any) -> bool:
    """Participants vote while voting is open, never for an idea of their own."""
    return (
        idea.challenge.is_voting_open
        and _role(user, idea.community_id) in PARTICIPANT_ROLES
        and can_view_idea(user, idea)
        and not _is_author(user, idea)
    )


def decider_roles(user: Any, idea: Any) -> set[str]:
    """The ``Decider`` hats ``user`` wears for this idea."""
    role = _role(user, idea.community_id)
    hats = set()
    if role == Role.DIRECTOR:
        hats.add("director")
    if role == Role.FACILITATOR:
        hats.add("facilitator")
    if role is not None and idea.challenge.sponsor_id == user.pk:
        hats.add("sponsor")
    return hats


@rule("idea.move")
def can_move_idea(user: Any, idea: Any) -> bool:
    """Someone who decides at some gate of the pipeline (each gate is checked again by the
    service for the stage chosen: ``stage_gate_allows``)."""
    return can_view_idea(user, idea) and bool(decider_roles(user, idea))


def stage_gate_allows(user: Any, idea: Any, stage: Any) -> str | None:
    """The hat with which ``user`` may move ``idea`` into ``stage``, or None."""
    for hat in ("director", "facilitator", "sponsor"):
        if hat in stage.deciders and hat in decider_roles(user, idea):
            return hat
    return None


@rule("pipeline.view")
def can_view_pipeline(user: Any, community: Any) -> bool:
    return _role(user, community.pk) is not None


@rule("pipeline.report")
def can_view_funnel(user: Any, community: Any) -> bool:
    return _role(user, community.pk) in STEWARD_ROLES


@rule("pipeline.configure")
def can_configure_pipeline(user: Any, community: Any) -> bool:
    return _role(user, community.pk) == Role.DIRECTOR


@rule("idea.score")
def can_score_idea(user: Any, idea: Any) -> bool:
    """Experts score from the challenge's opening to its decision, never an idea they are
    an author of (a conflict of interest)."""
    return (
        idea.challenge.phase not in ("upcoming", "closed")
        and _role(user, idea.community_id) == Role.EXPERT
        and can_view_idea(user, idea)
        and not _is_author(user, idea)
    )


@rule("evaluation.view")
def can_view_evaluation(user: Any, challenge: Any) -> bool:
    """The calibrated scores and comments: for the decision meeting (stewards, sponsor)."""
    return can_view_challenge(user, challenge) and (
        _role(user, challenge.community_id) in STEWARD_ROLES or challenge.sponsor_id == user.pk
    )


from salon.innovation.rules import boards as _boards  # noqa: E402, F401  (registers its rules)
from salon.innovation.rules import hackathons as _hackathons  # noqa: E402, F401
