"""Every write of feedback: cycles, nominations, answers, reports shared and goals made
from a gap. Each service asks the policy, is atomic, audited, and notifies after commit.

An answer is written in two steps that never meet: the nomination is marked answered (a
conditional update, so a double click sends once), and the answers are stored as a
``Response`` with the group but without the rater, a time or an ordered key. The audit log
records that a cycle received an answer, never from whom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.models import PARTICIPANT_ROLES, CircleMembership, Membership
from salon.core import anonymity
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import can, require
from salon.feedback.models import (
    Cycle,
    CycleStatus,
    GapGoal,
    Nomination,
    NominationStatus,
    Participant,
    RatedItem,
    RaterGroup,
    ReportShare,
    Response,
    default_group_limits,
    default_scale,
)
from salon.feedback.tasks import send_invitations, send_nomination_requests, send_reports_ready

MAX_QUESTION = 300
MAX_COMMENT = 4000


@dataclass(frozen=True)
class CyclePlan:
    title: str
    competencies: Sequence[Any]
    opens_on: date
    nominations_close_on: date
    closes_on: date
    questions: Sequence[str]
    scale: Sequence[str] = field(default_factory=default_scale)
    circle: Any = None
    people: Sequence[Any] = ()
    threshold: int = anonymity.THRESHOLD
    group_limits: Mapping[str, Sequence[int]] = field(default_factory=default_group_limits)
    # Observable behaviours to rate one by one; a chosen competency with none of its
    # behaviours here is rated whole.
    behaviours: Sequence[Any] = ()


def _check_plan(actor: Any, community: Any, plan: CyclePlan) -> None:
    if not plan.title.strip():
        raise ValidationError(_("Give the cycle a title."))
    if not plan.competencies:
        raise ValidationError(_("Choose at least one competency to rate."))
    for competency in plan.competencies:
        if competency.community_id != community.pk or competency.retired_at is not None:
            raise ValidationError(_("Choose competencies of this community's framework."))
    chosen = {c.pk for c in plan.competencies}
    for behaviour in plan.behaviours:
        if behaviour.competency_id not in chosen or behaviour.retired_at is not None:
            raise ValidationError(_("Choose behaviours of the competencies you rate."))
    if not plan.opens_on <= plan.nominations_close_on <= plan.closes_on:
        raise ValidationError(
            _("The cycle opens, then nominations close, then the cycle closes, in that order.")
        )
    questions = [q.strip() for q in plan.questions if q.strip()]
    if not 2 <= len(questions) <= 3:
        raise ValidationError(_("Ask two or three open questions."))
    if any(len(q) > MAX_QUESTION for q in questions):
        raise ValidationError(_("Keep each question under 300 characters."))
    scale = [s.strip() for s in plan.scale]
    if not 3 <= len(scale) <= 7 or not all(scale):
        raise ValidationError(_("The scale has three to seven points, each with its meaning."))
    try:
        anonymity.checked_threshold(plan.threshold)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if plan.threshold > anonymity.THRESHOLD and not can(
        actor, "feedback_cycle.raise_threshold", community
    ):
        raise ValidationError(_("Only a director may raise the number of answers per group."))
    if plan.circle is not None and plan.circle.community_id != community.pk:
        raise ValidationError(_("That circle is not in this community."))
    for group, limits in plan.group_limits.items():
        if group not in RaterGroup.values or group == RaterGroup.SELF:
            raise ValidationError(_("Unknown rater group."))
        low, high = limits
        if not 0 <= low <= high <= 20:
            raise ValidationError(_("Each group's minimum must be between 0 and its maximum."))


def _people(community: Any, plan: CyclePlan) -> list[int]:
    ids = {getattr(p, "pk", p) for p in plan.people}
    if plan.circle is not None:
        ids |= set(
            CircleMembership.objects.filter(circle=plan.circle).values_list("user_id", flat=True)
        )
    participants = set(
        Membership.objects.filter(
            community=community, user_id__in=ids, role__in=PARTICIPANT_ROLES
        ).values_list("user_id", flat=True)
    )
    if ids - participants:
        raise ValidationError(_("Everyone reviewed must be a member of this community."))
    if not participants:
        raise ValidationError(_("Choose a circle or at least one person to review."))
    return sorted(participants)


def _items(cycle: Cycle, plan: CyclePlan) -> list[RatedItem]:
    items: list[RatedItem] = []
    for competency in plan.competencies:
        behaviours = sorted(
            (b for b in plan.behaviours if b.competency_id == competency.pk),
            key=lambda b: (b.position, b.pk),
        )
        for behaviour in behaviours or [None]:
            items.append(
                RatedItem(
                    cycle=cycle, competency=competency, behaviour=behaviour, position=len(items)
                )
            )
    return items


@transaction.atomic
def cycle_create(*, actor: Any, community: Any, plan: CyclePlan) -> Cycle:
    require(actor, "feedback_cycle.manage", community)
    _check_plan(actor, community, plan)
    people = _people(community, plan)
    cycle = Cycle.objects.create(
        community=community,
        circle=plan.circle,
        title=plan.title.strip(),
        scale=[s.strip() for s in plan.scale],
        questions=[q.strip() for q in plan.questions if q.strip()],
        group_limits={g: list(v) for g, v in plan.group_limits.items()},
        threshold=plan.threshold,
        opens_on=plan.opens_on,
        nominations_close_on=plan.nominations_close_on,
        closes_on=plan.closes_on,
        created_by=actor,
    )
    RatedItem.objects.bulk_create(_items(cycle, plan))
    Participant.objects.bulk_create(Participant(cycle=cycle, person_id=p) for p in people)
    participants = Participant.objects.filter(cycle=cycle)
    Nomination.objects.bulk_create(
        Nomination(participant=p, rater_id=p.person_id, group=RaterGroup.SELF) for p in participants
    )
    audit("feedback.cycle.created", actor=actor, target=cycle, people=len(people))
    transaction.on_commit(lambda: send_nomination_requests.enqueue(cycle_id=cycle.pk))
    return cycle


@transaction.atomic
def cycle_close(*, actor: Any, cycle: Cycle) -> Cycle:
    require(actor, "feedback_cycle.close", cycle)
    closed = Cycle.objects.filter(pk=cycle.pk, status=CycleStatus.OPEN).update(
        status=CycleStatus.CLOSED, closed_at=timezone.now()
    )
    if not closed:
        raise Conflict(_("This cycle is already closed."))
    cycle.refresh_from_db(fields=["status", "closed_at"])
    audit("feedback.cycle.closed", actor=actor, target=cycle)
    transaction.on_commit(lambda: send_reports_ready.enqueue(cycle_id=cycle.pk))
    return cycle


def _limits(cycle: Cycle, group: str) -> tuple[int, int]:
    low, high = cycle.group_limits.get(group, [0, 0])
    return int(low), int(high)


@transaction.atomic
def nomination_add(*, actor: Any, participant: Participant, rater: Any, group: str) -> Nomination:
    require(actor, "feedback_nomination.edit", participant)
    cycle = participant.cycle
    if group not in RaterGroup.values or group == RaterGroup.SELF:
        raise ValidationError(_("Choose the group this person rates you in."))
    if rater.pk == participant.person_id:
        raise ValidationError(_("You rate yourself already: choose someone else."))
    if not Membership.objects.filter(community_id=cycle.community_id, user=rater).exists():
        raise ValidationError(_("Raters must be members of this community."))
    if participant.nominations.filter(rater=rater).exists():
        raise ValidationError(_("You've already chosen this person."))
    _low, high = _limits(cycle, group)
    if participant.nominations.filter(group=group).count() >= high:
        raise ValidationError(
            _("At most %(n)d in this group.") % {"n": high}
            if high
            else _("This cycle does not ask this group.")
        )
    nomination = Nomination.objects.create(participant=participant, rater=rater, group=group)
    if group == RaterGroup.MANAGER:
        participant.manager = rater
        participant.save(update_fields=["manager"])
    audit("feedback.nomination.added", actor=actor, target=participant, group=group)
    return nomination


@transaction.atomic
def nomination_remove(*, actor: Any, nomination: Nomination) -> None:
    participant = nomination.participant
    require(actor, "feedback_nomination.edit", participant)
    if nomination.group == RaterGroup.SELF:
        raise ValidationError(_("Your own view stays part of the cycle."))
    if nomination.group == RaterGroup.MANAGER:
        participant.manager = None
        participant.save(update_fields=["manager"])
    nomination.delete()
    audit("feedback.nomination.removed", actor=actor, target=participant)


@transaction.atomic
def nominations_submit(*, actor: Any, participant: Participant) -> Participant:
    require(actor, "feedback_nomination.edit", participant)
    counts: dict[str, int] = {}
    for group in participant.nominations.values_list("group", flat=True):
        counts[group] = counts.get(group, 0) + 1
    short = [
        str(RaterGroup(group).label)
        for group in participant.cycle.group_limits
        if counts.get(group, 0) < _limits(participant.cycle, group)[0]
    ]
    if short:
        raise ValidationError(
            _("Choose more raters in: %(groups)s.") % {"groups": ", ".join(short)}
        )
    participant.nominations_status = NominationStatus.SUBMITTED
    participant.save(update_fields=["nominations_status"])
    audit("feedback.nominations.submitted", actor=actor, target=participant)
    transaction.on_commit(lambda: _tell_approver(participant.pk))
    return participant


def _tell_approver(participant_id: int) -> None:
    from salon.feedback.notifications import cycles as notifications

    participant = Participant.objects.select_related("cycle__community", "person").get(
        pk=participant_id
    )
    notifications.approve(participant=participant)


@transaction.atomic
def nominations_approve(*, actor: Any, participant: Participant) -> Participant:
    require(actor, "feedback_nomination.approve", participant)
    participant.nominations_status = NominationStatus.APPROVED
    participant.approved_by = actor
    participant.approved_at = timezone.now()
    participant.save(update_fields=["nominations_status", "approved_by", "approved_at"])
    audit("feedback.nominations.approved", actor=actor, target=participant)
    transaction.on_commit(lambda: send_invitations.enqueue(participant_id=participant.pk))
    return participant


@transaction.atomic
def nominations_return(*, actor: Any, participant: Participant) -> Participant:
    """Send the list back to the person reviewed to change it."""
    require(actor, "feedback_nomination.approve", participant)
    participant.nominations_status = NominationStatus.DRAFT
    participant.save(update_fields=["nominations_status"])
    audit("feedback.nominations.returned", actor=actor, target=participant)
    return participant


def clean_answers(
    cycle: Cycle,
    item_ids: Sequence[int],
    scores: Mapping[str, Any],
    comments: Sequence[str],
    *,
    complete: bool = False,
) -> tuple[dict[str, int | None], list[str]]:
    """Scores by rated item (a point of the scale, or None for "not observed") and one
    comment per open question, or a ValidationError naming what is wrong."""
    points = len(cycle.scale)
    known = {str(i) for i in item_ids}
    given: dict[str, Any] = {str(k): v for k, v in scores.items()}
    unknown = set(given) - known
    if unknown:
        raise ValidationError(_("Rate only the competencies this cycle asks about."))
    if complete and any(given.get(key) in (None, "") for key in known):
        raise ValidationError(_("Give every line a rating, or choose “not observed”."))
    cleaned: dict[str, int | None] = {}
    for key in sorted(known):
        value: Any = given.get(key)
        if value in (None, "", "not_observed"):
            cleaned[key] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= points:
            raise ValidationError(
                _("Each rating is a point from 1 to %(n)d, or “not observed”.") % {"n": points}
            )
        cleaned[key] = number
    texts = [str(c or "").strip() for c in comments][: len(cycle.questions)]
    texts += [""] * (len(cycle.questions) - len(texts))
    if any(len(t) > MAX_COMMENT for t in texts):
        raise ValidationError(_("Keep each answer under 4,000 characters."))
    return cleaned, texts


@transaction.atomic
def response_save(
    *,
    actor: Any,
    nomination: Nomination,
    scores: Mapping[str, Any],
    comments: Sequence[str],
    submit: bool,
) -> Nomination:
    """Save a rater's answers as a draft, or send them: then they leave the nomination for
    good and are stored without the rater's name."""
    require(actor, "feedback_response.answer", nomination)
    participant = nomination.participant
    item_ids = list(RatedItem.objects.filter(cycle=participant.cycle).values_list("pk", flat=True))
    cleaned, texts = clean_answers(participant.cycle, item_ids, scores, comments, complete=submit)
    if not submit:
        # The draft remembers "not observed" apart from "not answered yet".
        chosen = {
            k: ("not_observed" if str(scores.get(k)) == "not_observed" else v)
            for k, v in cleaned.items()
        }
        nomination.draft = {"scores": chosen, "comments": texts}
        nomination.save(update_fields=["draft"])
        return nomination
    if all(v is None for v in cleaned.values()):
        raise ValidationError(_("Rate at least one competency before sending."))
    sent = Nomination.objects.filter(pk=nomination.pk, answered=False).update(
        answered=True, draft={}
    )
    if not sent:
        raise Conflict(_("You've already sent this feedback."))
    Response.objects.create(
        participant=participant, group=nomination.group, scores=cleaned, comments=texts
    )
    # That the cycle received an answer, with neither who nor about whom.
    audit("feedback.response.received", target=participant.cycle)
    nomination.answered, nomination.draft = True, {}
    return nomination


@transaction.atomic
def report_open(*, actor: Any, participant: Participant) -> None:
    """Who opened which report, for the audit log."""
    require(actor, "feedback_report.view", participant)
    audit("feedback.report.opened", actor=actor, target=participant)


@transaction.atomic
def report_share(*, actor: Any, participant: Participant, mentor: Any) -> ReportShare:
    require(actor, "feedback_report.own", participant)
    from salon.goals.relations import mentors_of

    if mentor.pk not in mentors_of(participant.person_id, participant.cycle.community_id):
        raise ValidationError(_("You can share your report with your current mentor only."))
    share, created = ReportShare.objects.get_or_create(participant=participant, mentor=mentor)
    if created:
        audit("feedback.report.shared", actor=actor, target=participant, mentor=mentor.pk)
        transaction.on_commit(lambda: _tell_mentor(share.pk))
    return share


def _tell_mentor(share_id: int) -> None:
    from salon.feedback.notifications import cycles as notifications

    share = ReportShare.objects.select_related(
        "participant__cycle__community", "participant__person"
    ).get(pk=share_id)
    notifications.report_shared(share=share)


@transaction.atomic
def gap_goal_create(*, actor: Any, participant: Participant, competency: Any, gap: str) -> Any:
    """One click: a development goal on the competency where others see the person
    differently than they see themselves. Only the person sees it until they change that."""
    require(actor, "feedback_report.own", participant)
    from salon.goals.models import GoalVisibility
    from salon.goals.services.goals import goal_create

    existing = (
        GapGoal.objects.filter(participant=participant, competency=competency)
        .select_related("goal")
        .first()
    )
    if existing is not None:
        return existing.goal
    if not RatedItem.objects.filter(cycle=participant.cycle, competency=competency).exists():
        raise ValidationError(_("That competency was not part of this cycle."))
    goal = goal_create(
        owner=actor,
        community=participant.cycle.community,
        competency=competency,
        title=(_("Grow in %(competency)s") % {"competency": competency.name})[:200],
        success_looks_like=gap[:2000]
        or _("Others see me the way I see myself in %(competency)s.")
        % {"competency": competency.name},
        visibility=GoalVisibility.ONLY_ME,
    )
    GapGoal.objects.create(participant=participant, competency=competency, goal=goal)
    audit("feedback.gap_goal.created", actor=actor, target=participant, goal=goal.pk)
    return goal
