"""Every write to members' own goals: setting and editing them, status, check-ins,
milestones and encouragement. (Objectives and key results are in ``objectives.py``, the
competency framework in ``competencies.py``.)

Personal goals are not written to the community's audit log on purpose: its readers (the
directors) would see the titles of goals that are not shared with them. Their history is
kept with the goal instead (revisions, check-ins).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.models import PARTICIPANT_ROLES, CircleMembership, Membership
from salon.core.permissions import can, require
from salon.goals import notifications as notices
from salon.goals.cleaning import clean_line, clean_text, required_confidence
from salon.goals.models import (
    Cadence,
    CheckIn,
    Encouragement,
    EncouragementKind,
    Goal,
    GoalRevision,
    GoalStatus,
    GoalVisibility,
    Milestone,
)

MAX_MILESTONES = 12


def local_today(user: Any, *, now: datetime | None = None) -> date:
    """The date it is for ``user`` (now, or at ``now``), in their own time zone."""
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.localtime(now or timezone.now(), zone).date()


def next_due(day: date, cadence: str) -> date:
    if cadence == Cadence.WEEKLY:
        return day + timedelta(days=7)
    if cadence == Cadence.BIWEEKLY:
        return day + timedelta(days=14)
    return day + relativedelta(months=1)


CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 30}


# Personal goals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestonePlan:
    title: str
    due: date | None = None


def _goal_checks(
    *,
    owner: Any,
    community: Any,
    competency: Any,
    objective: Any,
    visibility: str,
    circle: Any,
    partner: Any,
    keep_competency: int | None = None,
) -> Any:
    """Refuse what does not fit; return the circle to store (only for circle goals)."""
    if competency is None or competency.community_id != community.pk:
        raise ValidationError(_("Choose a competency of this community's framework."))
    if competency.retired_at is not None and competency.pk != keep_competency:
        raise ValidationError(_("That competency has been retired; choose another."))
    if objective is not None and (
        objective.community_id != community.pk
        or objective.is_archived
        or not can(owner, "objective.view", objective)
    ):
        raise ValidationError(_("Choose one of the community's current objectives."))
    if visibility not in GoalVisibility.values:
        raise ValidationError(_("Choose who sees the goal."))
    if visibility != GoalVisibility.CIRCLE:
        circle = None
    elif circle is None:
        raise ValidationError(_("Choose the circle you share it with."))
    elif (
        circle.community_id != community.pk
        or not CircleMembership.objects.filter(circle=circle, user_id=owner.pk).exists()
    ):
        raise ValidationError(_("You can share a goal only with a circle you are in."))
    if partner is not None:
        if partner.pk == owner.pk:
            raise ValidationError(_("Your accountability partner is someone else."))
        if not Membership.objects.filter(
            community=community,
            user_id=partner.pk,
            role__in=PARTICIPANT_ROLES,
            user__is_active=True,
        ).exists():
            raise ValidationError(_("Your accountability partner must be in the community."))
    return circle


def _milestones(goal: Goal, plans: Iterable[MilestonePlan]) -> list[Milestone]:
    rows = [
        Milestone(
            goal=goal, title=clean_line(p.title, label=_("A milestone"), max_length=200), due=p.due
        )
        for p in plans
        if (p.title or "").strip()
    ]
    if len(rows) + goal.milestones.count() > MAX_MILESTONES:
        raise ValidationError(_("A goal has at most 12 milestones."))
    return Milestone.objects.bulk_create(rows)


@transaction.atomic
def goal_create(
    *,
    owner: Any,
    community: Any,
    competency: Any,
    title: str,
    success_looks_like: str,
    visibility: str = GoalVisibility.CIRCLE,
    cadence: str = Cadence.BIWEEKLY,
    objective: Any = None,
    circle: Any = None,
    partner: Any = None,
    milestones: Sequence[MilestonePlan] = (),
) -> Goal:
    require(owner, "goal.create", community)
    if cadence not in Cadence.values:
        raise ValidationError(_("Check in every week, every two weeks or every month."))
    circle = _goal_checks(
        owner=owner,
        community=community,
        competency=competency,
        objective=objective,
        visibility=visibility,
        circle=circle,
        partner=partner,
    )
    goal = Goal.objects.create(
        owner=owner,
        community=community,
        competency=competency,
        objective=objective,
        title=clean_line(title, label=_("The goal"), max_length=200),
        success_looks_like=clean_text(
            success_looks_like, label=_("What success looks like"), max_length=2000
        ),
        visibility=visibility,
        circle=circle,
        cadence=cadence,
        partner=partner,
        next_check_in_due=next_due(local_today(owner), cadence),
    )
    _milestones(goal, milestones)
    if partner is not None:
        transaction.on_commit(lambda: notices.partner_named(goal_id=goal.pk), robust=True)
    return goal


_GOAL_FIELDS = {
    "title",
    "success_looks_like",
    "competency",
    "objective",
    "visibility",
    "circle",
    "cadence",
    "partner",
}


@transaction.atomic
def goal_update(*, actor: Any, goal: Goal, **changes: Any) -> Goal:
    """Change a goal; its previous words are kept as a revision."""
    require(actor, "goal.edit", goal)
    unknown = set(changes) - _GOAL_FIELDS
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))}.")
    merged = {name: changes.get(name, getattr(goal, name)) for name in _GOAL_FIELDS}
    if merged["cadence"] not in Cadence.values:
        raise ValidationError(_("Check in every week, every two weeks or every month."))
    merged["circle"] = _goal_checks(
        owner=goal.owner,
        community=goal.community,
        competency=merged["competency"],
        # A goal keeps an objective that was archived since; a new link must be current.
        objective=None
        if merged["objective"] is None or merged["objective"].pk == goal.objective_id
        else merged["objective"],
        visibility=merged["visibility"],
        circle=merged["circle"],
        partner=merged["partner"],
        keep_competency=goal.competency_id,
    )
    title = clean_line(merged["title"], label=_("The goal"), max_length=200)
    success = clean_text(
        merged["success_looks_like"], label=_("What success looks like"), max_length=2000
    )
    if (title, success) != (goal.title, goal.success_looks_like):
        GoalRevision.objects.create(
            goal=goal,
            title=goal.title,
            success_looks_like=goal.success_looks_like,
            edited_at=timezone.now(),
        )
    new_partner = merged["partner"]
    told_partner = new_partner is not None and new_partner.pk != goal.partner_id
    if merged["cadence"] != goal.cadence:
        start = goal.last_check_in_at.date() if goal.last_check_in_at else local_today(goal.owner)
        goal.next_check_in_due = next_due(start, merged["cadence"])
    for name, value in merged.items():
        setattr(goal, name, value)
    goal.title, goal.success_looks_like = title, success
    goal.save()
    if told_partner:
        transaction.on_commit(lambda: notices.partner_named(goal_id=goal.pk), robust=True)
    return goal


@transaction.atomic
def goal_set_status(*, actor: Any, goal: Goal, status: str) -> Goal:
    """Mark a goal achieved or dropped, or take it up again."""
    require(actor, "goal.edit", goal)
    if status not in GoalStatus.values:
        raise ValidationError(_("A goal is active, achieved or dropped."))
    goal.status = status
    goal.closed_at = None if status == GoalStatus.ACTIVE else timezone.now()
    if status == GoalStatus.ACTIVE:
        goal.next_check_in_due = max(goal.next_check_in_due, local_today(goal.owner))
    if status == GoalStatus.ACHIEVED:
        goal.progress = 100
    goal.save(update_fields=["status", "closed_at", "next_check_in_due", "progress", "updated_at"])
    return goal


@transaction.atomic
def check_in_create(
    *,
    actor: Any,
    goal: Goal,
    progress: int,
    confidence: int,
    helped: str = "",
    blocked: str = "",
    next_step: str = "",
) -> CheckIn:
    """The owner's regular check-in: progress, confidence, what helped, what blocked, the
    next step. The next one falls due a cadence from today (their today)."""
    require(actor, "goal.check_in", goal)
    if progress is None or not 0 <= int(progress) <= 100:
        raise ValidationError(_("Progress goes from 0 to 100 %."))
    now = timezone.now()
    check_in = CheckIn.objects.create(
        goal=goal,
        at=now,
        progress=int(progress),
        confidence=required_confidence(confidence),
        helped=clean_text(helped, label=_("What helped"), max_length=2000, required=False),
        blocked=clean_text(
            blocked, label=_("What got in the way"), max_length=2000, required=False
        ),
        next_step=clean_text(next_step, label=_("The next step"), max_length=2000, required=False),
    )
    due = next_due(local_today(goal.owner), goal.cadence)
    Goal.objects.filter(pk=goal.pk).update(
        progress=check_in.progress,
        confidence=check_in.confidence,
        last_check_in_at=now,
        next_check_in_due=due,
        updated_at=now,
    )
    goal.progress, goal.confidence = check_in.progress, check_in.confidence
    goal.last_check_in_at, goal.next_check_in_due = now, due
    if goal.partner_id is not None:
        transaction.on_commit(
            lambda: notices.partner_checked_in(check_in_id=check_in.pk), robust=True
        )
    return check_in


@transaction.atomic
def milestone_add(*, actor: Any, goal: Goal, title: str, due: date | None = None) -> Milestone:
    require(actor, "goal.edit", goal)
    title = clean_line(title, label=_("The milestone"), max_length=200)
    return _milestones(goal, [MilestonePlan(title=title, due=due)])[0]


@transaction.atomic
def milestone_toggle(*, actor: Any, milestone: Milestone) -> Milestone:
    require(actor, "goal.edit", milestone.goal)
    done_at = None if milestone.done_at else timezone.now()
    Milestone.objects.filter(pk=milestone.pk).update(done_at=done_at)
    milestone.done_at = done_at
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Any, milestone: Milestone) -> None:
    require(actor, "goal.edit", milestone.goal)
    milestone.delete()


@transaction.atomic
def encouragement_create(
    *, actor: Any, goal: Goal, kind: str = EncouragementKind.COMMENT, body: str = ""
) -> Encouragement:
    """A peer cheers, comments or offers help; the owner is told. A second cheer from the
    same person is the same cheer."""
    require(actor, "goal.encourage", goal)
    if kind not in EncouragementKind.values:
        raise ValidationError(_("Cheer, comment or offer help."))
    body = clean_text(
        body,
        label=_("Your message"),
        max_length=1000,
        required=kind != EncouragementKind.CHEER,
    )
    if kind == EncouragementKind.CHEER:
        earlier = Encouragement.objects.filter(
            goal=goal, author_id=actor.pk, kind=EncouragementKind.CHEER
        ).first()
        if earlier is not None:
            return earlier
    encouragement = Encouragement.objects.create(goal=goal, author=actor, kind=kind, body=body)
    transaction.on_commit(
        lambda: notices.encouraged(encouragement_id=encouragement.pk), robust=True
    )
    return encouragement
