"""The demo's personal goals: most members with one or two goals (no two with the same
title in the demo), checked in on for a few weeks; the demo member with goals,
check-ins and encouragement from peers. The words are in ``data/goals.toml``."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import STEWARD_ROLES, Circle, CircleMembership, Community, Membership
from salon.demo.content import dated
from salon.demo.seed_objectives import GOALS, Idea, participants, seed_objectives
from salon.goals import notifications as goal_notices
from salon.goals.models import (
    Cadence,
    CheckIn,
    Competency,
    Encouragement,
    Goal,
    GoalStatus,
    GoalVisibility,
    Milestone,
    Objective,
)
from salon.goals.services.competencies import competency_defaults_create
from salon.goals.services.goals import next_due


def _idea(title: str) -> Idea:
    found = next(i for i in GOALS["ideas"] if i["title"] == title)
    return found["title"], found["success"], found["milestones"]


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
        note = rng.choice(GOALS["check_in_notes"])
        helped, blocked, next_step = note["helped"], note["blocked"], note["next_step"]
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


def _ideas() -> dict[str, list[Idea]]:
    ideas: dict[str, list[Idea]] = {}
    for idea in GOALS["ideas"]:
        ideas.setdefault(idea["competency"], []).append(
            (idea["title"], idea["success"], idea["milestones"])
        )
    return ideas


def _for(user: Any, idea: Idea, today: date) -> Idea:
    """The idea in the owner's words: their unit, their country, this year."""
    fields = {
        "unit": user.organisation_unit or user.organisation,
        "country": user.country,
        "three_years_on": str(today.year + 3),
    }
    title, success, milestones = (
        dated(text, today).format(**fields) for text in (idea[0], idea[1], "\n".join(idea[2]))
    )
    return title, success, [m for m in milestones.split("\n") if m]


def _fresh_idea(
    user: Any, ideas: dict[str, list[Idea]], used: set[str], rng: random.Random, today: date
) -> tuple[str, Idea] | None:
    """An idea whose title nobody in the community has used yet, or None."""
    names = list(ideas)
    rng.shuffle(names)
    for name in names:
        options = [_for(user, idea, today) for idea in ideas[name]]
        options = [idea for idea in options if idea[0] not in used]
        if options:
            idea = rng.choice(options)
            used.add(idea[0])
            return name, idea
    return None


def _seed_members_goals(
    community: Community,
    objectives: list[Objective],
    *,
    skip: set[int],
    used: set[str],
    rng: random.Random,
    now: datetime,
) -> list[Goal]:
    competencies = {c.name: c for c in Competency.objects.filter(community=community)}
    ideas = _ideas()
    circles = _circles_of(community)
    members = list(
        participants(community).exclude(user_id__in=skip).select_related("user").order_by("user_id")
    )
    peers = [m.user for m in members]
    open_objectives = [o for o in objectives if o.circle_id is None]
    goals = []
    for membership in members:
        if rng.random() < 0.15:
            continue  # some members have not set a goal yet: the overview lists them
        user = membership.user
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            fresh = _fresh_idea(user, ideas, used, rng, now.date())
            if fresh is None:
                break
            name, idea = fresh
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
                    idea=idea,
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
            cheer = rng.choice(GOALS["encouragements"])
            rows.append(
                Encouragement(goal=goal, author_id=author, kind=cheer["kind"], body=cheer["body"])
            )
    created = Encouragement.objects.bulk_create(rows)
    _spread_over_recent_weeks(created, rng)
    return len(rows)


def _spread_over_recent_weeks(encouragements: list[Encouragement], rng: random.Random) -> None:
    # ``created_at`` is set on insert; the demo's peers encouraged over the past weeks,
    # never before the goal was set.
    now = timezone.now()
    for encouragement in encouragements:
        age = max((now - encouragement.goal.created_at).days, 2)
        Encouragement.objects.filter(pk=encouragement.pk).update(
            created_at=now
            - timedelta(days=rng.randint(1, min(30, age - 1)), hours=rng.randint(0, 23))
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
        idea=_idea("Give my leadership team more room to decide"),
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
        idea=_idea("Close the gap on the West Africa margin plan"),
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
        idea=_idea("Rotate meeting times so Asia is not always up at midnight"),
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
    cheers = GOALS["encouragements"][:3]
    for n, (author_id, cheer) in enumerate(zip(peers[:3], cheers, strict=False)):
        encouragement = Encouragement.objects.create(
            goal=shared, author_id=author_id, kind=cheer["kind"], body=cheer["body"]
        )
        goal_notices.encouraged(encouragement_id=encouragement.pk)
        Encouragement.objects.filter(pk=encouragement.pk).update(
            created_at=now - timedelta(days=3 - n, hours=2)
        )
    return [shared, private, public]


MEMBER_LAB_GOAL = "Learn enough about AI to ask good questions"


def seed_goals(*, director: Any, member: Any, seed: int = 2026) -> int:
    """Objectives and goals for both demo communities; returns how many goals."""
    rng = random.Random(seed)
    now = timezone.now()
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    goals: list[Goal] = []
    for community in (gen, lab):
        # Both got the default framework when they were made; this fills in behaviours and
        # levels a demo database seeded before they existed lacks (it changes nothing else).
        competency_defaults_create(community=community)
        stewards = list(
            Membership.objects.filter(community=community, role__in=STEWARD_ROLES)
            .select_related("user")
            .order_by("user_id")
        )
        owners = [m.user for m in stewards]
        objectives = seed_objectives(community, director, owners, rng, now.date())
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
                    idea=_idea(MEMBER_LAB_GOAL),
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
        # No title twice in the whole demo: the two companies' people set their own goals
        # (the demo member's lab goal is set aside while the first company is seeded).
        used = {goal.title for goal in goals} | {MEMBER_LAB_GOAL}
        goals += _seed_members_goals(
            community, objectives, skip={member.pk, director.pk}, used=used, rng=rng, now=now
        )
    _encourage(goals, rng)
    return len(goals)
