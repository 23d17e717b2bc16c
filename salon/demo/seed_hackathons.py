"""The Innovation Lab's hackathons for the demo: last month's, with five teams, their
submissions, three judges' scores and the announced results; and the coming Northwind
Hackathon, where teams are forming and the demo member can join one. Everything goes
through the services (conflicts of interest included); the dates are then set relative
to the day of seeding. The words are in ``data/hackathons.toml``."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from salon.communities.models import CircleMembership, Community, Membership, Role
from salon.demo.content import load
from salon.events.models import Event, EventFormat, Mode
from salon.innovation.models import Challenge, Hackathon, HackathonCriterion, Idea
from salon.innovation.selectors.hackathons import conflicted_teams
from salon.innovation.services.hackathons import (
    HackathonPlan,
    SubmissionText,
    hackathon_create,
    judge_add,
    results_publish,
    submission_save,
    team_create,
    team_join,
    team_score,
)

WORDS = load("hackathons")


def seed_hackathons(*, director: Any, member: Any, seed: int = 2026) -> list[Hackathon]:
    rng = random.Random(seed)
    lab = Community.objects.get(slug="innovation-lab")
    challenge = Challenge.objects.filter(community=lab).order_by("pk").first()
    experts = [
        m.user
        for m in Membership.objects.filter(community=lab, role=Role.EXPERT)
        .select_related("user")
        .order_by("user_id")
    ]
    judges = experts[:3]
    # Team members share no circle with a judge, so every judge may score every team.
    judge_circles = set(
        CircleMembership.objects.filter(user__in=judges).values_list("circle_id", flat=True)
    )
    near_judges = set(
        CircleMembership.objects.filter(circle_id__in=judge_circles).values_list(
            "user_id", flat=True
        )
    )
    everyone = [
        m.user
        for m in Membership.objects.filter(community=lab, role__in=[Role.MEMBER, Role.MENTOR])
        .select_related("user")
        .order_by("user_id")
        if m.user_id != member.pk
    ]
    # People who share no circle with a judge first, so that most judges score most teams
    # (the services leave out every pair with a conflict of interest).
    builders = [u for u in everyone if u.pk not in near_judges]
    builders += [u for u in everyone if u.pk in near_judges]
    return [
        _past(lab, challenge, director, judges, builders, rng),
        _coming(lab, challenge, director, member, builders),
    ]


def _idea(challenge: Any, title: str) -> Idea | None:
    return Idea.objects.filter(challenge=challenge, title=title).first()


def _past(
    lab: Community,
    challenge: Any,
    director: Any,
    judges: list[Any],
    builders: list[Any],
    rng: random.Random,
) -> Hackathon:
    words = WORDS["past"]
    zone = ZoneInfo(words["timezone"])
    day = timezone.localdate() - timedelta(days=words["days_ago"])
    hour, minute = (int(x) for x in words["at"].split(":"))
    starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    event = Event.objects.create(
        community=lab,
        title=words["title"],
        format=EventFormat.objects.get(slug="hackathon"),
        timezone=words["timezone"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=30),
        mode=Mode.HYBRID,
        venue=words["venue"],
        created_by=director,
    )
    now = timezone.now()
    hackathon = hackathon_create(
        actor=director,
        community=lab,
        plan=HackathonPlan(
            event=event,
            challenge=challenge,
            teams_until=now + timedelta(hours=1),
            submit_until=now + timedelta(hours=2),
            judge_until=now + timedelta(hours=3),
            team_min=words["team_min"],
            team_max=words["team_max"],
            prizes=words["prizes"],
        ),
    )
    teams = []
    pool = list(builders)
    for spec in words["teams"]:
        size = rng.randint(words["team_min"], words["team_min"] + 1)
        crew, pool = pool[:size], pool[size:]
        team = team_create(
            actor=crew[0],
            hackathon=hackathon,
            name=spec["name"],
            idea=_idea(challenge, spec["idea"]),
        )
        for person in crew[1:]:
            team_join(actor=person, team=team)
        teams.append((team, spec, crew))
    _dates(hackathon, teams_until=now - timedelta(minutes=2))
    for team, spec, crew in teams:
        submission_save(
            actor=crew[0],
            team=team,
            text=SubmissionText(
                pitch=spec["pitch"],
                repository_url=spec.get("repository_url", ""),
                demo_url=spec.get("demo_url", ""),
                video_url=spec.get("video_url", ""),
            ),
        )
    _dates(hackathon, submit_until=now - timedelta(minutes=1))
    criteria = list(HackathonCriterion.objects.filter(hackathon=hackathon))
    for k, judge in enumerate(judges):
        judge_add(actor=director, hackathon=hackathon, user=judge)
        leaning = [1, 0, -1][k % 3]  # one generous judge, one harsh: calibration has work
        for team, spec, _crew in teams:
            values = {
                c.pk: max(1, min(5, spec["quality"] + leaning + rng.choice([-1, 0, 0, 1])))
                for c in criteria
            }
            if team.pk in conflicted_teams(user=judge, hackathon=hackathon):
                continue
            team_score(actor=judge, team=team, values=values, comment=rng.choice(words["comments"]))
    results_publish(actor=director, hackathon=hackathon)
    Hackathon.objects.filter(pk=hackathon.pk).update(
        teams_until=starts - timedelta(days=3),
        submit_until=starts + timedelta(hours=28),
        judge_until=starts + timedelta(days=4),
        results_published_at=starts + timedelta(days=5),
        created_at=starts - timedelta(days=30),
    )
    hackathon.refresh_from_db()
    return hackathon


def _dates(hackathon: Hackathon, **changes: datetime) -> None:
    for field, value in changes.items():
        setattr(hackathon, field, value)
    Hackathon.objects.filter(pk=hackathon.pk).update(**changes)


def _coming(
    lab: Community, challenge: Any, director: Any, member: Any, builders: list[Any]
) -> Hackathon:
    event = (
        Event.objects.filter(community=lab, format__slug="hackathon", starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert event is not None, "seed_events plans the Northwind Hackathon"
    hackathon = hackathon_create(
        actor=director,
        community=lab,
        plan=HackathonPlan(
            event=event,
            challenge=challenge,
            teams_until=event.starts_at - timedelta(days=1),
            submit_until=event.ends_at,
            judge_until=event.ends_at + timedelta(days=5),
            team_min=2,
            team_max=5,
            prizes="The winning team gets a sponsor and eight weeks to run its experiment.",
        ),
    )
    people = list(reversed(builders))
    for n, spec in enumerate(WORDS["coming"]["teams"]):
        team_create(
            actor=people[n],
            hackathon=hackathon,
            name=spec["name"],
            idea=_idea(challenge, spec["idea"]),
        )
    return hackathon
