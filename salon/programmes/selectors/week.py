"""The member's week: one read model for the home page and ``GET /api/v1/me/week``.

In the order the home shows it, each part only when it has something: what needs the
member now (feedback asked of them, a mentoring proposal, a programme item due or late,
a session this week they have not answered), their sessions this week, the module their
programme is in and what is left of it, goals with a check-in due, their mentoring pairs,
the actions they took on in meetings, and unread replies and mentions. Each part is one
or two queries, whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from salon.communities.models import PARTICIPANT_ROLES, CircleMembership
from salon.communities.roles import memberships_of
from salon.programmes.models import Item, ItemKind, ItemState, Module, Progress
from salon.programmes.selectors.progress import states_in_order

WEEK = timedelta(days=7)
# A session's join link shows from this long before it starts.
JOIN_EARLY = timedelta(minutes=15)
MAX_ROWS = 8


@dataclass
class ItemDue:
    item: Item
    state: str
    programme_title: str
    programme_url: str


@dataclass
class ProgrammeNow:
    """A programme the member follows: the module it is in and the items left in it."""

    programme: Any
    module: Module | None
    left: list[ItemDue]
    done_in_module: int
    total_in_module: int


@dataclass
class Week:
    today: date
    starts: datetime
    ends: datetime
    feedback_requests: list[Any] = field(default_factory=list)
    mentoring_proposals: list[Any] = field(default_factory=list)
    items_due: list[ItemDue] = field(default_factory=list)
    to_answer: list[Any] = field(default_factory=list)
    sessions: list[Any] = field(default_factory=list)
    programmes: list[ProgrammeNow] = field(default_factory=list)
    goals_due: list[Any] = field(default_factory=list)
    mentorships: list[Any] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)
    unread: list[Any] = field(default_factory=list)

    @property
    def needs_me(self) -> bool:
        return bool(
            self.feedback_requests or self.mentoring_proposals or self.items_due or self.to_answer
        )

    @property
    def is_quiet(self) -> bool:
        return not (
            self.needs_me
            or self.sessions
            or self.programmes
            or self.goals_due
            or self.mentorships
            or self.actions
            or self.unread
        )


def week_for(*, user: Any, now: datetime | None = None) -> Week:
    now = now or timezone.now()
    today = timezone.localdate(now)
    week = Week(today=today, starts=now, ends=now + WEEK)
    if not any(m.role in PARTICIPANT_ROLES for m in memberships_of(user).values()):
        week.sessions, week.to_answer = _sessions(user, now)
        return week
    week.feedback_requests = _feedback_requests(user)
    week.mentoring_proposals = _proposals(user)
    week.sessions, week.to_answer = _sessions(user, now)
    week.programmes = _programmes(user, today)
    week.items_due = [
        row
        for p in week.programmes
        for row in p.left
        if row.state in (ItemState.LATE, ItemState.DUE)
        and (row.item.kind == ItemKind.ASSIGNMENT or row.state == ItemState.LATE)
    ]
    week.goals_due = _goals_due(user, today)
    week.mentorships = _mentorships(user, today)
    week.actions = _meeting_actions(user, today)
    week.unread = _unread(user)
    return week


def _feedback_requests(user: Any) -> list[Any]:
    from salon.feedback.selectors.peer import feedback_to_answer

    return list(feedback_to_answer(user=user).order_by("created_at")[:MAX_ROWS])


def _proposals(user: Any) -> list[Any]:
    from salon.mentoring.selectors.mentorships import matches_awaiting

    return matches_awaiting(user=user)[:MAX_ROWS]


def _sessions(user: Any, now: datetime) -> tuple[list[Any], list[Any]]:
    """This week's sessions the member said yes to (or hosts), and those still to answer.
    One query."""
    from salon.events.selectors import sessions_until

    events = sessions_until(user=user, until=now + WEEK)
    mine, open_ = [], []
    for event in events:
        event.join_now = bool(  # type: ignore[attr-defined]
            event.join_url and event.starts_at - JOIN_EARLY <= now <= event.ends_at
        )
        status = getattr(event, "my_status", None)
        if status in ("going", "maybe", "waitlisted") or getattr(event, "i_host", False):
            mine.append(event)
        elif not status and not event.is_cancelled:
            open_.append(event)
    return mine[:MAX_ROWS], open_[:MAX_ROWS]


def _programmes(user: Any, today: date) -> list[ProgrammeNow]:
    """The programmes of the member's cohorts that are running, each at its current module
    (or the next one between modules). Two queries: every item with its module and
    programme, and the member's progress."""
    in_cohort = CircleMembership.objects.filter(
        user_id=user.pk,
        circle__cohort_programmes=OuterRef("module__programme"),
        circle__archived_at__isnull=True,
    )
    items = list(
        Item.objects.filter(
            Exists(in_cohort),
            module__programme__community_id__in=[
                cid for cid, m in memberships_of(user).items() if m.role in PARTICIPANT_ROLES
            ],
            module__programme__starts_on__lte=today + WEEK,
            module__programme__ends_on__gte=today,
        )
        .select_related("module__programme__community", "resource", "path", "event")
        .order_by(
            "module__programme__starts_on", "module__programme_id", "module__position", "position"
        )
    )
    if not items:
        return []
    done = set(
        Progress.objects.filter(user_id=user.pk, item__in=[i.pk for i in items]).values_list(
            "item_id", flat=True
        )
    )
    by_programme: dict[int, list[Item]] = {}
    for item in items:
        by_programme.setdefault(item.module.programme_id, []).append(item)
    found = []
    for programme_items in by_programme.values():
        programme = programme_items[0].module.programme
        states = states_in_order(programme_items, done, today)
        modules = {i.module_id: i.module for i in programme_items}
        current = next(
            (m for m in modules.values() if m.starts_on <= today <= m.ends_on), None
        ) or next((m for m in modules.values() if m.starts_on > today), None)
        in_module = [
            (i, s)
            for i, s in zip(programme_items, states, strict=True)
            if current is not None and i.module_id == current.pk
        ]
        # What is late from an earlier module stays on the list until it is done.
        late_before = [
            (i, s)
            for i, s in zip(programme_items, states, strict=True)
            if s == ItemState.LATE and (current is None or i.module.position < current.position)
        ]
        left = [
            ItemDue(
                item=i,
                state=s,
                programme_title=programme.title,
                programme_url=programme.get_absolute_url(),
            )
            for i, s in late_before + in_module
            if s != ItemState.DONE
        ]
        if current is None and not left:
            continue
        found.append(
            ProgrammeNow(
                programme=programme,
                module=current,
                left=left[: MAX_ROWS * 2],
                done_in_module=sum(1 for _i, s in in_module if s == ItemState.DONE),
                total_in_module=len(in_module),
            )
        )
    return found


def _goals_due(user: Any, today: date) -> list[Any]:
    from salon.goals.selectors import goals_due_for

    return list(goals_due_for(owner=user, by=today + timedelta(days=6))[:MAX_ROWS])


def _mentorships(user: Any, today: date) -> list[Any]:
    from salon.mentoring.selectors.mentorships import active_mentorships_of, session_due_on

    pairs = []
    for mentorship in active_mentorships_of(user=user)[:MAX_ROWS]:
        mentorship.partner = (  # type: ignore[attr-defined]
            mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee
        )
        mentorship.session_due = session_due_on(mentorship)  # type: ignore[attr-defined]
        mentorship.session_late = mentorship.session_due < today  # type: ignore[attr-defined]
        pairs.append(mentorship)
    return pairs


def _meeting_actions(user: Any, today: date) -> list[Any]:
    from salon.circles.selectors.notes import open_actions_for

    return open_actions_for(user=user, today=today)


def _unread(user: Any) -> list[Any]:
    from salon.notifications.selectors import unread_conversation_for

    return unread_conversation_for(user=user, limit=5)
