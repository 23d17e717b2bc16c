"""Looking after the Global Executive Network's cohort: the dates its members joined, a
stalled goal, the notes and actions of its last session and its learning-set meeting (so
the director's circle-health page and the member's week have something true to show), and
an interest group a member proposed, waiting for the director.
The words are in ``data/circles.toml``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from salon.circles.models import MeetingAction, MeetingNotes
from salon.communities.models import Circle, CircleKind, CircleMembership, Community
from salon.demo.content import load
from salon.demo.forum_content import COHORT_SLUG
from salon.demo.seed_programmes import QUIET
from salon.events.models import Event, EventStatus
from salon.goals.models import Competency, Goal, GoalVisibility
from salon.programmes.models import Item

WORDS = load("circles")


def seed_circles(*, director: Any, member: Any) -> None:
    gen = Community.objects.get(slug="global-executive-network")
    cohort = Circle.objects.get(community=gen, slug=COHORT_SLUG)
    now = timezone.now()
    CircleMembership.objects.filter(circle=cohort).update(
        joined_at=now + timedelta(days=WORDS["joined"])
    )
    people = [
        cm.user
        for cm in CircleMembership.objects.filter(circle=cohort)
        .select_related("user")
        .order_by("pk")
    ]
    others = [p for p in people if p.pk != member.pk]
    quiet = others[-QUIET:]
    _stalled_goal(gen, cohort, quiet[0], now)
    session = (
        Event.objects.filter(circle=cohort, starts_at__lt=now)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    if session is not None:
        notes = MeetingNotes.objects.create(
            community=gen, circle=cohort, event=session, text=WORDS["session"]["notes"].strip()
        )
        _actions(notes, WORDS["session"]["actions"], member, others, now)
    item = Item.objects.filter(
        module__programme__cohorts=cohort, title=WORDS["meeting"]["item"]
    ).first()
    if item is not None:
        notes = MeetingNotes.objects.create(
            community=gen, circle=cohort, item=item, text=WORDS["meeting"]["notes"].strip()
        )
        _actions(notes, WORDS["meeting"]["actions"], member, others, now)
    MeetingNotes.objects.update(updated_by=director)
    _interest_group(gen, others[WORDS["interest_group"]["proposer"] - 1])


def _interest_group(gen: Community, proposer: Any) -> None:
    """Proposed by a member, waiting for a director (so private until approved)."""
    spec = WORDS["interest_group"]
    group = Circle.objects.create(
        community=gen,
        name=spec["name"],
        slug=slugify(spec["name"])[:60],
        kind=CircleKind.INTEREST_GROUP,
        description=spec["description"],
        is_private=True,
        awaiting_approval=True,
    )
    CircleMembership.objects.create(circle=group, user=proposer, is_lead=True)


def _stalled_goal(gen: Community, cohort: Circle, owner: Any, now: Any) -> None:
    spec = WORDS["stalled_goal"]
    competency = Competency.objects.filter(community=gen).order_by("position", "pk").first()
    assert competency is not None  # the seed gives every community its framework
    Goal.objects.create(
        owner=owner,
        community=gen,
        competency=competency,
        title=spec["title"],
        success_looks_like="Every team lead has had one, and I act on what I hear.",
        visibility=GoalVisibility.CIRCLE,
        circle=cohort,
        next_check_in_due=(now - timedelta(days=spec["overdue"])).date(),
        progress=10,
    )


def _actions(
    notes: MeetingNotes, specs: list[dict[str, Any]], member: Any, others: list[Any], now: Any
) -> None:
    MeetingAction.objects.bulk_create(
        [
            MeetingAction(
                notes=notes,
                text=spec["text"],
                owner=member if spec["owner"] == "member" else others[spec["owner"] - 1],
                due_on=(now + timedelta(days=spec["due"])).date(),
                done_at=now - timedelta(days=1) if spec.get("done") else None,
            )
            for spec in specs
        ]
    )
