"""The demo's shared objectives and personal goals: objectives with key results and a few
weeks of updates in both communities; most members with one to three goals, checked in on
for a few weeks; the demo member with goals, check-ins and encouragement from peers.

Objectives go through the services (audited, as a director would set them); the history
that happened "in past weeks" is written directly with its dates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import (
    PARTICIPANT_ROLES,
    STEWARD_ROLES,
    Circle,
    CircleMembership,
    Community,
    Membership,
)
from salon.goals import notifications as goal_notices
from salon.goals.models import (
    Cadence,
    CheckIn,
    Competency,
    Encouragement,
    Goal,
    GoalStatus,
    GoalVisibility,
    KeyResult,
    KeyResultUpdate,
    Milestone,
    Objective,
)
from salon.goals.objective_services import KeyResultPlan, objective_create
from salon.goals.services import next_due

# What people work on, per competency of the default framework: (goal, what success looks
# like, milestones).
GOAL_IDEAS: dict[str, list[tuple[str, str, list[str]]]] = {
    "Strategic thinking": [
        (
            "Spend a day a month on the three-year view",
            "My team can explain our 2029 bets without me in the room.",
            ["Block the days in my calendar", "Share a first draft of the bets"],
        ),
        (
            "Turn our market scan into three clear choices",
            "The board signs off on what we stop doing, not only on what we start.",
            ["Interview five customers", "Present the choices to the board"],
        ),
    ],
    "Leading change": [
        (
            "Bring the plant managers with me on the automation plan",
            "Each site lead can say why we change and what it means for their people.",
            ["Site visits in every region", "Town hall with questions answered"],
        ),
        (
            "Make our reorganisation feel fair",
            "Pulse survey: 70 % say they understood the reasons.",
            ["Explain the why before the what", "Run listening sessions"],
        ),
    ],
    "Driving results": [
        (
            "Hold a monthly results review that people look forward to",
            "Reviews end with owners and dates, and last under an hour.",
            ["Redesign the review template"],
        ),
        (
            "Close the gap on the West Africa margin plan",
            "Margin back at plan by the end of the half.",
            ["Agree the three levers", "Weekly tracker live"],
        ),
    ],
    "Developing others": [
        (
            "Give my leadership team more room to decide",
            "Three decisions a month are made without me, and they hold.",
            ["Agree decision rights", "Step out of two standing meetings"],
        ),
        (
            "Coach two successors to ready-now",
            "Two people could step into my role within a year.",
            ["Name the candidates", "Stretch assignment for each"],
        ),
        (
            "Give feedback within a week, every time",
            "My team says feedback from me is timely and specific.",
            [],
        ),
    ],
    "Building trust": [
        (
            "Say what I don't know earlier",
            "My directs bring me bad news first, not last.",
            ["Open each staff meeting with what I got wrong"],
        ),
        (
            "Rebuild the relationship with the Gulf distributor",
            "We agree next year's terms without escalation.",
            ["Quarterly visit", "Joint plan signed"],
        ),
    ],
    "Collaborating across boundaries": [
        (
            "Run one joint initiative with the APAC chapter",
            "A shared customer win that neither region would have landed alone.",
            ["Pick the customer with APAC", "Joint pitch"],
        ),
        (
            "Share one of my people with another function for a quarter",
            "The secondment ends with a lesson both teams adopt.",
            ["Agree the secondment"],
        ),
    ],
    "Communicating with impact": [
        (
            "Speak at the company town hall without slides",
            "People quote one line back to me a week later.",
            ["Draft the story", "Rehearse with my coach"],
        ),
        (
            "Write a monthly note my team actually reads",
            "Open rate above 80 % and replies with questions.",
            [],
        ),
    ],
    "Inclusive, cross-cultural leadership": [
        (
            "Rotate meeting times so Asia is not always up at midnight",
            "Nobody in the team carries more than their share of late calls.",
            ["Use the fair-time planner for the quarter"],
        ),
        (
            "Hear every voice in my leadership meetings",
            "Everyone speaks in the first twenty minutes.",
            ["Try round-robin openings"],
        ),
    ],
    "Innovation and learning agility": [
        (
            "Run three small experiments before the big bet",
            "Each experiment ends with a decision: scale, change or stop.",
            ["First experiment live", "Review with the lab"],
        ),
        (
            "Learn enough about AI to ask good questions",
            "I can challenge a vendor's claims in our own terms.",
            ["Finish the learning path", "Office hours with an expert"],
        ),
    ],
    "Self-awareness and resilience": [
        (
            "Protect two evenings a week",
            "I keep them for a month without anyone noticing a drop.",
            [],
        ),
        (
            "Ask for 360° feedback and act on one theme",
            "Raters see a change on that theme next cycle.",
            ["Choose raters", "Pick the theme with my mentor"],
        ),
    ],
}

CHECK_IN_NOTES = [
    ("A frank one-to-one with my deputy.", "", "Hand over the weekly review."),
    ("The circle's advice on framing it.", "Quarter-end pressure.", "Book the next session."),
    ("My coach's question: what would you stop?", "", "Draft the note to the team."),
    ("", "Travel ate two weeks.", "Restart with a small step on Monday."),
    ("Seeing the first decision made without me.", "", "Widen it to the budget."),
    ("Peer feedback from the chapter call.", "Old habits in a crisis.", "Ask for a nudge."),
]
ENCOURAGEMENTS = [
    ("cheer", ""),
    ("comment", "This is exactly the challenge I had last year. Keep going!"),
    ("help", "Happy to share the playbook we used; let's find 20 minutes."),
    ("comment", "Love that you're sharing this with the circle."),
    ("help", "I can introduce you to someone who did this in Singapore."),
]


@dataclass(frozen=True)
class ObjectiveSeed:
    title: str
    why: str
    period: str  # "H1" (January to June) or "year", of the current year
    circle: str | None
    key_results: list[tuple[KeyResultPlan, list[float]]]  # plan, weekly values since start


def _objectives(gen: bool) -> list[ObjectiveSeed]:
    if gen:
        return [
            ObjectiveSeed(
                "Grow leaders who lead across regions",
                "Our next generation of leaders will run businesses spanning regions; they "
                "learn it from each other.",
                "H1",
                None,
                [
                    (
                        KeyResultPlan("Cross-region mentoring pairs", target=30, baseline=6),
                        [9, 12, 14, 17],
                    ),
                    (
                        KeyResultPlan("Members with a development goal", "percentage", 90, 20),
                        [35, 52, 64, 71],
                    ),
                    (KeyResultPlan("Regional rotation programme launched", "done"), [0, 0, 1]),
                ],
            ),
            ObjectiveSeed(
                "Fund this year's Leadership Programme",
                "Business units sponsor the programme they benefit from.",
                "year",
                None,
                [
                    (
                        KeyResultPlan(
                            "Sponsorship committed",
                            "currency",
                            target=400000,
                            currency="EUR",
                        ),
                        [60000, 150000, 210000],
                    ),
                ],
            ),
            ObjectiveSeed(
                "Strengthen the EMEA leadership bench",
                "Three EMEA leaders retire within two years.",
                "H1",
                "emea",
                [
                    (KeyResultPlan("Successors ready now", target=12, baseline=3), [4, 5, 7]),
                    (KeyResultPlan("Chapter sessions held", target=6), [1, 2, 3, 4]),
                ],
            ),
        ]
    return [
        ObjectiveSeed(
            "Take three ideas from spark to market",
            "The lab exists to ship, not only to ideate.",
            "H1",
            None,
            [
                (KeyResultPlan("Ideas in customer pilots", target=3), [0, 1, 1, 2]),
                (KeyResultPlan("Hackathon prototypes demoed", target=12), [2, 5, 9]),
                (
                    KeyResultPlan(
                        "Revenue from new products", "currency", target=1500000, currency="USD"
                    ),
                    [0, 120000, 340000],
                ),
            ],
        ),
        ObjectiveSeed(
            "Cut the carbon cost of our platform",
            "Customers ask; regulators will soon.",
            "year",
            "sustainable-cloud",
            [
                (KeyResultPlan("Compute emissions cut", "percentage", target=30), [4, 9, 13]),
                (KeyResultPlan("Green-cloud playbook published", "done"), [0, 0]),
            ],
        ),
    ]


def _seed_objectives(
    community: Community, owner: Any, owners: list[Any], rng: random.Random, now: datetime
) -> list[Objective]:
    today = now.date()
    created = []
    for n, seed in enumerate(_objectives(community.slug == "global-executive-network")):
        first_half = seed.period == "H1"
        ends = date(today.year, 6, 30) if first_half else date(today.year, 12, 31)
        circle = (
            Circle.objects.filter(community=community, slug=seed.circle).first()
            if seed.circle
            else None
        )
        objective = objective_create(
            actor=owner,
            community=community,
            title=seed.title,
            why=seed.why,
            period=f"{today.year} H1" if first_half else str(today.year),
            starts_on=date(today.year, 1, 1),
            ends_on=ends,
            circle=circle,
            owner=owners[n % len(owners)],
            key_results=[plan for plan, _values in seed.key_results],
        )
        created.append(objective)
        for kr, (_plan, values) in zip(
            objective.key_results.order_by("position"), seed.key_results, strict=True
        ):
            _history(kr, values, owners, rng, now)
    return created


def _history(
    kr: KeyResult, values: list[float], people: list[Any], rng: random.Random, now: datetime
) -> None:
    """Weekly updates ending last week, from the baseline to the latest value."""
    previous = kr.current
    updates = []
    weeks = len(values)
    for i, value in enumerate(values):
        new = Decimal(str(value)).quantize(Decimal("0.01"))
        if new == previous:
            continue
        updates.append(
            KeyResultUpdate(
                key_result=kr,
                by=rng.choice(people),
                at=now - timedelta(weeks=weeks - i, hours=rng.randint(0, 40)),
                old_value=previous,
                new_value=new,
                confidence=rng.randint(5, 9),
                comment=rng.choice(["", "", "On track.", "Slower than hoped.", "Good week."]),
            )
        )
        previous = new
    KeyResultUpdate.objects.bulk_create(updates)
    KeyResult.objects.filter(pk=kr.pk).update(
        current=previous,
        version=1 + len(updates),
        confidence=updates[-1].confidence if updates else None,
    )


def _circles_of(community: Community) -> dict[int, list[Circle]]:
    by_user: dict[int, list[Circle]] = {}
    for cm in CircleMembership.objects.filter(
        circle__community=community, circle__is_private=False
    ).select_related("circle"):
        by_user.setdefault(cm.user_id, []).append(cm.circle)
    return by_user


def _seed_goal(
    *,
    owner: Any,
    community: Community,
    competency: Competency,
    idea: tuple[str, str, list[str]],
    visibility: str,
    circle: Circle | None,
    cadence: str,
    objective: Objective | None,
    partner: Any,
    weeks_ago: int,
    rng: random.Random,
    now: datetime,
    status: str = GoalStatus.ACTIVE,
) -> Goal:
    title, success, milestones = idea
    step = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 30}[Cadence(cadence)]
    started = now - timedelta(weeks=weeks_ago)
    days = [started + timedelta(days=step * (k + 1), hours=rng.randint(-20, 20)) for k in range(12)]
    days = [d for d in days if d < now - timedelta(hours=6)]
    progress, confidence = 0, rng.randint(5, 7)
    check_ins = []
    for at in days:
        progress = min(100, progress + rng.randint(5, 20))
        confidence = max(3, min(10, confidence + rng.choice([-1, 0, 0, 1, 1])))
        helped, blocked, next_step = rng.choice(CHECK_IN_NOTES)
        check_ins.append((at, progress, confidence, helped, blocked, next_step))
    last = check_ins[-1][0] if check_ins else started
    due = next_due(last.date(), cadence)
    if status == GoalStatus.ACHIEVED:
        progress = 100
    goal = Goal.objects.create(
        owner=owner,
        community=community,
        competency=competency,
        objective=objective,
        title=title,
        success_looks_like=success,
        visibility=visibility,
        circle=circle if visibility == GoalVisibility.CIRCLE else None,
        cadence=cadence,
        partner=partner,
        status=status,
        next_check_in_due=due,
        progress=progress,
        confidence=confidence if check_ins else None,
        last_check_in_at=last if check_ins else None,
        closed_at=now - timedelta(days=rng.randint(1, 10)) if status != GoalStatus.ACTIVE else None,
    )
    Goal.objects.filter(pk=goal.pk).update(created_at=started)
    CheckIn.objects.bulk_create(
        CheckIn(
            goal=goal,
            at=at,
            progress=p,
            confidence=c,
            helped=helped,
            blocked=blocked,
            next_step=next_step,
        )
        for at, p, c, helped, blocked, next_step in check_ins
    )
    Milestone.objects.bulk_create(
        Milestone(
            goal=goal,
            title=m,
            due=(started + timedelta(weeks=3 * (k + 1))).date(),
            done_at=started + timedelta(weeks=3 * (k + 1))
            if started + timedelta(weeks=3 * (k + 1)) < now and rng.random() < 0.7
            else None,
        )
        for k, m in enumerate(milestones)
    )
    return goal


VISIBILITY_WEIGHTS = [
    (GoalVisibility.CIRCLE, 40),
    (GoalVisibility.COMMUNITY, 30),
    (GoalVisibility.ONLY_ME, 18),
    (GoalVisibility.MENTOR, 12),
]


def _seed_members_goals(
    community: Community,
    objectives: list[Objective],
    *,
    skip: set[int],
    rng: random.Random,
    now: datetime,
) -> list[Goal]:
    competencies = {c.name: c for c in Competency.objects.filter(community=community)}
    circles = _circles_of(community)
    members = list(
        Membership.objects.filter(community=community, role__in=PARTICIPANT_ROLES)
        .exclude(role__in=STEWARD_ROLES)
        .exclude(user_id__in=skip)
        .select_related("user")
        .order_by("user_id")
    )
    peers = [m.user for m in members]
    open_objectives = [o for o in objectives if o.circle_id is None]
    goals = []
    for membership in members:
        if rng.random() < 0.15:
            continue  # some members have not set a goal yet: the overview lists them
        user = membership.user
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            name = rng.choice(list(GOAL_IDEAS))
            visibility = rng.choices(
                [v for v, _w in VISIBILITY_WEIGHTS], [w for _v, w in VISIBILITY_WEIGHTS]
            )[0]
            mine = circles.get(user.pk, [])
            if visibility == GoalVisibility.CIRCLE and not mine:
                visibility = GoalVisibility.COMMUNITY
            roll = rng.random()
            status = (
                GoalStatus.ACHIEVED
                if roll < 0.1
                else GoalStatus.DROPPED
                if roll < 0.14
                else GoalStatus.ACTIVE
            )
            partner = rng.choice(peers) if rng.random() < 0.2 else None
            goals.append(
                _seed_goal(
                    owner=user,
                    community=community,
                    competency=competencies[name],
                    idea=rng.choice(GOAL_IDEAS[name]),
                    visibility=visibility,
                    circle=rng.choice(mine) if mine else None,
                    cadence=rng.choice([Cadence.WEEKLY, Cadence.BIWEEKLY, Cadence.BIWEEKLY]),
                    objective=rng.choice(open_objectives)
                    if open_objectives and rng.random() < 0.4
                    else None,
                    partner=partner if partner is not None and partner.pk != user.pk else None,
                    weeks_ago=rng.randint(3, 9),
                    rng=rng,
                    now=now,
                    status=status,
                )
            )
    return goals


def _encourage(goals: list[Goal], rng: random.Random) -> int:
    """Peers cheer and comment on shared goals (from people in the same circle)."""
    members_of: dict[int, list[int]] = {}
    for cm in CircleMembership.objects.filter(
        circle_id__in={g.circle_id for g in goals if g.circle_id}
    ):
        members_of.setdefault(cm.circle_id, []).append(cm.user_id)
    rows = []
    for goal in goals:
        if goal.visibility not in (GoalVisibility.CIRCLE, GoalVisibility.COMMUNITY):
            continue
        pool = [u for u in members_of.get(goal.circle_id or 0, []) if u != goal.owner_id]
        if not pool or rng.random() < 0.4:
            continue
        for author in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            kind, body = rng.choice(ENCOURAGEMENTS)
            rows.append(Encouragement(goal=goal, author_id=author, kind=kind, body=body))
    created = Encouragement.objects.bulk_create(rows)
    _spread_over_recent_weeks(created, rng)
    return len(rows)


def _spread_over_recent_weeks(encouragements: list[Encouragement], rng: random.Random) -> None:
    # ``created_at`` is set on insert; the demo's peers encouraged over the past weeks.
    now = timezone.now()
    for encouragement in encouragements:
        Encouragement.objects.filter(pk=encouragement.pk).update(
            created_at=now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 23))
        )


def _seed_demo_member(
    member: Any, director: Any, gen: Community, gen_objectives: list[Objective], now: datetime
) -> list[Goal]:
    """Daniel's own goals: one shared with his chapter (cheered by peers), one only for him
    and his accountability partner, one linked to the network's objective."""
    rng = random.Random(7)
    competencies = {c.name: c for c in Competency.objects.filter(community=gen)}
    chapter = Circle.objects.get(community=gen, slug="middle-east-africa")
    peers = list(
        CircleMembership.objects.filter(circle=chapter)
        .exclude(user=member)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )
    mentor = Membership.objects.filter(community=gen, user_id__in=peers, role="mentor").first()
    partner_user = mentor.user if mentor else User.objects.filter(pk__in=peers[:1]).first()
    shared = _seed_goal(
        owner=member,
        community=gen,
        competency=competencies["Developing others"],
        idea=GOAL_IDEAS["Developing others"][0],
        visibility=GoalVisibility.CIRCLE,
        circle=chapter,
        cadence=Cadence.WEEKLY,
        objective=gen_objectives[0],
        partner=None,
        weeks_ago=6,
        rng=rng,
        now=now,
    )
    private = _seed_goal(
        owner=member,
        community=gen,
        competency=competencies["Driving results"],
        idea=GOAL_IDEAS["Driving results"][1],
        visibility=GoalVisibility.ONLY_ME,
        circle=None,
        cadence=Cadence.BIWEEKLY,
        objective=None,
        partner=partner_user,
        weeks_ago=7,
        rng=rng,
        now=now,
    )
    public = _seed_goal(
        owner=member,
        community=gen,
        competency=competencies["Inclusive, cross-cultural leadership"],
        idea=GOAL_IDEAS["Inclusive, cross-cultural leadership"][0],
        visibility=GoalVisibility.COMMUNITY,
        circle=None,
        cadence=Cadence.BIWEEKLY,
        objective=gen_objectives[0],
        partner=None,
        weeks_ago=5,
        rng=rng,
        now=now,
    )
    # A check-in due today: the member sees the nudge and the badge.
    Goal.objects.filter(pk=shared.pk).update(next_check_in_due=timezone.localdate())
    # Peers from his chapter cheer and offer help over the last few days; he was told.
    for n, (author_id, (kind, body)) in enumerate(zip(peers[:3], ENCOURAGEMENTS[:3], strict=False)):
        encouragement = Encouragement.objects.create(
            goal=shared, author_id=author_id, kind=kind, body=body
        )
        goal_notices.encouraged(encouragement_id=encouragement.pk)
        Encouragement.objects.filter(pk=encouragement.pk).update(
            created_at=now - timedelta(days=3 - n, hours=2)
        )
    return [shared, private, public]


def seed_goals(*, director: Any, member: Any, seed: int = 2026) -> int:
    """Objectives and goals for both demo communities; returns how many goals."""
    rng = random.Random(seed)
    now = timezone.now()
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    goals: list[Goal] = []
    for community in (gen, lab):
        stewards = list(
            Membership.objects.filter(community=community, role__in=STEWARD_ROLES)
            .select_related("user")
            .order_by("user_id")
        )
        owners = [m.user for m in stewards]
        objectives = _seed_objectives(community, director, owners, rng, now)
        if community == gen:
            goals += _seed_demo_member(member, director, gen, objectives, now)
        else:
            goals.append(
                _seed_goal(
                    owner=member,
                    community=lab,
                    competency=Competency.objects.get(
                        community=lab, name="Innovation and learning agility"
                    ),
                    idea=GOAL_IDEAS["Innovation and learning agility"][1],
                    visibility=GoalVisibility.COMMUNITY,
                    circle=None,
                    cadence=Cadence.MONTHLY,
                    objective=objectives[0],
                    partner=None,
                    weeks_ago=9,
                    rng=rng,
                    now=now,
                )
            )
        goals += _seed_members_goals(
            community, objectives, skip={member.pk, director.pk}, rng=rng, now=now
        )
    _encourage(goals, rng)
    return len(goals)
