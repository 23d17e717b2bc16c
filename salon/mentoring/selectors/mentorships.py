"""Reads of the mentoring relationship that pages and the API share: "My mentoring" and
the shared space, already limited to what the viewer may see and free of N+1 (the door to
one mentorship, ``access_mentorship``, is in ``access.py``).

A mentorship's space belongs to its pair alone; directors included, everyone else gets a
404, the same answer as for a mentorship that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.models import PARTICIPANT_ROLES
from salon.communities.roles import memberships_of
from salon.core import anonymity
from salon.core.actions import with_overdue
from salon.core.permissions import can
from salon.goals.models import CheckIn, Goal, GoalStatus, GoalVisibility
from salon.mentoring.models import (
    ActionItem,
    Answer,
    CheckInStage,
    Enrolment,
    Match,
    MatchingMode,
    MatchStatus,
    MentoringCheckIn,
    MentoringSession,
    Mentorship,
    MentorshipStatus,
    PrivateNote,
    Programme,
    ProgrammeStatus,
    Side,
)

# The end-of-cycle check-in opens this long before the programme's last day.
END_CHECK_IN_LEAD = timedelta(days=14)
# Goals a mentee may list in the space: those a mentor can be let into. "Only me" goals are
# not offered: sharing one would contradict the owner's own choice of audience.
SHAREABLE_VISIBILITIES = (GoalVisibility.MENTOR, GoalVisibility.CIRCLE, GoalVisibility.COMMUNITY)


# Dates of the relationship ----------------------------------------------------------------


def check_in_opens(programme: Programme, stage: str) -> date:
    """Mid-cycle: from the programme's midpoint. End of cycle: two weeks before its end."""
    if stage == CheckInStage.MID:
        return programme.midpoint
    return programme.ends_on - END_CHECK_IN_LEAD


def open_stages(programme: Programme, today: date) -> list[str]:
    return [s for s in CheckInStage.values if check_in_opens(programme, s) <= today]


def session_due_on(mentorship: Mentorship) -> date:
    """The day a session is overdue: ``session_every_days`` after the last one held, or
    after the start (never before the programme's cycle starts)."""
    programme = mentorship.programme
    base = mentorship.last_session_on or max(mentorship.started_at.date(), programme.starts_on)
    return base + timedelta(days=programme.session_every_days)


# My mentoring -----------------------------------------------------------------------------


def _open_actions() -> Any:
    return Coalesce(
        Subquery(
            ActionItem.objects.filter(mentorship=OuterRef("pk"), done_at__isnull=True)
            .order_by()
            .values("mentorship")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def mentorships_of(*, user: Any) -> QuerySet[Mentorship]:
    """The person's mentorships on either side, active first, with the other person, the
    programme, open action items and the person's own check-ins (``my_check_ins``)."""
    return (
        Mentorship.objects.filter(Q(mentee_id=user.pk) | Q(mentor_id=user.pk))
        .select_related("programme__community", "mentee", "mentor")
        .annotate(
            open_actions=_open_actions(),
            is_active=Case(
                When(status=MentorshipStatus.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .prefetch_related(
            Prefetch(
                "check_ins",
                queryset=MentoringCheckIn.objects.filter(author_id=user.pk),
                to_attr="my_check_ins",
            )
        )
        .order_by("is_active", "-started_at", "-pk")
    )


def active_mentorships_of(*, user: Any) -> QuerySet[Mentorship]:
    """The person's running mentorships on either side, with the other person and the
    count of open action items; one query (for the member's week)."""
    return (
        Mentorship.objects.filter(
            Q(mentee_id=user.pk) | Q(mentor_id=user.pk), status=MentorshipStatus.ACTIVE
        )
        .select_related("programme__community", "mentee", "mentor")
        .annotate(open_actions=_open_actions())
        .order_by("-started_at", "-pk")
    )


@dataclass(frozen=True)
class NextCheckIn:
    stage: str
    label: str
    opens: date
    is_open: bool


def next_check_in(mentorship: Mentorship, answered: set[str], today: date) -> NextCheckIn | None:
    """The first check-in the viewer has not answered, while the mentorship is active."""
    if mentorship.status != MentorshipStatus.ACTIVE:
        return None
    for stage in CheckInStage:
        if stage.value in answered:
            continue
        opens = check_in_opens(mentorship.programme, stage.value)
        return NextCheckIn(stage.value, str(stage.label), opens, opens <= today)
    return None


def matches_awaiting(*, user: Any) -> list[Match]:
    """Published matches the person has still to answer."""
    matches = (
        Match.objects.filter(status=MatchStatus.PUBLISHED)
        .filter(
            Q(mentee_id=user.pk, mentee_answer=Answer.PENDING)
            | Q(mentor_id=user.pk, mentor_answer=Answer.PENDING)
        )
        .select_related("programme__community", "mentee", "mentor")
        .order_by("respond_by", "pk")
    )
    return [m for m in matches if can(user, "match.respond", m)]


@dataclass
class Standing:
    """Where the person stands in one programme they are enrolled in.

    ``state`` is one of: ``matched`` (an active mentorship), ``answer`` (a match waits for
    their answer), ``waiting_other`` (they said yes; the other side has not answered yet),
    ``did_not_go_ahead`` (a mentee's last proposed match was declined or lapsed; who
    declined is not said), ``choose`` (a mentee of a mentee-choice programme with nobody
    yet), ``waiting`` (waiting for a match), ``ended`` (their mentorship is over and no new
    mentor was asked for)."""

    enrolment: Enrolment
    programme: Programme
    side: str
    mentorships: list[Mentorship]
    match: Match | None
    state: str


# While a programme runs, its people are waiting, matched or in a match's answer window.
RUNNING = (ProgrammeStatus.ENROLLING, ProgrammeStatus.MATCHING, ProgrammeStatus.ACTIVE)
_SEEN_MATCHES = (
    MatchStatus.PUBLISHED,
    MatchStatus.ACCEPTED,
    MatchStatus.DECLINED,
    MatchStatus.EXPIRED,
)


def _state(user: Any, enrolment: Enrolment, mentorships: list[Any], matches: list[Any]) -> Any:
    """The state of ``Standing`` and the match it is about (see there)."""
    active = [m for m in mentorships if m.status == MentorshipStatus.ACTIVE]
    if active:
        return "matched", None
    for match in matches:
        if match.status != MatchStatus.PUBLISHED:
            continue
        mine = match.mentee_answer if match.mentee_id == user.pk else match.mentor_answer
        if not mine:
            return "answer", match
        if mine == Answer.ACCEPTED:
            return "waiting_other", match
    if enrolment.side == Side.MENTOR:
        return "waiting", None
    as_mentee = [m for m in mentorships if m.mentee_id == user.pk]
    if as_mentee and not as_mentee[0].wants_rematch:
        return "ended", None
    # Only the latest proposal counts: one declined before an accepted one is history.
    latest = next((m for m in matches if m.mentee_id == user.pk), None)
    if latest is not None and latest.status in (MatchStatus.DECLINED, MatchStatus.EXPIRED):
        return "did_not_go_ahead", None
    if enrolment.programme.mode == MatchingMode.MENTEE_CHOICE:
        return "choose", None
    return "waiting", None


def standings_of(
    *, user: Any, programme: Programme | None = None, mentorships: Any = None
) -> list[Standing]:
    """The person's current enrolments (not withdrawn, programme running), each with where
    they stand: three queries however many programmes, two when the caller passes the
    person's ``mentorships`` (``mentorships_of``) already in hand."""
    enrolments = Enrolment.objects.filter(
        user_id=user.pk, withdrawn_at__isnull=True, programme__status__in=RUNNING
    ).select_related("programme__community")
    if programme is not None:
        enrolments = enrolments.filter(programme=programme)
    found = list(enrolments.order_by("programme__starts_on", "pk"))
    if not found:
        return []
    ids = [e.programme_id for e in found]
    mine = Q(mentee_id=user.pk) | Q(mentor_id=user.pk)
    if mentorships is None:
        mentorships = (
            Mentorship.objects.filter(mine, programme_id__in=ids)
            .select_related("mentee", "mentor")
            .order_by("-started_at", "-pk")
        )
    by_programme: dict[int, list[Mentorship]] = {}
    for m in sorted(mentorships, key=lambda m: (m.started_at, m.pk), reverse=True):
        by_programme.setdefault(m.programme_id, []).append(m)
    matches: dict[int, list[Match]] = {}
    for match in (
        Match.objects.filter(mine, programme_id__in=ids, status__in=_SEEN_MATCHES)
        .select_related("mentee", "mentor")
        .order_by("-pk")
    ):
        matches.setdefault(match.programme_id, []).append(match)
    standings = []
    for enrolment in found:
        pair = by_programme.get(enrolment.programme_id, [])
        state, match = _state(user, enrolment, pair, matches.get(enrolment.programme_id, []))
        standings.append(
            Standing(
                enrolment=enrolment,
                programme=enrolment.programme,
                side=enrolment.side,
                mentorships=[m for m in pair if m.status == MentorshipStatus.ACTIVE],
                match=match,
                state=state,
            )
        )
    return standings


def programmes_open_for(*, user: Any) -> list[Programme]:
    """Programmes open for enrolment in the person's communities (``enrolled`` marks those
    they are already in)."""
    communities = [cid for cid, m in memberships_of(user).items() if m.role in PARTICIPANT_ROLES]
    programmes = (
        Programme.objects.filter(status=ProgrammeStatus.ENROLLING, community_id__in=communities)
        .select_related("community")
        .annotate(
            enrolled=Exists(
                Enrolment.objects.filter(
                    programme=OuterRef("pk"), user_id=user.pk, withdrawn_at__isnull=True
                )
            )
        )
        .order_by("enrolment_closes_on", "starts_on", "pk")
    )
    return [p for p in programmes if can(user, "programme.enrol", p)]


# The shared space -------------------------------------------------------------------------


def sessions_of(*, mentorship: Mentorship, viewer: Any) -> QuerySet[MentoringSession]:
    """Newest first, each with the viewer's own private note (``my_notes``, never the
    other's)."""
    return (
        MentoringSession.objects.filter(mentorship=mentorship)
        .select_related("logged_by")
        .prefetch_related(
            Prefetch(
                "private_notes",
                queryset=PrivateNote.objects.filter(author_id=viewer.pk),
                to_attr="my_notes",
            )
        )
        .order_by("-held_on", "-pk")
    )


def action_items_of(*, mentorship: Mentorship) -> list[ActionItem]:
    items = list(
        ActionItem.objects.filter(mentorship=mentorship)
        .select_related("owner")
        .order_by("done_at", "due_on", "pk")
    )
    return sorted(items, key=lambda i: (i.done_at is not None, i.due_on or date.max, i.pk))


def _with_last_check_in(qs: QuerySet[Goal]) -> QuerySet[Goal]:
    latest = CheckIn.objects.filter(goal=OuterRef("pk")).order_by("-at", "-pk")
    return qs.select_related("competency").annotate(last_check_in=Subquery(latest.values("at")[:1]))


def shared_goals_of(*, mentorship: Mentorship) -> list[Goal]:
    """The mentee's goals listed in the space, still shareable (a goal since made "only
    me" drops out) and not dropped, each with ``last_check_in``."""
    qs = mentorship.shared_goals.filter(
        owner_id=mentorship.mentee_id,
        community_id=mentorship.programme.community_id,
        visibility__in=SHAREABLE_VISIBILITIES,
    ).exclude(status=GoalStatus.DROPPED)
    return list(_with_last_check_in(qs).order_by("-created_at", "-pk"))


def shareable_goals(*, mentorship: Mentorship) -> QuerySet[Goal]:
    """What the mentee may choose to share: their goals in the programme's community that
    a mentor can be let into, not dropped."""
    return (
        Goal.objects.filter(
            owner_id=mentorship.mentee_id,
            community_id=mentorship.programme.community_id,
            visibility__in=SHAREABLE_VISIBILITIES,
        )
        .exclude(status=GoalStatus.DROPPED)
        .order_by("-created_at", "-pk")
    )


def check_ins_done(*, mentorship: Mentorship) -> dict[tuple[int, str], MentoringCheckIn]:
    """Who has answered which stage (``(author id, stage)``). Pages show the viewer their
    own answers and only *that* the other answered."""
    return {
        (c.author_id, c.stage): c
        for c in MentoringCheckIn.objects.filter(mentorship=mentorship).order_by("pk")
    }


@dataclass
class CheckInState:
    stage: str
    label: str
    opens: date
    is_open: bool
    mine: MentoringCheckIn | None  # the viewer's own answers
    other_done: bool  # only *that* the other answered, never what


@dataclass
class MentorshipSpace:
    """The shared space as its viewer sees it: what the page and the API both show."""

    mentorship: Mentorship
    other: Any
    may_edit: bool
    today: date
    items: list[ActionItem]  # each with ``is_overdue``
    open_actions: int
    check_ins: list[CheckInState]
    shared_goals: list[Goal]  # each with ``viewer_may_open``
    sessions: list[MentoringSession]  # each with ``my_note``; only when asked for


def action_items_due(*, mentorship: Mentorship, today: date) -> list[ActionItem]:
    """The action items, each with ``is_overdue`` on the viewer's ``today``."""
    return with_overdue(action_items_of(mentorship=mentorship), today)


def mentorship_space(
    *, mentorship: Mentorship, viewer: Any, with_sessions: bool = False
) -> MentorshipSpace:
    """One read model of the shared space for the page and the API (after
    ``access_mentorship``)."""
    from salon.goals.services.goals import local_today

    today = local_today(viewer)
    other = mentorship.other(viewer)
    items = action_items_due(mentorship=mentorship, today=today)
    done = check_ins_done(mentorship=mentorship)
    check_ins = []
    for stage in CheckInStage:
        opens = check_in_opens(mentorship.programme, stage.value)
        check_ins.append(
            CheckInState(
                stage=stage.value,
                label=str(stage.label),
                opens=opens,
                is_open=opens <= today,
                mine=done.get((viewer.pk, stage.value)),
                other_done=(other.pk, stage.value) in done,
            )
        )
    shared_goals = shared_goals_of(mentorship=mentorship)
    for goal in shared_goals:
        goal.viewer_may_open = can(viewer, "goal.view", goal)  # type: ignore[attr-defined]
    sessions: list[MentoringSession] = []
    if with_sessions:
        sessions = list(sessions_of(mentorship=mentorship, viewer=viewer))
        for session in sessions:
            notes = session.my_notes  # type: ignore[attr-defined]
            session.my_note = notes[0].text if notes else ""  # type: ignore[attr-defined]
    return MentorshipSpace(
        mentorship=mentorship,
        other=other,
        may_edit=can(viewer, "mentorship.edit", mentorship),
        today=today,
        items=items,
        open_actions=sum(1 for item in items if item.done_at is None),
        check_ins=check_ins,
        shared_goals=shared_goals,
        sessions=sessions,
    )


# The stewards' aggregate ------------------------------------------------------------------


def _shown_mean(values: list[int]) -> float | str:
    # Fewer answers than the threshold and a mean could point at one person.
    shown = anonymity.shown_mean(values)
    if shown is None:
        return _("fewer than %(n)d") % {"n": anonymity.THRESHOLD}
    return shown


def programme_health(programme: Programme, *, now: datetime | None = None) -> dict[str, Any]:
    """How a programme's pairs are doing, in aggregate only: counts of pairs by state, of
    sessions and of overdue pairs, and the mean check-in answers per stage, shown only
    from three answers on. Never a pair's notes or one person's answers. Four queries."""
    today = timezone.localdate(now) if now else timezone.localdate()
    pairs = Mentorship.objects.filter(programme=programme)
    counts = pairs.aggregate(
        active=Count("pk", filter=Q(status=MentorshipStatus.ACTIVE)),
        ended_early=Count("pk", filter=Q(status=MentorshipStatus.ENDED_EARLY)),
        completed=Count("pk", filter=Q(status=MentorshipStatus.COMPLETED)),
        rematch_asked=Count(
            "pk", filter=Q(status=MentorshipStatus.ENDED_EARLY, wants_rematch=True)
        ),
    )
    sessions = MentoringSession.objects.filter(mentorship__programme=programme).count()
    overdue = 0
    for mentorship in pairs.filter(status=MentorshipStatus.ACTIVE).only(
        "started_at", "last_session_on", "programme_id"
    ):
        mentorship.programme = programme
        overdue += session_due_on(mentorship) <= today
    answers: dict[str, dict[str, list[int]]] = {
        s: {"satisfaction": [], "progress": []} for s in CheckInStage.values
    }
    for stage, satisfaction, progress in MentoringCheckIn.objects.filter(
        mentorship__programme=programme
    ).values_list("stage", "satisfaction", "progress"):
        answers[stage]["satisfaction"].append(satisfaction)
        answers[stage]["progress"].append(progress)
    return {
        **counts,
        "sessions": sessions,
        "overdue": overdue,
        "check_ins": {
            stage: {
                "answers": len(values["satisfaction"]),
                "satisfaction": _shown_mean(values["satisfaction"]),
                "progress": _shown_mean(values["progress"]),
            }
            for stage, values in answers.items()
        },
    }
