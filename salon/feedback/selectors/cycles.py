"""Reads of feedback shared by the pages and the API, already filtered by what the viewer
may see; every figure of a report goes through ``salon.core.anonymity`` (via
``salon.feedback.report``). A fixed number of queries per page, however many people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from salon.communities.models import STEWARD_ROLES
from salon.communities.roles import membership_of
from salon.core import anonymity
from salon.feedback import report as engine
from salon.feedback.models import (
    Cycle,
    CycleStatus,
    GapGoal,
    Nomination,
    Participant,
    RatedItem,
    RaterGroup,
    Response,
)

# Closed cycles the director's view compares.
TREND_CYCLES = 4


def cycles_for(user: Any, community: Any) -> QuerySet[Cycle]:
    """Stewards see every cycle of the community; others the cycles they take part in."""
    cycles = Cycle.objects.filter(community=community).select_related("circle")
    membership = membership_of(user, community)
    if membership is not None and membership.role in STEWARD_ROLES:
        return cycles.annotate(people=Count("participants"))
    involved = Participant.objects.filter(cycle=OuterRef("pk")).filter(
        Q(person_id=user.pk) | Q(nominations__rater_id=user.pk)
    )
    return cycles.filter(Exists(involved)).annotate(people=Count("participants"))


def items_of(cycle: Cycle) -> list[RatedItem]:
    return list(RatedItem.objects.filter(cycle=cycle).select_related("competency", "behaviour"))


def participants_progress(cycle: Cycle) -> list[Participant]:
    """Each person reviewed with how many raters they have and how many answered: counts
    only, never who (the self-view is counted apart)."""
    others = ~Q(nominations__group=RaterGroup.SELF)
    return list(
        Participant.objects.filter(cycle=cycle)
        .select_related("person", "manager")
        .annotate(
            raters=Count("nominations", filter=others),
            answered=Count("nominations", filter=others & Q(nominations__answered=True)),
            self_answered=Count(
                "nominations",
                filter=Q(nominations__group=RaterGroup.SELF, nominations__answered=True),
            ),
        )
        .order_by("person__name", "person__email")
    )


def own_participation(cycle: Cycle, user: Any) -> Participant | None:
    return Participant.objects.filter(cycle=cycle, person_id=user.pk).first()


def invitations_for(user: Any, *, cycle: Cycle | None = None) -> list[Nomination]:
    """The rater's own invitations still to answer, in open cycles with approved lists."""
    rows = Nomination.objects.filter(
        rater_id=user.pk,
        participant__cycle__status=CycleStatus.OPEN,
        participant__nominations_status="approved",
    ).select_related("participant__person", "participant__cycle__community")
    if cycle is not None:
        rows = rows.filter(participant__cycle=cycle)
    return list(rows.order_by("answered", "participant__cycle__closes_on", "pk"))


def nominations_of(participant: Participant) -> list[Nomination]:
    return list(
        Nomination.objects.filter(participant=participant)
        .select_related("rater")
        .order_by("group", "rater__name", "rater__email")
    )


def reports_for(user: Any, *, community: Any = None) -> QuerySet[Participant]:
    """The member's own reports: their participations in closed cycles."""
    reports = Participant.objects.filter(person_id=user.pk, cycle__status=CycleStatus.CLOSED)
    if community is not None:
        reports = reports.filter(cycle__community=community)
    return reports.select_related("cycle__community").order_by("-cycle__closes_on", "-pk")


def _answers(cycle: Cycle, items: Sequence[RatedItem], rows: Sequence[Any]) -> engine.Answers:
    return engine.Answers(
        items=[engine.Item(str(i.pk), i.competency_id, i.label) for i in items],
        points=len(cycle.scale),
        threshold=cycle.threshold,
        ratings=[(group, scores) for group, scores, _c in rows],
        comments=[(group, comments) for group, _s, comments in rows],
        questions=len(cycle.questions),
    )


def _previous(participant: Participant) -> Participant | None:
    cycle = participant.cycle
    return (
        Participant.objects.filter(
            person_id=participant.person_id,
            cycle__community_id=cycle.community_id,
            cycle__status=CycleStatus.CLOSED,
            cycle__closes_on__lt=cycle.closes_on,
        )
        .select_related("cycle")
        .order_by("-cycle__closes_on", "-pk")
        .first()
    )


@dataclass
class ReportView:
    participant: Participant
    report: engine.Report
    competencies: dict[Any, Any]  # id -> Competency
    previous: Participant | None
    goals: dict[Any, Any] = field(default_factory=dict)  # competency id -> Goal

    @property
    def cycle(self) -> Cycle:
        return self.participant.cycle

    @property
    def groups(self) -> list[dict[str, Any]]:
        """Each shown group with its answers and per-competency means (the API's shape)."""
        return [
            {
                "group": group,
                "label": str(RaterGroup(group).label),
                "responses": n,
                "competencies": [
                    {
                        "competency": cid,
                        "name": self.competencies[cid].name,
                        "mean": self.report.group_competencies[group].get(cid),
                    }
                    for cid in self.competencies
                ],
            }
            for group, n in self.report.groups.items()
        ]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Each competency's row with its competency and the goal made from it, if any."""
        return [
            {
                "row": row,
                "competency": self.competencies[row.competency],
                "goal": self.goals.get(row.competency),
            }
            for row in self.report.competencies
        ]

    @property
    def group_table(self) -> list[tuple[Any, list[float | None]]]:
        """Competencies down, shown groups across."""
        return [
            (
                competency,
                [self.report.group_competencies[g].get(cid) for g in self.report.groups],
            )
            for cid, competency in self.competencies.items()
        ]

    @property
    def comments(self) -> list[tuple[str, list[str]]]:
        return list(zip(self.cycle.questions, self.report.comments, strict=False))

    @property
    def hidden_groups(self) -> list[str]:
        return list(self.report.hidden_groups)

    @property
    def hidden_labels(self) -> list[str]:
        return [str(RaterGroup(g).label) for g in self.report.hidden_groups]


def report_view(participant: Participant) -> ReportView:
    """A person's report (seven queries, however many raters)."""
    cycle = participant.cycle
    items = items_of(cycle)
    rows = list(
        Response.objects.filter(participant=participant).values_list("group", "scores", "comments")
    )
    previous = _previous(participant)
    before = None
    if previous is not None:
        before_items = items_of(previous.cycle)
        before_rows = list(
            Response.objects.filter(participant=previous).values_list("group", "scores", "comments")
        )
        before = _answers(previous.cycle, before_items, before_rows)
    built = engine.build(_answers(cycle, items, rows), previous=before, seed=participant.pk)
    goals = {
        g.competency_id: g.goal
        for g in GapGoal.objects.filter(participant=participant).select_related("goal")
    }
    return ReportView(
        participant=participant,
        report=built,
        competencies={i.competency_id: i.competency for i in items},
        previous=previous,
        goals=goals,
    )


@dataclass
class CycleOverview:
    cycle: Cycle
    view: engine.CohortView
    invited: int
    answered: int

    @property
    def completion(self) -> int | None:
        """Share of raters who answered, over five people reviewed or more."""
        if self.view.people < anonymity.PEOPLE_THRESHOLD or not self.invited:
            return None
        return round(100 * self.answered / self.invited)


def _cycle_overview(cycle: Cycle) -> CycleOverview:
    items = items_of(cycle)
    by_person: dict[int, list[Any]] = {}
    for participant_id, group, scores, comments in Response.objects.filter(
        participant__cycle=cycle
    ).values_list("participant_id", "group", "scores", "comments"):
        by_person.setdefault(participant_id, []).append((group, scores, comments))
    people = list(Participant.objects.filter(cycle=cycle).values_list("pk", flat=True))
    reports = [engine.build(_answers(cycle, items, by_person.get(p, []))) for p in people]
    counts = Nomination.objects.filter(participant__cycle=cycle).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    return CycleOverview(cycle, engine.cohort(reports), counts["invited"], counts["answered"])


@dataclass
class Overview:
    competencies: list[Any]
    cycles: list[CycleOverview]  # newest first

    @property
    def latest(self) -> CycleOverview | None:
        return self.cycles[0] if self.cycles else None


def overview(community: Any) -> Overview:
    """The director's view: the cohort's competencies across the last closed cycles,
    aggregates over five people or more only (a fixed number of queries per cycle)."""
    cycles = list(
        Cycle.objects.filter(community=community, status=CycleStatus.CLOSED).order_by(
            "-closes_on", "-pk"
        )[:TREND_CYCLES]
    )
    overviews = [_cycle_overview(c) for c in cycles]
    from salon.goals.models import Competency

    ids = {row_key for o in overviews for row_key in o.view.others}
    competencies = list(Competency.objects.filter(pk__in=ids).order_by("position", "name"))
    return Overview(competencies, overviews)


# Lookups of what a new cycle or nomination names (the API's input), within a community.


def competencies_in(community: Any, ids: Sequence[int]) -> list[Any]:
    from salon.goals.models import Competency

    return list(Competency.objects.filter(community=community, pk__in=ids))


def behaviours_in(community: Any, ids: Sequence[int]) -> list[Any]:
    from salon.goals.models import Behaviour

    return list(
        Behaviour.objects.filter(
            competency__community=community, pk__in=ids, retired_at__isnull=True
        )
    )


def circle_in(community: Any, slug: str) -> Any:
    from salon.communities.models import Circle

    return Circle.objects.filter(community=community, slug=slug).first()


def active_person(user_id: int) -> Any:
    from salon.accounts.models import User

    return User.objects.filter(pk=user_id, is_active=True).first()
