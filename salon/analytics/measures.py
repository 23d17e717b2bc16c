"""Every figure the outcome pages, the CSV and the API show, defined once, from ``Facts``.

A measure is a name, its definition in a director's words (shown on the page) and a
function of the facts, the counted people and a group. Groups are sets of people (a
region, a circle) or ``None`` for the whole community; who is counted, and in which unit,
is ``salon.core.anonymity``'s rule, so a figure about fewer than five people is ``None``
("too few people to show") and no difference of figures reveals anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from salon.analytics import network
from salon.analytics.facts import RECENT_DAYS, WEEK_DAYS, Facts, GoalFact, Period
from salon.core import anonymity

Units = Mapping[int, Hashable]
Group = Collection[int] | None
Number = float | int | None


def counted_units(facts: Facts) -> dict[int, Hashable]:
    """Who is counted, and in which unit: people who share a region and every circle."""
    return anonymity.units({p.id: (p.region, p.circles) for p in facts.people.values()})


def people_in(units: Units, group: Group) -> set[int]:
    return anonymity.in_group(units, group)


def among(units: Units, population: Iterable[int], group: Group) -> set[int]:
    """The people of ``population`` a group's figure may count (see anonymity.among)."""
    return anonymity.in_group(anonymity.among(units, population), group)


def share(part: float, whole: float) -> int | None:
    """A percentage, rounded; None when there is nothing to take a share of."""
    return round(100 * part / whole) if whole else None


def _active(facts: Facts, people: Iterable[int], period: Period) -> int:
    return sum(1 for p in people if any(day in period for day in facts.active_days.get(p, ())))


@dataclass(frozen=True)
class Measure:
    key: str
    label: StrOrPromise
    definition: StrOrPromise
    unit: str  # "people", "percent", "count", "hours"
    compute: Callable[[Facts, Units, Group], Number]


def _members(facts: Facts, units: Units, group: Group) -> Number:
    return len(people_in(units, group)) or None


def _weekly(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return _active(facts, people, facts.period.last(WEEK_DAYS)) if people else None


def _weekly_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return share(_active(facts, people, facts.period.last(WEEK_DAYS)), len(people))


def _monthly(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return _active(facts, people, facts.period.last(RECENT_DAYS)) if people else None


def _monthly_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return share(_active(facts, people, facts.period.last(RECENT_DAYS)), len(people))


def _posters(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return len(people & facts.posted) if people else None


def _readers(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    return len((people & facts.read) - facts.posted) if people else None


def _asked(facts: Facts, units: Units) -> list[tuple[int, float | None]]:
    """Each question asked in the period by a counted person: (asker, hours until the
    first reply by another counted person, or None when unanswered)."""
    asked = []
    for q in facts.questions:
        if q.asker not in units or q.asked_at.date() not in facts.period:
            continue
        answer = next(
            (
                at
                for author, at in q.replies
                if author is not None and author != q.asker and author in units
            ),
            None,
        )
        hours = (answer - q.asked_at).total_seconds() / 3600 if answer is not None else None
        asked.append((q.asker, hours))
    return asked


def _questions_of(facts: Facts, units: Units, group: Group) -> list[float | None] | None:
    asked = _asked(facts, units)
    people = among(units, {asker for asker, _h in asked}, group)
    if not people:
        return None
    return [hours for asker, hours in asked if asker in people]


def _questions(facts: Facts, units: Units, group: Group) -> Number:
    hours = _questions_of(facts, units, group)
    return None if hours is None else len(hours)


def _answered_share(facts: Facts, units: Units, group: Group) -> Number:
    hours = _questions_of(facts, units, group)
    return None if hours is None else share(sum(1 for h in hours if h is not None), len(hours))


def _hours_to_answer(facts: Facts, units: Units, group: Group) -> Number:
    hours = _questions_of(facts, units, group)
    answered = [h for h in hours or () if h is not None]
    return round(median(answered), 1) if answered else None


def _attendance_share(facts: Facts, units: Units, group: Group) -> Number:
    people = among(units, (p for p, n in facts.going.items() if n), group)
    going = sum(facts.going.get(p, 0) for p in people)
    return share(sum(facts.attended_of_going.get(p, 0) for p in people), going)


def _open_goals(facts: Facts) -> list[GoalFact]:
    """Goals open at the end of the period: made by then and not closed before it."""
    end = facts.period.end
    return [g for g in facts.goals if g.created <= end and (g.closed is None or g.closed > end)]


def _recent(day: date | None, end: date) -> bool:
    return day is not None and end - timedelta(days=RECENT_DAYS - 1) <= day <= end


def _check_in_share(facts: Facts, units: Units, group: Group) -> Number:
    goals = _open_goals(facts)
    people = among(units, {g.owner for g in goals}, group)
    mine = [g for g in goals if g.owner in people]
    return share(sum(1 for g in mine if _recent(g.last_check_in, facts.period.end)), len(mine))


def _sum_of(name: str) -> Callable[[Facts, Units, Group], Number]:
    def compute(facts: Facts, units: Units, group: Group) -> Number:
        people = people_in(units, group)
        values: Mapping[int, int] = getattr(facts, name)
        return sum(values.get(p, 0) for p in people) if people else None

    return compute


def _people_with(name: str) -> Callable[[Facts, Units, Group], Number]:
    def compute(facts: Facts, units: Units, group: Group) -> Number:
        people = people_in(units, group)
        values: Mapping[int, int] = getattr(facts, name)
        return sum(1 for p in people if values.get(p, 0)) if people else None

    return compute


def _rater_share(facts: Facts, units: Units, group: Group) -> Number:
    people = among(units, (p for p, (invited, _a) in facts.raters.items() if invited), group)
    invited = sum(facts.raters[p][0] for p in people)
    return share(sum(facts.raters[p][1] for p in people), invited)


ACTIVITY: list[Measure] = [
    Measure(
        "members",
        _("Members"),
        _("People who take part in the community (or the group) today: every role but guests."),
        "people",
        _members,
    ),
    Measure(
        "weekly_active",
        _("Active in the last week"),
        _(
            "Members who did anything in the last 7 days of the period: read or wrote in "
            "the forum, answered an invitation, attended a session, checked in on a goal, "
            "met their mentor or mentee, finished a step of a path, marked a resource, gave "
            "feedback or praise, or brought or backed an idea."
        ),
        "people",
        _weekly,
    ),
    Measure(
        "weekly_active_share",
        _("Share active in the last week"),
        _("Members active in the last 7 days of the period, as a share of all members."),
        "percent",
        _weekly_share,
    ),
    Measure(
        "monthly_active",
        _("Active in the last 30 days"),
        _("Members who did anything (as above) in the last 30 days of the period."),
        "people",
        _monthly,
    ),
    Measure(
        "monthly_active_share",
        _("Share active in the last 30 days"),
        _("Members active in the last 30 days of the period, as a share of all members."),
        "percent",
        _monthly_share,
    ),
]

FORUM: list[Measure] = [
    Measure(
        "posters",
        _("Wrote in the forum"),
        _("Members who wrote at least one post or reply in the period."),
        "people",
        _posters,
    ),
    Measure(
        "readers",
        _("Read without writing"),
        _("Members who opened a forum topic in the period but wrote nothing in it."),
        "people",
        _readers,
    ),
    Measure(
        "questions",
        _("Questions asked"),
        _("Forum topics asked as a question in the period."),
        "count",
        _questions,
    ),
    Measure(
        "answered_share",
        _("Questions answered"),
        _("Questions of the period that another member replied to, as a share of them."),
        "percent",
        _answered_share,
    ),
    Measure(
        "hours_to_answer",
        _("Time to the first answer"),
        _("Median hours from a question to the first reply by someone else (answered ones)."),
        "hours",
        _hours_to_answer,
    ),
]

PROGRAMME: list[Measure] = [
    Measure(
        "attendance_share",
        _("Came when they said they would"),
        _(
            "Of the places members said they would take (“going”) at sessions held in the "
            "period, the share at which they were checked in."
        ),
        "percent",
        _attendance_share,
    ),
    Measure(
        "check_in_share",
        _("Goals with a recent check-in"),
        _(
            "Of the personal goals open at the end of the period, the share checked in on "
            "in its last 30 days."
        ),
        "percent",
        _check_in_share,
    ),
    Measure(
        "mentoring_sessions",
        _("Mentoring sessions"),
        _("Mentoring sessions logged as held in the period (each counted once, for its mentee)."),
        "count",
        _sum_of("sessions"),
    ),
    Measure(
        "path_steps",
        _("Path steps done"),
        _("Steps of learning paths members marked done in the period."),
        "count",
        _sum_of("steps"),
    ),
    Measure(
        "feedback_completion",
        _("360° answers given"),
        _(
            "Of the invitations to rate someone in 360° cycles that closed in the period "
            "(or are open), the share answered."
        ),
        "percent",
        _rater_share,
    ),
]

# Engagement, in three tables: activity, the forum, and the programme's parts.
ENGAGEMENT: dict[str, list[Measure]] = {
    "engagement": ACTIVITY,
    "forum": FORUM,
    "programme": PROGRAMME,
}


# Benefits ------------------------------------------------------------------------------------


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
    goals = _open_goals(facts)
    people = among(units, {g.owner for g in goals}, group)
    if not people:
        return None
    end = facts.period.end
    mine = [g for g in goals if g.owner in people]
    on_track = sum(1 for g in mine if _recent(g.last_check_in, end))
    stalled = sum(
        1
        for g in mine
        if not _recent(g.last_check_in, end) and (end - g.created).days >= RECENT_DAYS
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


def _counted_interactions(facts: Facts, units: Units) -> list[tuple[int, int, date]]:
    """Interactions between counted people only: one with someone left out of the figures
    would let what they did show through the other person's figure."""
    return [(i.a, i.b, i.day) for i in facts.interactions if i.a in units and i.b in units]


def _tie_figure(
    facts: Facts, units: Units, group: Group, *, new: bool = False, cross: bool = False
) -> Number:
    people = people_in(units, group)
    if not people:
        return None
    pairs_of = network.new_ties if new else network.ties
    pairs = pairs_of(
        _counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    region = {p.id: p.region for p in facts.people.values()}
    if cross:
        pairs = {pair for pair in pairs if network.crosses(pair, region)}
    by_person = network.partners(pairs)
    # Each tie counts once for each of its people in the group: a tie inside the group
    # is two people's tie.
    return sum(len(by_person.get(p, ())) for p in people)


def _with_ties_share(facts: Facts, units: Units, group: Group) -> Number:
    people = people_in(units, group)
    pairs = network.ties(
        _counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    by_person = network.partners(pairs)
    return share(sum(1 for p in people if by_person.get(p)), len(people))


def _cross_share(facts: Facts, units: Units, group: Group, period: Period | None = None) -> Number:
    """Interactions of the group's people in the period with someone of another region, as
    a share of their interactions with anyone whose region is known."""
    people = people_in(units, group)
    period = period or facts.period
    region = {p.id: p.region for p in facts.people.values()}
    total = across = 0
    for a, b, day in _counted_interactions(facts, units):
        if day not in period or a == b or not region.get(a) or not region.get(b):
            continue
        ends = (a in people) + (b in people)
        total += ends
        if region[a] != region[b]:
            across += ends
    return share(across, total) if people else None


def _cross_share_before(facts: Facts, units: Units, group: Group) -> Number:
    return _cross_share(facts, units, group, facts.period.before())


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
            _sum_of("paths_completed"),
        ),
        Measure(
            "learners",
            _("Members learning on a path"),
            _("Members who finished at least one step of a path in the period."),
            "people",
            _people_with("steps"),
        ),
        Measure(
            "useful_marks",
            _("Resources rated useful"),
            _("Times members marked a library resource useful in the period."),
            "count",
            _sum_of("useful_marks"),
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
                "fewer) both attended, feedback one gave the other — counted once for each "
                "of the two."
            ),
            "count",
            _tie_figure,
        ),
        Measure(
            "new_ties",
            _("New ties"),
            _("Ties whose first interaction ever was in the period."),
            "count",
            lambda f, u, g: _tie_figure(f, u, g, new=True),
        ),
        Measure(
            "with_ties_share",
            _("Members with a tie"),
            _("Members with at least one tie in the period, as a share of all members."),
            "percent",
            _with_ties_share,
        ),
    ],
    "culture": [
        Measure(
            "cross_region_ties",
            _("Ties across regions"),
            _("Ties of the period between members of two different regions."),
            "count",
            lambda f, u, g: _tie_figure(f, u, g, cross=True),
        ),
        Measure(
            "cross_region_share",
            _("Interactions across regions"),
            _(
                "Of the interactions of the period between members who gave their region, "
                "the share between two different regions."
            ),
            "percent",
            _cross_share,
        ),
        Measure(
            "cross_region_share_before",
            _("The same, the period before"),
            _(
                "The share of interactions across regions in the period of the same length "
                "just before."
            ),
            "percent",
            _cross_share_before,
        ),
    ],
}


def ei_by_region(facts: Facts, units: Units) -> dict[str, float]:
    """The E–I index of each region's ties in the period, for regions of counted people
    (a region is whole units, so five people or more)."""
    pairs = network.ties(
        _counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    region = {
        p: facts.people[p].region
        for p in people_in(units, None)
        if units[p] != anonymity.OTHER and facts.people[p].region
    }
    return {str(k): v for k, v in network.ei_index(pairs, region).items()}


def network_shape(facts: Facts, units: Units) -> network.Shape:
    pairs = network.ties(
        _counted_interactions(facts, units), start=facts.period.start, end=facts.period.end
    )
    return network.shape(people_in(units, None), pairs)


# Retention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    label: str
    people: int
    active: list[int | None]  # share active in month 1, 2, 3 after the month of joining


def _month(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, n: int) -> date:
    year, month = divmod(day.month - 1 + n, 12)
    return date(day.year + year, month + 1, 1)


def retention(facts: Facts, units: Units, *, cohorts: int = 6, months: int = 3) -> list[Cohort]:
    """The counted members by the month they joined (the last ``cohorts`` months before the
    period's end), and the share of each cohort active in each of the ``months`` months
    after its joining month. A cohort of fewer than five people is merged with the one
    before it, so every row stands for five people or more; the oldest rows' leftovers,
    if still too few, are not shown."""
    last = _month(facts.period.end)
    first = _add_months(last, -(cohorts - 1))
    by_month: dict[date, list[int]] = {}
    for p in people_in(units, None):
        joined = _month(facts.people[p].joined)
        if joined >= first:
            by_month.setdefault(joined, []).append(p)
    rows: list[Cohort] = []
    pending: list[int] = []
    pending_months: list[date] = []
    for n in range(cohorts):
        month = _add_months(first, n)
        if month in by_month:
            pending += by_month[month]
            pending_months.append(month)
        if len(pending) < anonymity.PEOPLE_THRESHOLD:
            continue
        label = (
            pending_months[0].strftime("%b %Y")
            if len(pending_months) == 1
            else f"{pending_months[0]:%b}–{pending_months[-1]:%b %Y}"
        )
        active: list[int | None] = []
        for k in range(1, months + 1):
            # Month k after joining, for the cohort's last joining month.
            start = _add_months(pending_months[-1], k)
            if start > facts.period.end:
                active.append(None)
                continue
            end = min(_add_months(start, 1) - timedelta(days=1), facts.period.end)
            active.append(share(_active(facts, pending, Period(start, end)), len(pending)))
        rows.append(Cohort(label, len(pending), active))
        pending, pending_months = [], []
    return rows


def weekly_trend(facts: Facts, units: Units, group: Group) -> list[tuple[date, int | None]]:
    """The share of the group active in each week of the period (weeks end on its last
    day; a first, shorter week is left out)."""
    people = people_in(units, group)
    weeks = []
    end = facts.period.end
    while end - timedelta(days=WEEK_DAYS - 1) >= facts.period.start:
        start = end - timedelta(days=WEEK_DAYS - 1)
        weeks.append((start, share(_active(facts, people, Period(start, end)), len(people))))
        end = start - timedelta(days=1)
    return list(reversed(weeks))
