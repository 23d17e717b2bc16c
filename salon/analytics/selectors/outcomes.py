"""The read model of the outcome pages, the CSV and the API: the figures made from the
facts (measures), with every group too small to show already withheld."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from salon.analytics import measures, network
from salon.analytics.facts import (
    Facts,
    Period,
    StageFact,
)
from salon.analytics.measures import Measure
from salon.analytics.selectors.facts import DEFAULT_PERIOD, facts_for, period_ending
from salon.communities.models import Community


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    values: list[float | int | None]
    units: list[str]

    @property
    def cells(self) -> list[tuple[float | int | None, str]]:
        return list(zip(self.values, self.units, strict=True))


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    measures: list[Measure]
    rows: list[GroupRow]


@dataclass
class Outcomes:
    community: Community
    period: Period
    days: int
    people: int  # counted people
    left_out: int  # people in no figure (their groups are too small)
    engagement: list[Table]
    benefits: list[Table]
    retention: list[measures.Cohort]
    trend: list[tuple[date, int | None]]
    growth_by_competency: list[tuple[str, int | None, int | None, int | None]]
    key_results: tuple[int, int]  # ahead of time, behind
    ei_index: list[tuple[str, float]]
    shape: Any
    stages: list[Any]
    # The community's figures over the period of the same length just before: the trend.
    before: dict[str, float | int | None] = field(default_factory=dict)
    advanced_before: int | None = None
    # When the hourly job stored these figures (None: computed just now).
    computed_at: datetime | None = None

    @property
    def tables(self) -> list[Table]:
        return [*self.engagement, *self.benefits]

    @property
    def community_figures(self) -> dict[str, float | int | None]:
        """Each measure's figure for the whole community, by the measure's key."""
        return {
            m.key: v for t in self.tables for m, v in zip(t.measures, t.rows[0].values, strict=True)
        }

    @property
    def in_market(self) -> int | None:
        """Ideas in the pipeline's last stage now."""
        return self.stages[-1].now if self.stages else None

    @property
    def advanced(self) -> int:
        return sum(s.advanced_in_period for s in self.stages)


ENGAGEMENT_TITLES = {
    "engagement": _("Engagement: who takes part"),
    "forum": _("Engagement: the forum"),
    "programme": _("Engagement: sessions, goals, mentoring, learning and feedback"),
}
BENEFIT_TITLES = {
    "growth": _("Leadership growth"),
    "goals": _("Goal attainment"),
    "knowledge": _("Knowledge"),
    "relationships": _("Relationships"),
    "culture": _("Cultural adaptation"),
}


def _groups(facts: Facts) -> list[tuple[str, str, frozenset[int] | None]]:
    regions: dict[str, set[int]] = {}
    circles: dict[int, set[int]] = {}
    for person in facts.people.values():
        if person.region:
            regions.setdefault(person.region, set()).add(person.id)
        for c in person.circles:
            circles.setdefault(c, set()).add(person.id)
    return [
        ("community", _("Whole community"), None),
        *(
            (f"region:{code}", facts.regions.get(code, code), frozenset(regions[code]))
            for code in sorted(regions)
        ),
        *(
            (f"circle:{cid}", facts.circles.get(cid, ""), frozenset(circles[cid]))
            for cid in sorted(circles, key=lambda c: facts.circles.get(c, ""))
            if cid in facts.circles
        ),
    ]


def _table(
    key: str, title: str, facts: Facts, units: Any, groups: list[Any], items: list[Measure]
) -> Table:
    return Table(
        key,
        title,
        items,
        [
            GroupRow(
                gkey,
                label,
                [m.compute(facts, units, members) for m in items],
                [m.unit for m in items],
            )
            for gkey, label, members in groups
        ],
    )


def outcomes_from(facts: Facts, *, community: Community, days: int) -> Outcomes:
    """The figures of the pages, from ``facts`` alone (no query)."""
    units: dict[int, Hashable] = measures.counted_units(facts)
    groups = _groups(facts)
    growth_rows = []
    for cid, name in sorted(facts.competencies.items(), key=lambda kv: kv[1]):
        rated = [r for r in facts.ratings if r.competency == cid]
        people = measures.among(units, {r.person for r in rated}, None)
        mine = [r for r in rated if r.person in people]
        growth_rows.append(
            (
                name,
                len(mine) or None,
                measures.share(sum(1 for r in mine if r.change > r.band), len(mine)),
                measures.share(sum(1 for r in mine if r.change < -r.band), len(mine)),
            )
        )
    ahead = sum(1 for kr in facts.key_results if kr.progress >= kr.elapsed)
    return Outcomes(
        community=community,
        period=facts.period,
        days=days,
        people=len(units),
        left_out=len(facts.people) - len(units),
        engagement=[
            _table(key, str(ENGAGEMENT_TITLES[key]), facts, units, groups, items)
            for key, items in measures.ENGAGEMENT.items()
        ],
        benefits=[
            _table(key, str(BENEFIT_TITLES[key]), facts, units, groups, items)
            for key, items in measures.BENEFITS.items()
        ],
        retention=measures.retention(facts, units),
        trend=measures.weekly_trend(facts, units, None),
        growth_by_competency=growth_rows,
        key_results=(ahead, len(facts.key_results) - ahead),
        ei_index=sorted(
            (
                (facts.regions.get(code, code), value)
                for code, value in measures.ei_by_region(facts, units).items()
            ),
            key=lambda kv: kv[0],
        ),
        shape=measures.network_shape(facts, units),
        stages=facts.stages,
    )


def outcomes_computed(
    *, community: Community, days: int = DEFAULT_PERIOD, today: date | None = None
) -> Outcomes:
    """The community's outcomes over the last ``days`` days, computed from the rollups."""
    period = period_ending(days, today=today)
    outcomes = outcomes_from(
        facts_for(community=community, period=period), community=community, days=days
    )
    earlier = outcomes_from(
        facts_for(community=community, period=period.before()), community=community, days=days
    )
    outcomes.before = earlier.community_figures
    outcomes.advanced_before = earlier.advanced
    return outcomes


def outcomes_for(*, community: Community, days: int = DEFAULT_PERIOD) -> Outcomes | None:
    """The community's outcomes over the last ``days`` days (the caller checked
    ``analytics.view``) as the hourly job last stored them, whatever day that was, or None
    if it never has. Never computed here: at 5,000 members that takes half a minute."""
    from salon.analytics.models import OutcomeSnapshot

    snapshot = (
        OutcomeSnapshot.objects.filter(community=community, days=days)
        .only("figures", "computed_at")
        .first()
    )
    if snapshot is None:
        return None
    outcomes = outcomes_loaded(snapshot.figures, community=community)
    outcomes.computed_at = snapshot.computed_at
    return outcomes


# The stored form of the figures (OutcomeSnapshot.figures) ---------------------------------


def outcomes_dumped(outcomes: Outcomes) -> dict[str, Any]:
    """The figures as JSON: measures and tables by key (their words are looked up again when
    loaded, in the reader's language)."""
    return {
        "period": [outcomes.period.start.isoformat(), outcomes.period.end.isoformat()],
        "days": outcomes.days,
        "people": outcomes.people,
        "left_out": outcomes.left_out,
        "tables": {
            part: [
                {
                    "key": t.key,
                    "measures": [m.key for m in t.measures],
                    "rows": [[r.key, r.label, r.values] for r in t.rows],
                }
                for t in tables
            ]
            for part, tables in (
                ("engagement", outcomes.engagement),
                ("benefits", outcomes.benefits),
            )
        },
        "retention": [[c.label, c.people, c.active] for c in outcomes.retention],
        "trend": [[day.isoformat(), value] for day, value in outcomes.trend],
        "growth_by_competency": [list(row) for row in outcomes.growth_by_competency],
        "key_results": list(outcomes.key_results),
        "ei_index": [list(row) for row in outcomes.ei_index],
        "shape": asdict(outcomes.shape),
        "stages": [asdict(s) for s in outcomes.stages],
        "before": outcomes.before,
        "advanced_before": outcomes.advanced_before,
    }


def outcomes_loaded(figures: dict[str, Any], *, community: Community) -> Outcomes:
    by_key = {
        m.key: m for ms in (*measures.ENGAGEMENT.values(), *measures.BENEFITS.values()) for m in ms
    }
    titles = {**ENGAGEMENT_TITLES, **BENEFIT_TITLES}

    def tables(part: str) -> list[Table]:
        result = []
        for t in figures["tables"][part]:
            items = [by_key[k] for k in t["measures"]]
            result.append(
                Table(
                    t["key"],
                    str(titles[t["key"]]),
                    items,
                    [
                        GroupRow(
                            key,
                            str(_("Whole community")) if key == "community" else label,
                            values,
                            [m.unit for m in items],
                        )
                        for key, label, values in t["rows"]
                    ],
                )
            )
        return result

    start, end = figures["period"]
    return Outcomes(
        community=community,
        period=Period(date.fromisoformat(start), date.fromisoformat(end)),
        days=figures["days"],
        people=figures["people"],
        left_out=figures["left_out"],
        engagement=tables("engagement"),
        benefits=tables("benefits"),
        retention=[measures.Cohort(label, n, active) for label, n, active in figures["retention"]],
        trend=[(date.fromisoformat(day), value) for day, value in figures["trend"]],
        growth_by_competency=[tuple(row) for row in figures["growth_by_competency"]],
        key_results=tuple(figures["key_results"]),
        ei_index=[(region, value) for region, value in figures["ei_index"]],
        shape=network.Shape(**figures["shape"]),
        stages=[StageFact(**s) for s in figures["stages"]],
        before=figures["before"],
        advanced_before=figures["advanced_before"],
    )
