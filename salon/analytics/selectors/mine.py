"""One member's own figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salon.analytics import measures
from salon.analytics.selectors.facts import DEFAULT_PERIOD, facts_for, period_ending
from salon.communities.models import Community


@dataclass(frozen=True)
class Mine:
    active_days: int
    posts: bool
    going: int
    attended: int
    goals_open: int
    goals_recent: int
    goals_achieved: int
    sessions: int
    steps: int
    paths_completed: int
    ties: int
    new_ties: int
    cross_region_ties: int
    growth: list[tuple[str, float, float, str]]  # competency, change, band, rose/fell/steady


def mine_for(*, community: Community, user: Any, days: int = DEFAULT_PERIOD) -> Mine:
    """The member's own figures: shown to them alone, so nothing is withheld — but the ties
    count only interactions, never who they were with."""
    from salon.analytics import network

    period = period_ending(days)
    facts = facts_for(community=community, period=period)
    me = user.pk
    end = period.end
    open_goals = [g for g in measures.open_goals(facts) if g.owner == me]
    pairs = network.ties(
        [(i.a, i.b, i.day) for i in facts.interactions], start=period.start, end=period.end
    )
    new = network.new_ties(
        [(i.a, i.b, i.day) for i in facts.interactions], start=period.start, end=period.end
    )
    region = {p.id: p.region for p in facts.people.values()}
    mine_pairs = [pair for pair in pairs if me in pair]
    return Mine(
        active_days=sum(1 for d in facts.active_days.get(me, ()) if d in period),
        posts=me in facts.posted,
        going=facts.going.get(me, 0),
        attended=facts.attended_of_going.get(me, 0),
        goals_open=len(open_goals),
        goals_recent=sum(1 for g in open_goals if measures.recent(g.last_check_in, end)),
        goals_achieved=sum(
            1
            for g in facts.goals
            if g.owner == me
            and g.status == "achieved"
            and g.closed is not None
            and g.closed in period
        ),
        sessions=facts.sessions.get(me, 0),
        steps=facts.steps.get(me, 0),
        paths_completed=facts.paths_completed.get(me, 0),
        ties=len(mine_pairs),
        new_ties=sum(1 for pair in new if me in pair),
        cross_region_ties=sum(1 for pair in mine_pairs if network.crosses(pair, region)),
        growth=[
            (
                facts.competencies.get(r.competency, ""),
                r.change,
                r.band,
                "rose" if r.change > r.band else "fell" if r.change < -r.band else "steady",
            )
            for r in facts.ratings
            if r.person == me
        ],
    )


def growth_for(*, user: Any, days: int = DEFAULT_PERIOD) -> list[tuple[Community, Mine]]:
    """The member's own figures in each community where they take part (``analytics.
    view_own``), by community name."""
    from salon.communities.roles import memberships_of
    from salon.core.permissions import can

    communities = sorted((m.community for m in memberships_of(user).values()), key=lambda c: c.name)
    return [
        (community, mine_for(community=community, user=user, days=days))
        for community in communities
        if can(user, "analytics.view_own", community)
    ]
