"""360° feedback for the demo: the Global Executive Network's leadership cohort finished a
cycle last quarter and has one open now. The demo member's report from last quarter has a
blind spot, a hidden strength, a group hidden because only two of its raters answered,
and a development goal made from the gap; this quarter they still have their own view to
give and two colleagues to give feedback on. Words and the member's ratings are in
``data/feedback.toml``; everyone else's ratings are drawn around a level per person.

Answers are written as the app stores them: without their raters (docs/feedback.md).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES, Circle, Community
from salon.demo.content import load
from salon.demo.forum_content import COHORT_SLUG
from salon.feedback.models import (
    Cycle,
    CycleStatus,
    Nomination,
    NominationStatus,
    Participant,
    RatedItem,
    Response,
)
from salon.feedback.services import cycles as cycle_services
from salon.goals.models import Behaviour, Competency, GoalVisibility

FEEDBACK = load("feedback")
# How a behaviour's rating differs from its competency's, in turn, so a report has a
# highest and a lowest behaviour to show.
BEHAVIOUR_OFFSETS = (0, 1, -1, 0, 0)


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def _cycle(
    gen: Community, cohort: Circle, director: Any, words: dict[str, Any], **dates: Any
) -> Cycle:
    return Cycle.objects.create(
        community=gen,
        circle=cohort,
        title=words["title"],
        scale=FEEDBACK["scale"],
        questions=FEEDBACK["questions"],
        created_by=director,
        **dates,
    )


def _items(cycle: Cycle, competencies: list[Competency]) -> list[RatedItem]:
    behaviours: dict[int, list[Behaviour]] = {}
    for found in Behaviour.objects.filter(
        competency__in=competencies, retired_at__isnull=True
    ).order_by("position", "pk"):
        behaviours.setdefault(found.competency_id, []).append(found)
    items: list[RatedItem] = []
    for competency in competencies:
        chosen: list[Behaviour | None] = [*behaviours.get(competency.pk, [])[:5]] or [None]
        for behaviour in chosen:
            items.append(
                RatedItem(
                    cycle=cycle, competency=competency, behaviour=behaviour, position=len(items)
                )
            )
    return RatedItem.objects.bulk_create(items)


def _scores(
    items: list[RatedItem], by_competency: dict[int, float], *, vary: bool
) -> dict[str, int]:
    scores = {}
    seen: dict[int, int] = {}
    for item in items:
        n = seen.get(item.competency_id, 0)
        seen[item.competency_id] = n + 1
        offset = BEHAVIOUR_OFFSETS[n % len(BEHAVIOUR_OFFSETS)] if vary else 0
        scores[str(item.pk)] = _clamp(by_competency[item.competency_id] + offset)
    return scores


def _named(competencies: list[Competency], ratings: dict[str, int]) -> dict[int, float]:
    return {c.pk: float(ratings[c.name]) for c in competencies}


class _Cycle:
    """Collects one cycle's rows and writes them in a few bulk inserts."""

    def __init__(self, cycle: Cycle, items: list[RatedItem], rng: random.Random) -> None:
        self.cycle, self.items, self.rng = cycle, items, rng
        self.nominations: list[Nomination] = []
        self.responses: list[Response] = []
        self.turn = 0

    def comment(self) -> list[str]:
        self.turn += 1
        keep, change = FEEDBACK["member"]["others_keep"], FEEDBACK["member"]["others_change"]
        if self.turn % 3 == 0:
            return ["", ""]
        return [keep[self.turn % len(keep)], change[(self.turn * 5) % len(change)]]

    def rater(
        self,
        participant: Participant,
        rater: Any,
        group: str,
        scores: dict[str, int] | None,
        comments: list[str] | None = None,
        invited: Any = None,
    ) -> None:
        self.nominations.append(
            Nomination(
                participant=participant,
                rater=rater,
                group=group,
                answered=scores is not None,
                invited_at=invited,
            )
        )
        if scores is not None:
            self.responses.append(
                Response(
                    participant=participant,
                    group=group,
                    scores=scores,
                    comments=comments if comments is not None else self.comment(),
                )
            )

    def drawn(self, level: dict[int, float]) -> dict[str, int]:
        noisy = {k: v + self.rng.gauss(0, 0.6) for k, v in level.items()}
        return _scores(self.items, noisy, vary=True)

    def save(self) -> None:
        Nomination.objects.bulk_create(self.nominations)
        # A random key per answer, as the app gives it: the order says nothing.
        self.rng.shuffle(self.responses)
        Response.objects.bulk_create(self.responses)


def _earlier(
    gen: Community,
    cohort: Circle,
    director: Any,
    people: list[Any],
    competencies: list[Competency],
    levels: dict[int, dict[int, float]],
    member: Any,
    gen_people: list[Any],
) -> None:
    """The cohort's first cycle, two quarters ago: everyone rated lower on the competencies
    in ``grew``. Its own random draws, so the two later cycles stay as they were."""
    rng = random.Random(360)
    words = FEEDBACK["earlier"]
    now, today = timezone.now(), timezone.localdate()
    earlier = _cycle(
        gen,
        cohort,
        director,
        words,
        opens_on=today - timedelta(days=words["opened_days_ago"]),
        nominations_close_on=today - timedelta(days=words["opened_days_ago"] - 7),
        closes_on=today - timedelta(days=words["closed_days_ago"]),
        status=CycleStatus.CLOSED,
        closed_at=now - timedelta(days=words["closed_days_ago"]),
    )
    done = _Cycle(earlier, _items(earlier, competencies), rng)
    grew = {c.pk: words["grew"].get(c.name, 0.0) for c in competencies}
    mine = FEEDBACK["member"]
    # The member's level from what their manager and peers gave them last quarter.
    rated = [mine["manager"], *mine["peers"]]
    own = {c.pk: sum(r[c.name] for r in rated) / len(rated) for c in competencies}
    for person in people:
        level = levels.get(person.pk, own)
        then = {k: v - grew[k] for k, v in level.items()}
        participant = Participant.objects.create(
            cycle=earlier,
            person=person,
            manager=person.manager if person.manager in gen_people else None,
            nominations_status=NominationStatus.APPROVED,
            approved_by=director,
            approved_at=now - timedelta(days=words["opened_days_ago"] - 5),
        )
        done.rater(participant, person, "self", _scores(done.items, level, vary=False), ["", ""])
        if participant.manager is not None:
            done.rater(participant, participant.manager, "manager", done.drawn(then))
        colleagues = [p for p in people if p != person and p != person.manager]
        for peer in rng.sample(colleagues, 4):
            done.rater(participant, peer, "peers", done.drawn(then))
    done.save()


def seed_feedback(*, director: Any, member: Any, rng: random.Random) -> None:
    gen = Community.objects.get(slug="global-executive-network")
    cohort = Circle.objects.get(community=gen, slug=COHORT_SLUG)
    competencies = list(
        Competency.objects.filter(community=gen, name__in=FEEDBACK["competencies"]).order_by(
            "position", "name"
        )
    )
    people = list(
        User.objects.filter(
            circle_memberships__circle=cohort,
            memberships__community=gen,
            memberships__role__in=PARTICIPANT_ROLES,
        )
        .distinct()
        .order_by("pk")
    )
    gen_people = list(
        User.objects.filter(memberships__community=gen, is_active=True)
        .exclude(pk=director.pk)
        .order_by("pk")
    )
    now = timezone.now()
    today = timezone.localdate()
    levels = {
        p.pk: {c.pk: rng.uniform(2.4, 4.3) for c in competencies} for p in people if p != member
    }

    # Last quarter: closed, everyone's report ready.
    words = FEEDBACK["previous"]
    previous = _cycle(
        gen,
        cohort,
        director,
        words,
        opens_on=today - timedelta(days=words["opened_days_ago"]),
        nominations_close_on=today - timedelta(days=words["opened_days_ago"] - 7),
        closes_on=today - timedelta(days=words["closed_days_ago"]),
        status=CycleStatus.CLOSED,
        closed_at=now - timedelta(days=words["closed_days_ago"]),
    )
    done = _Cycle(previous, _items(previous, competencies), rng)
    mine = FEEDBACK["member"]
    for person in people:
        participant = Participant.objects.create(
            cycle=previous,
            person=person,
            manager=person.manager if person.manager in gen_people else None,
            nominations_status=NominationStatus.APPROVED,
            approved_by=director,
            approved_at=now - timedelta(days=words["opened_days_ago"] - 5),
        )
        colleagues = [p for p in people if p != person and p != person.manager]
        peers = rng.sample(colleagues, 4)
        if person == member:
            done.rater(
                participant,
                person,
                "self",
                _scores(done.items, _named(competencies, mine["self"]), vary=False),
                [mine["own_keep"], mine["own_change"]],
            )
            if participant.manager is not None:
                done.rater(
                    participant,
                    participant.manager,
                    "manager",
                    _scores(done.items, _named(competencies, mine["manager"]), vary=True),
                    [mine["manager_keep"], mine["manager_change"]],
                )
            for n, (peer, ratings) in enumerate(zip(peers, mine["peers"], strict=False)):
                done.rater(
                    participant,
                    peer,
                    "peers",
                    _scores(done.items, _named(competencies, ratings), vary=True),
                    [mine["keep"][n % len(mine["keep"])], mine["change"][n % len(mine["change"])]],
                )
            # Four direct reports asked, two answered: too few to show.
            taken = {p.pk for p in peers} | {person.pk, getattr(participant.manager, "pk", 0)}
            reports = [p for p in gen_people if p.pk not in taken][:4]
            for n, report in enumerate(reports):
                ratings = mine["direct_reports"][n] if n < len(mine["direct_reports"]) else None
                done.rater(
                    participant,
                    report,
                    "direct_reports",
                    _scores(done.items, _named(competencies, ratings), vary=True)
                    if ratings
                    else None,
                    ["I wish we heard more about where the region is going.", ""]
                    if ratings
                    else None,
                )
            continue
        level = levels[person.pk]
        done.rater(
            participant,
            person,
            "self",
            _scores(
                done.items, {k: v + rng.choice((-1, 0, 0, 1)) for k, v in level.items()}, vary=False
            ),
            ["", ""],
        )
        if participant.manager is not None:
            done.rater(participant, participant.manager, "manager", done.drawn(level))
        for peer in peers[: rng.choice((3, 4, 4))]:
            done.rater(participant, peer, "peers", done.drawn(level))
    done.save()
    own_report = Participant.objects.get(cycle=previous, person=member)
    goal = cycle_services.gap_goal_create(
        actor=member,
        participant=own_report,
        competency=next(c for c in competencies if c.name == "Strategic thinking"),
        gap=mine["gap_goal"],
    )
    # Made private in one click, then shared with their mentor, who helps with it.
    goal.visibility = GoalVisibility.MENTOR
    goal.save(update_fields=["visibility"])

    # This quarter: open; most lists approved, some answers in. The demo member still has
    # their own view to give and two colleagues to give feedback on.
    words = FEEDBACK["current"]
    current = _cycle(
        gen,
        cohort,
        director,
        words,
        opens_on=today - timedelta(days=words["opened_days_ago"]),
        nominations_close_on=today + timedelta(days=1),
        closes_on=today + timedelta(days=words["closes_in_days"]),
    )
    running = _Cycle(current, _items(current, competencies), rng)
    invited = now - timedelta(days=4)
    asks_member = [p for p in people if p != member][:2]
    for n, person in enumerate(people):
        approved = person == member or n % 5 != 4
        participant = Participant.objects.create(
            cycle=current,
            person=person,
            manager=person.manager if person.manager in gen_people else None,
            nominations_status=NominationStatus.APPROVED
            if approved
            else NominationStatus.SUBMITTED,
            approved_by=director if approved else None,
            approved_at=invited if approved else None,
        )
        colleagues = [p for p in people if p not in (person, person.manager, member)]
        peers = rng.sample(colleagues, 3)
        if person in asks_member:
            peers.append(member)
        level = levels.get(person.pk, {c.pk: 3.5 for c in competencies})
        answered = person != member and approved and rng.random() < 0.7
        running.rater(
            participant,
            person,
            "self",
            _scores(running.items, level, vary=False) if answered else None,
            ["", ""],
            invited if approved else None,
        )
        if participant.manager is not None:
            running.rater(
                participant,
                participant.manager,
                "manager",
                running.drawn(level) if approved and rng.random() < 0.5 else None,
                invited=invited if approved else None,
            )
        for peer in peers:
            answers = approved and peer != member and rng.random() < 0.6
            running.rater(
                participant,
                peer,
                "peers",
                running.drawn(level) if answers else None,
                invited=invited if approved else None,
            )
    running.save()
    _earlier(gen, cohort, director, people, competencies, levels, member, gen_people)
    from salon.feedback.notifications import cycles as notifications

    for nomination in Nomination.objects.filter(
        participant__cycle=current, rater=member, answered=False
    ).select_related("participant__cycle__community", "participant__person"):
        notifications.invited(nomination=nomination)
