"""Answers to proposed matches: each side accepts or declines within the window, both
accepting starts the mentorship, a decline or a lapse stages a new proposal around the
accepted pairs; in mentee-choice programmes, a mentee asks one of their suggestions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.goals.models import Goal, GoalStatus, GoalVisibility
from salon.mentoring import notifications as kinds
from salon.mentoring.models import (
    Answer,
    Enrolment,
    Match,
    MatchingMode,
    MatchRun,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    Programme,
    ProgrammeStatus,
    Side,
)
from salon.mentoring.selectors.cohorts import (
    HOLDING,
    reasons_json,
    taken,
)
from salon.mentoring.selectors.matching import (
    latest_staged_run,
    match_url,
    suggestions_for,
)
from salon.mentoring.services.matching import run_matching
from salon.notifications.services import notify


def answer(
    match: Match, *, user: Any, accept: bool, reason: str = "", now: datetime | None = None
) -> Match:
    """One side's answer. Both accepting starts the mentorship; a decline sends the mentee
    back to the pool (the next run proposes someone else) and frees the mentor's place."""
    now = now or timezone.now()
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("programme").get(pk=match.pk)
        if match.status != MatchStatus.PUBLISHED:
            raise ValidationError(_("This match is no longer waiting for an answer."))
        if match.respond_by and match.respond_by < now:
            raise ValidationError(_("The time to answer this match has passed."))
        value = Answer.ACCEPTED if accept else Answer.DECLINED
        answered = match.mentee_answer if user.pk == match.mentee_id else match.mentor_answer
        if user.pk in (match.mentee_id, match.mentor_id) and answered:
            raise ValidationError(_("You have already answered."))
        require(user, "match.respond", match)
        if user.pk == match.mentee_id and not match.mentee_answer:
            match.mentee_answer = value
        elif user.pk == match.mentor_id and not match.mentor_answer:
            match.mentor_answer = value
        else:
            raise ValidationError(_("You have already answered."))
        started = None
        if not accept:
            match.status = MatchStatus.DECLINED
            match.decline_reason = reason.strip()[:300]
            match.decided_at = now
        elif match.mentee_answer == match.mentor_answer == Answer.ACCEPTED:
            if Mentorship.objects.filter(
                programme=match.programme, mentee_id=match.mentee_id, status=MentorshipStatus.ACTIVE
            ).exists():
                raise ValidationError(
                    _("The mentee already has a mentor in this programme: this match lapses.")
                )
            match.status = MatchStatus.ACCEPTED
            match.decided_at = now
            started = Mentorship.objects.create(
                programme=match.programme,
                match=match,
                mentee_id=match.mentee_id,
                mentor_id=match.mentor_id,
                started_at=now,
            )
            # The goals the mentee chose at enrolment to show their mentor (never "only
            # me" ones); they can change the choice in the shared space.
            started.shared_goals.set(
                Goal.objects.filter(
                    pk__in=Enrolment.goals.through.objects.filter(
                        enrolment__programme=match.programme, enrolment__user_id=match.mentee_id
                    ).values("goal_id")
                )
                .exclude(visibility=GoalVisibility.ONLY_ME)
                .exclude(status=GoalStatus.DROPPED)
            )
        match.save()
        audit(
            "mentoring.match.accepted" if accept else "mentoring.match.declined",
            actor=user,
            target=match.programme,
            match=match.pk,
        )
        match_id, started_id = match.pk, started.pk if started else None
        transaction.on_commit(lambda: _tell_answered(match_id, user.pk, accept, started_id))
        if not accept:
            programme_id = match.programme_id
            transaction.on_commit(lambda: _rematch_later(programme_id), robust=True)
    return match


def resolve_around_accepted(programme_id: int) -> MatchRun | None:
    """After a decline or a lapse, stage a new proposal for the people back in the pool,
    around the accepted pairs, for the programme team to review and publish. Nothing is
    sent to anyone. Not when a run is already in review (the team is working on it), nor
    in mentee-choice programmes."""
    programme = Programme.objects.select_related("community").get(pk=programme_id)
    if programme.mode != MatchingMode.PROGRAMME or latest_staged_run(programme) is not None:
        return None
    try:
        return run_matching(programme, actor=None, apply_target=bool(programme.target_attribute))
    except ValidationError:  # nobody left to match, or no mentor with room
        return None


def _tell_answered(match_id: int, actor_id: int, accepted: bool, mentorship_id: int | None) -> None:
    match = Match.objects.select_related("programme__community", "mentee", "mentor").get(
        pk=match_id
    )
    actor = match.mentee if actor_id == match.mentee_id else match.mentor
    other = match.mentor if actor_id == match.mentee_id else match.mentee
    programme = match.programme
    if mentorship_id is not None:
        mentorship = Mentorship.objects.select_related("programme").get(pk=mentorship_id)
        for recipient, partner in ((match.mentee, match.mentor), (match.mentor, match.mentee)):
            notify(
                [recipient.pk],
                kinds.MENTORSHIP_STARTED,
                mentorship,
                None,
                community=programme.community,
                data={"other": partner.name},
                key=f"{kinds.MENTORSHIP_STARTED}:{mentorship.pk}:{recipient.pk}",
            )
        return
    notify(
        [other.pk],
        kinds.MATCH_ANSWERED,
        match,
        actor,
        community=programme.community,
        data={"programme": programme.name, "answer": "accepted" if accepted else "declined"},
        url=match_url(match),
        key=f"{kinds.MATCH_ANSWERED}:{match.pk}:{actor.pk}",
    )


def expire_answers(*, now: datetime) -> int:
    """Published matches nobody fully answered in time return both people to the pool,
    and their programmes stage a new proposal around the accepted pairs."""
    lapsed = Match.objects.filter(status=MatchStatus.PUBLISHED, respond_by__lt=now)
    programmes = set(lapsed.values_list("programme_id", flat=True))
    count = lapsed.update(status=MatchStatus.EXPIRED, decided_at=now)
    for programme_id in sorted(programmes):
        resolve_around_accepted(programme_id)
    return count


def request_mentor(
    programme: Programme, *, mentee: Any, mentor_id: int, message: str = ""
) -> Match:
    """In mentee-choice mode, ask one of one's suggestions; the mentor accepts or declines."""
    require(mentee, "programme.view", programme, hide=True)
    if programme.mode != MatchingMode.MENTEE_CHOICE:
        raise ValidationError(_("In this programme the programme team proposes the matches."))
    if programme.status not in (
        ProgrammeStatus.ENROLLING,
        ProgrammeStatus.MATCHING,
        ProgrammeStatus.ACTIVE,
    ):
        raise ValidationError(_("This programme does not take requests any more."))
    if Match.objects.filter(programme=programme, mentee=mentee, status__in=HOLDING).exists():
        raise ValidationError(_("You already have a request waiting or a mentor."))
    offered = {s.mentor.pk: s for s in suggestions_for(programme, mentee, limit=50)}
    suggestion = offered.get(mentor_id)
    if suggestion is None:
        raise ValidationError(_("Choose one of your suggested mentors."))
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(programme=programme, user=mentee).first()
        if Match.objects.filter(programme=programme, mentee=mentee, status__in=HOLDING).exists():
            raise ValidationError(_("You already have a request waiting or a mentor."))
        # The mentor's places, counted under a lock on their enrolment: two mentees asking
        # for the last place at once cannot both have it.
        mentor_enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("programme")
            .get(programme=programme, user_id=mentor_id, side=Side.MENTOR)
        )
        _busy, used = taken(programme)
        if used.get(mentor_id, 0) >= mentor_enrolment.effective_capacity:
            raise ValidationError(
                _("%(name)s has no place left: choose another of your suggestions.")
                % {"name": suggestion.mentor.name}
            )
        match = Match.objects.create(
            programme=programme,
            mentee=mentee,
            mentor=suggestion.mentor,
            status=MatchStatus.PUBLISHED,
            score=suggestion.pair.score,
            breakdown={k: round(v, 4) for k, v in suggestion.pair.breakdown.items()},
            reasons=reasons_json(suggestion.pair),
            requested=True,
            message=message.strip()[:1000],
            mentee_answer=Answer.ACCEPTED,
            published_at=now,
            respond_by=now + timedelta(days=programme.response_days),
        )
        audit("mentoring.match.requested", actor=mentee, target=programme, mentor=mentor_id)
        match_id = match.pk
        transaction.on_commit(lambda: _tell_requested(match_id))
    return match


def _tell_requested(match_id: int) -> None:
    match = Match.objects.select_related("programme__community", "mentee").get(pk=match_id)
    notify(
        [match.mentor_id],
        kinds.MATCH_REQUESTED,
        match,
        match.mentee,
        community=match.programme.community,
        data={"programme": match.programme.name},
        url=match_url(match),
    )


def _rematch_later(programme_id: int) -> None:
    from salon.mentoring.tasks import rematch_around_accepted

    rematch_around_accepted.enqueue(programme_id=programme_id)
