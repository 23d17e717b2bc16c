"""The six benefits: leadership growth, goal attainment, knowledge, relationships and
cultural adaptation (innovation is the idea pipeline, see selectors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salon.analytics.facts import RECENT_DAYS, Facts
from salon.analytics.measures.common import (
    Group,
    Measure,
    Number,
    Units,
    among,
    people_with,
    share,
    sum_of,
)
from salon.analytics.measures.engagement import open_goals, recent
from salon.analytics.measures.ties import (
    cross_share,
    cross_share_before,
    tie_figure,
    with_ties_share,
)


def _achieved(facts: Facts, units: Units, group: Group) -> Number:
    """Goals achieved in the period, among the people who had a goal open in it."""
    period = facts.period
    had = [
        g
        for g in facts.goals
        if g.created <= period.end and (g.closed is None or g.closed >= period.start)
    ]
    people = among(units, {g.owner for g in had}, group)
    if not people:
        return None
    return sum(
        1
        for g in had
        if g.owner in people
        and g.status == "achieved"
        and g.closed is not None
        and g.closed in period
    )


def _goal_states(facts: Facts, units: Units, group: Group) -> tuple[int, int] | None:
    """(on track, stalled) among the goals open at the end of the period: on track when
    checked in on in its last 30 days, stalled when not (and made more than 30 days ago)."""
    goals = open_goals(facts)
    people = among(units, {g.owner for g in goals}, group)
    if not people:
        return None
    end = facts.period.end
    mine = [g for g in goals if g.owner in people]
    on_track = sum(1 for g in mine if recent(g.last_check_in, end))
    stalled = sum(
        1
        for g in mine
        if not recent(g.last_check_in, end) and (end - g.created).days >= RECENT_DAYS
    )
    return on_track, stalled


def _on_track(facts: Facts, units: Units, group: Group) -> Number:
    states = _goal_states(facts, units, group)
    return None if states is None else states[0]


def _stalled(facts: Facts, units: Units, group: Group) -> Number:
    states = _goal_states(facts, units, group)
    return None if states is None else states[1]


def _applied_share(facts: Facts, units: Units, group: Group) -> Number:
    people = among(units, (p for p, (n, _a) in facts.applied.items() if n), group)
    return share(sum(facts.applied[p][1] for p in people), sum(facts.applied[p][0] for p in people))


def _grew(facts: Facts, units: Units, group: Group, *, rose: bool) -> Number:
    """Share of people rated in two cycles with at least one competency that rose (or
    fell) by more than its noise band."""
    people = among(units, {r.person for r in facts.ratings}, group)
    if not people:
        return None
    moved = {
        r.person
        for r in facts.ratings
        if r.person in people and (r.change > r.band if rose else r.change < -r.band)
    }
    return share(len(moved), len(people))


BENEFITS: dict[str, list[Measure]] = {
    "growth": [
        Measure(
            "grew_share",
            _("Rated higher by others"),
            _(
                "Of the people rated in their last two 360° cycles, the share whose rating "
                "by others rose on at least one competency by more than the noise band (the "
                "change chance alone can make, given how many people rated them)."
            ),
            "percent",
            lambda f, u, g: _grew(f, u, g, rose=True),
        ),
        Measure(
            "fell_share",
            _("Rated lower by others"),
            _("The same people, the share rated lower on at least one competency beyond the band."),
            "percent",
            lambda f, u, g: _grew(f, u, g, rose=False),
        ),
    ],
    "goals": [
        Measure(
            "goals_achieved",
            _("Goals achieved"),
            _("Personal goals marked achieved in the period."),
            "count",
            _achieved,
        ),
        Measure(
            "goals_on_track",
            _("Goals on track"),
            _("Open goals checked in on in the last 30 days of the period."),
            "count",
            _on_track,
        ),
        Measure(
            "goals_stalled",
            _("Goals stalled"),
            _("Open goals older than 30 days without a check-in in the last 30 days."),
            "count",
            _stalled,
        ),
    ],
    "knowledge": [
        Measure(
            "paths_completed",
            _("Paths completed"),
            _("Learning paths members finished in the period."),
            "count",
            sum_of("paths_completed"),
        ),
        Measure(
            "learners",
            _("Members learning on a path"),
            _("Members who finished at least one step of a path in the period."),
            "people",
            people_with("steps"),
        ),
        Measure(
            "useful_marks",
            _("Resources rated useful"),
            _("Times members marked a library resource useful in the period."),
            "count",
            sum_of("useful_marks"),
        ),
        Measure(
            "applied_share",
            _("Applied what they learnt"),
            _(
                "Of the answers to the follow-up two weeks after a session (“did you apply "
                "it?”) given in the period, the share that said yes or partly."
            ),
            "percent",
            _applied_share,
        ),
    ],
    "relationships": [
        Measure(
            "ties",
            _("Ties"),
            _(
                "Pairs of members who did something together in the period — a forum reply "
                "to the other's topic, a mentoring session, a small session (12 people or "
                "fewer) both attended, feedback one gave the other, a direct message, a new "
                "connection, a coffee-roulette meeting one of them said happened — counted "
                "once for each of the two."
            ),
            "count",
            tie_figure,
        ),
        Measure(
            "new_ties",
            _("New ties"),
            _("Ties whose first interaction ever was in the period."),
            "count",
            lambda f, u, g: tie_figure(f, u, g, new=True),
        ),
        Measure(
            "with_ties_share",
            _("Members with a tie"),
            _("Members with at least one tie in the period, as a share of all members."),
            "percent",
            with_ties_share,
        ),
    ],
    "culture": [
        Measure(
            "cross_region_ties",
            _("Ties across regions"),
            _("Ties of the period between members of two different regions."),
            "count",
            lambda f, u, g: tie_figure(f, u, g, cross=True),
        ),
        Measure(
            "cross_region_share",
            _("Interactions across regions"),
            _(
                "Of the interactions of the period between members who gave their region, "
                "the share between two different regions."
            ),
            "percent",
            cross_share,
        ),
        Measure(
            "cross_region_share_before",
            _("The same, the period before"),
            _(
                "The share of interactions across regions in the period of the same length "
                "just before."
            ),
            "percent",
            cross_share_before,
        ),
    ],
}
