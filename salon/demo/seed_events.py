"""The demo's programme calendar: series, workshops, office hours, and a past with attendance."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from salon.communities.models import Community
from salon.demo.forum_content import COHORT_SLUG
from salon.events.models import (
    Applied,
    Attendance,
    Event,
    EventFormat,
    Feedback,
    Mode,
    Rsvp,
    RsvpStatus,
)
from salon.events.recurrence import Recurrence, nth_weekday
from salon.events.services import EventPlan, event_create


def _next_weekday(start: date, weekday: int, nth: int | None = None) -> date:
    day = start
    while day.weekday() != weekday or (nth is not None and nth_weekday(day) != nth):
        day += timedelta(days=1)
    return day


def seed_events(*, director: Any, member: Any, rng: random.Random) -> int:
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    formats = {f.slug: f for f in EventFormat.objects.all()}
    today = timezone.localdate()

    def plan(community: Community, *, recurrence: Recurrence | None = None, **fields: Any) -> Event:
        return event_create(
            actor=director, community=community, plan=EventPlan(**fields), recurrence=recurrence
        )

    # The Global Executive Network's monthly webinar: second Thursday, 14:00 London (morning
    # in the Americas, evening in Asia), started three months ago.
    first_webinar = _next_weekday(today - timedelta(days=95), 3, nth=2)
    webinar = plan(
        gen,
        title="Leadership in a Fractured World — monthly webinar",
        format=formats["webinar"],
        timezone="Europe/London",
        start_local=datetime.combine(first_webinar, time(14, 0)),
        duration=timedelta(minutes=75),
        description=(
            "Each month a member leader opens with a 15-minute case, then we work it in "
            "breakout rooms by region.\n\n1. Case (15 min)\n2. Breakouts (40 min)\n"
            "3. What we'll try this month (20 min)"
        ),
        recurrence=Recurrence(frequency="monthly_by_weekday", count=12),
    )
    chapters = {c.slug: c for c in gen.circles.all()}
    workshops = [
        (
            "Strategy under uncertainty — EMEA workshop",
            "emea",
            "Europe/London",
            time(10, 0),
            "Meridian House, 1 Canada Square, London",
        ),
        (
            "Scaling leadership teams — APAC workshop",
            "asia-pacific",
            "Asia/Singapore",
            time(9, 30),
            "Marina One, Singapore",
        ),
        (
            "Negotiating across cultures — Americas workshop",
            "americas",
            "America/New_York",
            time(13, 0),
            "Meridian NYC, 200 Park Ave",
        ),
    ]
    singles = []
    for n, (title, circle_slug, tz, at, venue) in enumerate(workshops):
        singles.append(
            plan(
                gen,
                title=title,
                format=formats["workshop"],
                timezone=tz,
                start_local=datetime.combine(today + timedelta(days=9 + 7 * n), at),
                duration=timedelta(hours=3),
                circle=chapters.get(circle_slug),
                mode=Mode.HYBRID,
                venue=venue,
                capacity=25,
                description="Hands-on, with pre-reading shared a week before.",
            )
        )
    plan(
        gen,
        title="Middle East & Africa chapter check-in",
        format=formats["meeting"],
        timezone="Africa/Nairobi",
        start_local=datetime.combine(_next_weekday(today + timedelta(days=2), 1), time(16, 0)),
        duration=timedelta(minutes=60),
        circle=chapters.get("middle-east-africa"),
        recurrence=Recurrence(frequency="weekly", interval=2, count=8),
    )
    roundtable = plan(
        gen,
        title="CFO roundtable: pricing through inflation",
        format=formats["roundtable"],
        timezone="Europe/Paris",
        start_local=datetime.combine(today + timedelta(days=5), time(17, 0)),
        duration=timedelta(minutes=90),
        capacity=12,
    )
    past = plan(
        gen,
        title=f"Kick-off: the {today.year} Leadership Cohort",
        format=formats["workshop"],
        timezone="Europe/London",
        start_local=datetime.combine(today - timedelta(days=40), time(12, 0)),
        duration=timedelta(hours=2),
        circle=chapters.get(COHORT_SLUG),
    )
    past.recording_url = f"https://video.example.com/salon/kick-off-{today.year}"
    past.materials = "Slides: programme overview and module calendar."
    past.save(update_fields=["recording_url", "materials"])

    # Innovation Lab: ideation workshops, weekly expert office hours, a hackathon.
    lab_circles = {c.slug: c for c in lab.circles.all()}
    ideation = plan(
        lab,
        title="Ideation workshop: AI-native products",
        format=formats["brainstorm"],
        timezone="America/Los_Angeles",
        start_local=datetime.combine(today + timedelta(days=6), time(8, 0)),
        duration=timedelta(hours=2),
        circle=lab_circles.get("ai-products"),
        capacity=20,
    )
    office_hours = plan(
        lab,
        title="Expert office hours: cloud cost and carbon",
        format=formats["office-hours"],
        timezone="Europe/Amsterdam",
        start_local=datetime.combine(_next_weekday(today, 2), time(16, 0)),
        duration=timedelta(minutes=45),
        recurrence=Recurrence(frequency="weekly", count=10),
    )
    hackathon = plan(
        lab,
        title=f"Northwind Hackathon {today.year}",
        format=formats["hackathon"],
        timezone="America/Los_Angeles",
        start_local=datetime.combine(today + timedelta(days=30), time(9, 0)),
        duration=timedelta(hours=30),
        mode=Mode.HYBRID,
        venue="Northwind HQ, Redmond, and online",
        capacity=120,
    )

    # Answers: the demo member goes to the webinar series and several single events.
    now = timezone.now()
    gen_people = [m.user for m in gen.memberships.select_related("user") if m.user != director]
    lab_people = [m.user for m in lab.memberships.select_related("user") if m.user != director]
    rsvps: list[Rsvp] = []
    for event in Event.objects.filter(series=webinar.series, ends_at__gte=now):
        rsvps.append(Rsvp(event=event, user=member, status=RsvpStatus.GOING, requested_at=now))
    for event in [singles[0], roundtable, ideation, hackathon]:
        rsvps.append(Rsvp(event=event, user=member, status=RsvpStatus.GOING, requested_at=now))
    rsvps.append(Rsvp(event=office_hours, user=member, status=RsvpStatus.MAYBE, requested_at=now))
    for event, pool, share in [
        (singles[0], gen_people, 14),
        (singles[1], gen_people, 9),
        (singles[2], gen_people, 11),
        (roundtable, gen_people, 8),
        (ideation, lab_people, 12),
        (hackathon, lab_people, 20),
    ]:
        for person in rng.sample(pool, min(share, len(pool))):
            if person != member:
                rsvps.append(
                    Rsvp(event=event, user=person, status=RsvpStatus.GOING, requested_at=now)
                )
    # Past webinars and the kick-off: who came.
    attendance: list[Attendance] = []
    for event in [*Event.objects.filter(series=webinar.series, ends_at__lt=now), past]:
        came = rng.sample(gen_people, 22)
        for person in came:
            rsvps.append(Rsvp(event=event, user=person, status=RsvpStatus.GOING, requested_at=now))
            attendance.append(Attendance(event=event, user=person, by_host=True))
    # The demo member was at the kick-off, gave feedback and has the follow-up to answer.
    rsvps.append(Rsvp(event=past, user=member, status=RsvpStatus.GOING, requested_at=now))
    attendance.append(Attendance(event=past, user=member, by_host=True))
    Rsvp.objects.bulk_create(rsvps, ignore_conflicts=True)
    Attendance.objects.bulk_create(attendance, ignore_conflicts=True)
    _seed_feedback(past=past, series=webinar.series, member=member, rng=rng, now=now)
    _seed_fair_series(gen, circle=chapters.get(COHORT_SLUG), director=director, today=today)
    return Event.objects.count()


WILL_APPLY = [
    "Open my next staff meeting with the two-question check-in.",
    "Write down the decision rights before the reorganisation, not after.",
    "Pre-mortem the Q3 launch with the whole team.",
    "Ask each direct report which meeting they would cancel.",
    "Use the 'strong opinions, weakly held' framing in the pricing review.",
    "Pair every new regional lead with a peer outside their function.",
    "Stop approving budgets in one-to-ones; move them to the forum.",
    "Share the scenario grid with the board before the offsite.",
]
APPLIED_NOTES = [
    "Tried it twice; the team now asks for it.",
    "Partly: the board liked it, my own team less so.",
    "The pre-mortem surfaced two risks we had missed.",
    "Not yet; the reorganisation slipped to next quarter.",
    "Worked well in the pricing review; shorter meeting too.",
]


def _seed_feedback(*, past: Event, series: Any, member: Any, rng: random.Random, now: Any) -> None:
    """Ratings and "what will you apply?" for the past sessions; the follow-up two weeks on
    has been answered by some (the demo member's is still open)."""
    events = [past, *Event.objects.filter(series=series, ends_at__lt=now)]
    answers = list(Applied.values)
    rows = []
    for event in events:
        attended = [a.user for a in Attendance.objects.filter(event=event).select_related("user")]
        followed_up = event.ends_at < now - timedelta(days=14)
        for person in rng.sample(attended, min(len(attended), 14)):
            asked = followed_up and person != member
            rows.append(
                Feedback(
                    event=event,
                    user=person,
                    rating=rng.choices([3, 4, 5], weights=[2, 5, 4])[0],
                    will_apply=rng.choice(WILL_APPLY) if rng.random() < 0.7 else "",
                    applied=rng.choice(answers) if asked and rng.random() < 0.6 else "",
                    applied_note=rng.choice(APPLIED_NOTES) if asked and rng.random() < 0.4 else "",
                )
            )
        if followed_up:
            Event.objects.filter(pk=event.pk).update(
                followed_up_at=event.ends_at + timedelta(days=14)
            )
    Feedback.objects.bulk_create(rows, ignore_conflicts=True)
    Feedback.objects.update_or_create(
        event=past,
        user=member,
        defaults={
            "rating": 5,
            "will_apply": "Run a pre-mortem before the Q3 launch.",
            "applied": "",
            "applied_note": "",
        },
    )


def _seed_fair_series(community: Community, *, circle: Any, director: Any, today: date) -> None:
    """The cohort's learning calls, planned with the fair planner: four sessions whose
    early and late hours rotate across the cohort's regions."""
    if circle is None:
        return
    from zoneinfo import ZoneInfo

    from salon.events import planner
    from salon.events.planner_views import participants_for

    people, _names = participants_for(community, circle=circle)
    start = datetime.combine(today + timedelta(days=3), time(0), tzinfo=ZoneInfo("UTC"))
    series = planner.plan_series(
        people, start=start, end=start + timedelta(days=42), duration=timedelta(hours=1), sessions=4
    )
    meeting = EventFormat.objects.get(slug="meeting")
    zone = director.timezone or "UTC"
    for n, session in enumerate(series.sessions, start=1):
        event_create(
            actor=director,
            community=community,
            plan=EventPlan(
                title=f"Cohort learning call {n} of 4 (fair rotation)",
                format=meeting,
                timezone=zone,
                start_local=session.start.astimezone(ZoneInfo(zone)).replace(tzinfo=None),
                duration=timedelta(hours=1),
                circle=circle,
                description=(
                    "Planned with *Find a fair time*: the early and late slots rotate so no "
                    "region always takes the night call."
                ),
            ),
        )
