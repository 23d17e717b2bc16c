"""Reads of matching that the review page, the pair's page, mentee choice and the API
share: the run in review and its figures, the pool, one pair's check, suggestions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from salon.accounts.models import User
from salon.goals.models import Competency
from salon.mentoring.engine import matching, records
from salon.mentoring.models import (
    Enrolment,
    ForbiddenPair,
    Match,
    MatchingMode,
    MatchRun,
    MatchStatus,
    Programme,
    RunStatus,
    Side,
)
from salon.mentoring.selectors.cohorts import (
    HOLDING,
    cohort_of,
    rules_of,
    taken,
    weights_of,
)


def latest_staged_run(programme: Programme) -> MatchRun | None:
    return programme.runs.filter(status=RunStatus.STAGED).order_by("-number").first()


def check(programme: Programme, mentee_id: int, mentor_id: int) -> records.PairCheck:
    """One pair's score, reasons and the hard rules it breaks, from today's records."""
    cohort = cohort_of(programme, pool_only=False)
    mentee = next((m for m in cohort.mentees if m.id == mentee_id), None)
    mentor = next((m for m in cohort.mentors if m.id == mentor_id), None)
    if mentee is None or mentor is None:
        raise ValidationError(_("Both people must still be enrolled."))
    return matching.check_pair(
        mentee,
        dataclasses.replace(mentor, capacity=max(mentor.capacity, 1)),
        weights=weights_of(programme),
        rules=rules_of(programme),
        earlier_pairs=cohort.earlier_pairs,
        forbidden=cohort.forbidden,
    )


def rule_names() -> dict[str, str]:
    return {
        "same_person": _("the same person on both sides"),
        "reporting_chain": _("one reports to the other"),
        "no_shared_language": _("no language in common"),
        "too_few_shared_hours": _("too few shared working hours"),
        "avoid": _("one asked not to be matched with the other"),
        "earlier_pair": _("they were paired in an earlier cycle"),
        "forbidden": _("the pair was ruled out"),
        "same_unit": _("the same organisation unit"),
        "mentor_full": _("the mentor has no room left"),
    }


@dataclass
class Suggestion:
    mentor: User
    pair: records.Pair
    room: int
    sentences: list[str] = dataclasses.field(default_factory=list)


def suggestions_for(programme: Programme, mentee: Any, *, limit: int | None = None) -> list[Any]:
    """The mentors with room who pass every hard rule for this mentee, best first (only in
    mentee-choice programmes: elsewhere the programme team proposes)."""
    if programme.mode != MatchingMode.MENTEE_CHOICE:
        return []
    cohort = cohort_of(programme)
    record = next((m for m in cohort.mentees if m.id == mentee.pk), None)
    if record is None:
        return []
    mentors = [m for m in cohort.mentors if m.capacity > 0]
    if not mentors:
        return []
    scores = matching.pair_scores(
        [record],
        mentors,
        weights=weights_of(programme),
        rules=rules_of(programme),
        earlier_pairs=cohort.earlier_pairs,
        forbidden=cohort.forbidden,
    )[0]
    order = sorted(
        (j for j in range(len(mentors)) if scores[j] == scores[j]),  # NaN: a rule drops it
        key=lambda j: (-scores[j], mentors[j].id),
    )[: limit or programme.suggestions]
    result = []
    for j in order:
        check = matching.check_pair(
            record,
            mentors[j],
            weights=weights_of(programme),
            rules=rules_of(programme),
            earlier_pairs=cohort.earlier_pairs,
            forbidden=cohort.forbidden,
        )
        result.append(
            Suggestion(cohort.people[int(mentors[j].id)], check.pair, mentors[j].capacity)
        )
    return result


def review_state(programme: Programme) -> dict[str, Any]:
    """Counts for the review page: the pool, and the published matches by state."""
    counts = dict(
        Match.objects.filter(programme=programme, run__isnull=False)
        .exclude(status=MatchStatus.STAGED)
        .exclude(status=MatchStatus.WITHDRAWN)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    enrolled = dict(
        Enrolment.objects.filter(programme=programme, withdrawn_at__isnull=True)
        .values_list("side")
        .annotate(n=Count("pk"))
    )
    busy, _used = taken(programme)
    return {
        "waiting": counts.get(MatchStatus.PUBLISHED, 0),
        "accepted": counts.get(MatchStatus.ACCEPTED, 0),
        "declined": counts.get(MatchStatus.DECLINED, 0) + counts.get(MatchStatus.EXPIRED, 0),
        "mentees": enrolled.get(Side.MENTEE, 0),
        "mentors": enrolled.get(Side.MENTOR, 0),
        "pool": enrolled.get(Side.MENTEE, 0)
        - Enrolment.objects.filter(
            programme=programme,
            side=Side.MENTEE,
            withdrawn_at__isnull=True,
            user_id__in=busy,
        ).count(),
    }


def live_summary(programme: Programme, run: MatchRun, pairs: list[Match]) -> dict[str, Any]:
    """The run's figures as the pairs stand now, after pins, forbids and swaps: the
    stored diagnostics describe the engine's answer, this the proposal being reviewed."""
    scores = [p.score for p in pairs]
    share = None
    if programme.target_attribute:
        field = "region" if programme.target_attribute == "cross_region" else "function"
        having = [
            p
            for p in pairs
            if getattr(p.mentee, field)
            and getattr(p.mentor, field)
            and getattr(p.mentee, field) != getattr(p.mentor, field)
        ]
        share = len(having) / len(pairs) if pairs else None
    return {
        "matched": len(pairs),
        "mean": sum(scores) / len(scores) if scores else None,
        "worst": min(scores) if scores else None,
        "total": sum(scores),
        "share": share,
        "changed": abs(sum(scores) - float(run.diagnostics.get("total_score", 0))) > 1e-6
        or len(pairs) != run.diagnostics.get("matched"),
    }


def waiting_people(programme: Programme) -> list[dict[str, Any]]:
    """The mentees in the pool now (no pair, no match waiting), for the review page when
    no run is in review."""
    busy, _used = taken(programme)
    return [
        {"mentee": user_id, "name": name, "why": "waiting", "eliminated_by": {}}
        for user_id, name in Enrolment.objects.filter(
            programme=programme, side=Side.MENTEE, withdrawn_at__isnull=True
        )
        .exclude(user_id__in=busy)
        .order_by("user__name")
        .values_list("user_id", "user__name")
    ]


def unmatched_people(run: MatchRun) -> list[dict[str, Any]]:
    """The mentees without a proposed mentor in the run as it stands: those the engine
    could not match, and those whose pair the director forbade since."""
    rows = list(run.unmatched)
    rows += (
        [
            {"mentee": mentee_id, "why": "forbidden", "feasible_mentors": 0, "eliminated_by": {}}
            for mentee_id in run.matches.filter(status=MatchStatus.WITHDRAWN).values_list(
                "mentee_id", flat=True
            )
        ]
        if run.status == RunStatus.STAGED
        else []
    )
    ids = [row["mentee"] for row in rows]
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [dict(row, name=names.get(row["mentee"], "?")) for row in rows]


def any_pending(programme: Programme) -> bool:
    return Match.objects.filter(Q(programme=programme) & Q(status=MatchStatus.PUBLISHED)).exists()


def competency_names(reason_lists: Iterable[Iterable[Mapping[str, Any]]]) -> dict[int, str]:
    """The names of every competency the reasons mention, in one query."""
    ids: set[int] = set()
    for reasons in reason_lists:
        for reason in reasons:
            detail = reason.get("detail", {})
            ids.update(int(k) for k in detail.get("covered", []) + detail.get("shared", []))
    return dict(Competency.objects.filter(pk__in=ids).values_list("pk", "name"))


def match_url(match: Match) -> str:
    from django.urls import reverse

    return reverse("mentoring:match", args=[match.pk])


# The review page and a pair's page ----------------------------------------------------------


def run_shown(programme: Programme, staged: MatchRun | None) -> MatchRun | None:
    """The run the review page shows: the one in review, else the latest."""
    return staged or programme.runs.order_by("-number").first()


def runs_of(programme: Programme, *, limit: int = 10) -> list[MatchRun]:
    return list(programme.runs.order_by("-number")[:limit])


def pairs_of_run(run: MatchRun) -> list[Match]:
    """The run's pairs as they stand, pinned first, then best first."""
    return list(
        run.matches.exclude(status=MatchStatus.WITHDRAWN)
        .select_related("mentee", "mentor")
        .order_by("-pinned", "-score", "pk")
    )


def answered_matches(programme: Programme, *, limit: int = 200) -> list[Match]:
    """Published matches and how they were answered, for the programme team."""
    return list(
        Match.objects.filter(programme=programme)
        .exclude(status__in=[MatchStatus.STAGED, MatchStatus.WITHDRAWN])
        .select_related("mentee", "mentor")
        .order_by("status", "-published_at", "pk")[:limit]
    )


def forbidden_pairs_of(programme: Programme) -> QuerySet[ForbiddenPair]:
    return ForbiddenPair.objects.filter(programme=programme).select_related("mentee", "mentor")


def swap_candidates(match: Match) -> list[Match]:
    """The other staged pairs of the match's run, for a swap of mentors."""
    if match.status != MatchStatus.STAGED or not match.run_id:
        return []
    return list(
        Match.objects.filter(run_id=match.run_id, status=MatchStatus.STAGED)
        .exclude(pk=match.pk)
        .select_related("mentee", "mentor")
        .order_by("mentee__name")
    )


def match_in_programme(programme_id: int, match_id: int) -> Match | None:
    """A match of the same programme (the other pair of a swap), or None."""
    return Match.objects.filter(pk=match_id, programme_id=programme_id).first()


def pair_enrolments(match: Match) -> dict[str, Enrolment]:
    """The mentee's and the mentor's enrolments behind a match, by side."""
    return {
        e.side: e
        for e in Enrolment.objects.filter(
            programme_id=match.programme_id, user_id__in=[match.mentee_id, match.mentor_id]
        ).prefetch_related("competencies")
        if (e.side == Side.MENTEE and e.user_id == match.mentee_id)
        or (e.side == Side.MENTOR and e.user_id == match.mentor_id)
    }


# Mentee choice --------------------------------------------------------------------------------


def mentee_enrolment(programme: Programme, user: Any) -> Enrolment | None:
    return Enrolment.objects.filter(
        programme=programme, user=user, side=Side.MENTEE, withdrawn_at__isnull=True
    ).first()


def pending_request(programme: Programme, user: Any) -> Match | None:
    """The mentee's request waiting for an answer, or their accepted match."""
    return (
        Match.objects.filter(programme=programme, mentee=user, status__in=HOLDING)
        .select_related("mentor")
        .first()
    )


def match_list_for(
    *,
    user: Any,
    programme: Programme,
    manages: bool,
    status: str | None = None,
    run: int | None = None,
    limit: int = 1000,
) -> list[Match]:
    """The programme's matches, best first: all of them for the programme team, else the
    viewer's own once published; by status and run number when asked."""
    qs = Match.objects.filter(programme=programme).select_related("mentee", "mentor", "run")
    if not manages:
        qs = qs.filter(published_at__isnull=False).filter(Q(mentee=user) | Q(mentor=user))
    if status:
        qs = qs.filter(status=status)
    if run is not None:
        qs = qs.filter(run__number=run)
    return list(qs.order_by("-score", "pk")[:limit])
