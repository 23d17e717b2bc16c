"""What the measures are computed from: plain facts about one community's people over one
period, gathered by ``selectors.facts_for`` in a fixed number of queries and free of Django,
so every measure can be checked by hand on a few made-up people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# "Recent" for a goal's check-in, and the window of "monthly active".
RECENT_DAYS = 30
WEEK_DAYS = 7


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def last(self, days: int) -> Period:
        """The last ``days`` days of the period (or the whole period when shorter)."""
        return Period(max(self.start, self.end - timedelta(days=days - 1)), self.end)

    def before(self) -> Period:
        """The period of the same length just before this one (for a trend)."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass(frozen=True)
class Person:
    id: int
    region: str
    circles: frozenset[int]
    joined: date


@dataclass(frozen=True)
class Question:
    asker: int
    asked_at: datetime
    # (author, when) of each reply, in order; the asker's own replies are no answer.
    replies: tuple[tuple[int | None, datetime], ...] = ()


@dataclass(frozen=True)
class GoalFact:
    owner: int
    status: str  # active, achieved, dropped
    created: date
    last_check_in: date | None
    closed: date | None


@dataclass(frozen=True)
class KeyResultFact:
    title: str
    progress: float  # share of the way from baseline to target, 0..1
    elapsed: float  # share of its objective's time gone, 0..1


@dataclass(frozen=True)
class Rating:
    """One person's "others" mean on one competency in their last two 360 cycles, with the
    noise band of that change (salon.feedback.report)."""

    person: int
    competency: int
    change: float
    band: float


@dataclass(frozen=True)
class StageFact:
    key: int
    name: str
    reached: int  # ideas that ever entered it
    now: int  # ideas in it now
    advanced_in_period: int  # ideas that entered it, from an earlier stage, in the period


@dataclass(frozen=True)
class Interaction:
    """Two people who did something together (a reply, a mentoring session, a small
    session both attended, feedback one gave the other), on a day."""

    a: int
    b: int
    day: date
    source: str


@dataclass
class Facts:
    period: Period
    people: dict[int, Person]
    # Days each person did anything in the community (see selectors.ACTIVITY_SOURCES),
    # from the start of the oldest cohort the retention table follows.
    active_days: dict[int, set[date]] = field(default_factory=dict)
    posted: set[int] = field(default_factory=set)
    read: set[int] = field(default_factory=set)
    questions: list[Question] = field(default_factory=list)
    going: dict[int, int] = field(default_factory=dict)
    attended_of_going: dict[int, int] = field(default_factory=dict)
    goals: list[GoalFact] = field(default_factory=list)
    sessions: dict[int, int] = field(default_factory=dict)  # per mentee
    steps: dict[int, int] = field(default_factory=dict)
    paths_completed: dict[int, int] = field(default_factory=dict)
    useful_marks: dict[int, int] = field(default_factory=dict)
    applied: dict[int, tuple[int, int]] = field(default_factory=dict)  # answered, applied
    raters: dict[int, tuple[int, int]] = field(default_factory=dict)  # invited, answered
    key_results: list[KeyResultFact] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    competencies: dict[int, str] = field(default_factory=dict)
    stages: list[StageFact] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    circles: dict[int, str] = field(default_factory=dict)  # id -> name
    regions: dict[str, str] = field(default_factory=dict)  # code -> name
