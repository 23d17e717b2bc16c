"""The demo's programme calendar: series, workshops, a hackathon, and a past with
attendance. The words are in ``data/events.toml``. Days are relative to the day of seeding
and are working days (``is_day_off``); times are fair: the network's monthly webinar
alternates between two times so no region always takes the night call, and the cohort's
calls are planned by the fair planner. Office hours are bookable expert time
(``seed_office_hours.py``), not events."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from salon.communities.models import Community
from salon.demo.content import dated, load
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
from salon.events.services import EventPlan, event_cancel, event_create, event_update

EVENTS = load("events")
# Nobody in a global programme meets on these days, whatever their country.
YEAR_END = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}


def is_day_off(day: date) -> bool:
    return day.weekday() >= 5 or (day.month, day.day) in YEAR_END


def working_day(day: date, *, days: int = 1) -> date:
    """``day``, or the first day after it on which all of ``days`` days are working days."""
    while any(is_day_off(day + timedelta(days=n)) for n in range(days)):
        day += timedelta(days=1)
    return day


def _at(text: str) -> time:
    return time.fromisoformat(text)


def _next_weekday(start: date, weekday: int, nth: int | None = None) -> date:
    day = start
    while day.weekday() != weekday or (nth is not None and nth_weekday(day) != nth):
        day += timedelta(days=1)
    return day


def _alternate(series: Any, times: list[str], *, actor: Any) -> None:
    """Move every other occurrence to the second time, through the service (as a director
    editing "this occurrence" would)."""
    occurrences = Event.objects.filter(series=series).order_by("starts_at")
    for n, event in enumerate(occurrences):
        at = _at(times[n % len(times)])
        local = event.starts_at.astimezone(ZoneInfo(event.timezone)).replace(tzinfo=None)
        if local.time() != at:
            event_update(
                actor=actor, event=event, scope="this", start_local=datetime.combine(local, at)
            )


def _skip_days_off(series: Any, *, actor: Any) -> None:
    """Cancel the occurrences that fall on a day off, as a director would."""
    for event in Event.objects.filter(series=series).order_by("starts_at"):
        if is_day_off(event.starts_at.astimezone(ZoneInfo(event.timezone)).date()):
            event_cancel(actor=actor, event=event, scope="this")


def seed_events(*, director: Any, member: Any, rng: random.Random) -> int:
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    formats = {f.slug: f for f in EventFormat.objects.all()}
    today = timezone.localdate()

    def plan(community: Community, *, recurrence: Recurrence | None = None, **fields: Any) -> Event:
        return event_create(
            actor=director, community=community, plan=EventPlan(**fields), recurrence=recurrence
        )

    def on(offset: int, at: str, *, days: int = 1) -> datetime:
        return datetime.combine(working_day(today + timedelta(days=offset), days=days), _at(at))

    words = EVENTS["webinar"]
    first_webinar = _next_weekday(today - timedelta(days=95), 3, nth=2)
    webinar = plan(
        gen,
        title=words["title"],
        format=formats["webinar"],
        timezone=words["timezone"],
        start_local=datetime.combine(first_webinar, _at(words["times"][0])),
        duration=timedelta(minutes=75),
        description=words["description"],
        recurrence=Recurrence(frequency="monthly_by_weekday", count=12),
    )
    _alternate(webinar.series, words["times"], actor=director)
    chapters = {c.slug: c for c in gen.circles.all()}
    singles = []
    for n, workshop in enumerate(EVENTS["workshops"]):
        singles.append(
            plan(
                gen,
                title=workshop["title"],
                format=formats["workshop"],
                timezone=workshop["timezone"],
                start_local=on(9 + 7 * n, workshop["at"]),
                duration=timedelta(hours=3),
                circle=chapters.get(workshop["circle"]),
                mode=Mode.HYBRID,
                venue=workshop["venue"],
                capacity=25,
                description=EVENTS["workshop"]["description"],
            )
        )
    words = EVENTS["chapter_check_in"]
    check_in = plan(
        gen,
        title=words["title"],
        format=formats["meeting"],
        timezone=words["timezone"],
        start_local=datetime.combine(_next_weekday(today + timedelta(days=2), 1), _at(words["at"])),
        duration=timedelta(minutes=60),
        circle=chapters.get("middle-east-africa"),
        recurrence=Recurrence(frequency="weekly", interval=2, count=8),
    )
    _skip_days_off(check_in.series, actor=director)
    words = EVENTS["roundtable"]
    roundtable = plan(
        gen,
        title=words["title"],
        format=formats["roundtable"],
        timezone=words["timezone"],
        start_local=on(5, words["at"]),
        duration=timedelta(minutes=90),
        capacity=12,
    )
    words = EVENTS["kick_off"]
    past = plan(
        gen,
        title=dated(words["title"], today),
        format=formats["workshop"],
        timezone=words["timezone"],
        start_local=on(-40, words["at"]),
        duration=timedelta(hours=2),
        circle=chapters.get(COHORT_SLUG),
    )
    past.recording_url = dated(words["recording_url"], today)
    past.materials = words["materials"]
    past.save(update_fields=["recording_url", "materials"])

    # Innovation Lab: ideation workshops and a hackathon. Its experts' office hours are
    # bookable expert time (seed_office_hours.py), not events.
    lab_circles = {c.slug: c for c in lab.circles.all()}
    words = EVENTS["ideation"]
    ideation = plan(
        lab,
        title=words["title"],
        format=formats["brainstorm"],
        timezone=words["timezone"],
        start_local=on(6, words["at"]),
        duration=timedelta(hours=2),
        circle=lab_circles.get("ai-products"),
        capacity=20,
    )
    words = EVENTS["hackathon"]
    hackathon = plan(
        lab,
        title=dated(words["title"], today),
        format=formats["hackathon"],
        timezone=words["timezone"],
        start_local=on(30, words["at"], days=2),
        duration=timedelta(hours=30),
        mode=Mode.HYBRID,
        venue=words["venue"],
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
                    will_apply=rng.choice(EVENTS["will_apply"]) if rng.random() < 0.7 else "",
                    applied=rng.choice(answers) if asked and rng.random() < 0.6 else "",
                    applied_note=rng.choice(EVENTS["applied_notes"])
                    if asked and rng.random() < 0.4
                    else "",
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
            "will_apply": EVENTS["kick_off"]["member_will_apply"],
            "applied": "",
            "applied_note": "",
        },
    )


def _seed_fair_series(community: Community, *, circle: Any, director: Any, today: date) -> None:
    """The cohort's learning calls, planned with the fair planner: four sessions whose
    early and late hours rotate across the cohort's regions."""
    if circle is None:
        return
    from salon.events import planner
    from salon.events.planner_views import participants_for

    people, _names = participants_for(community, circle=circle)
    start = datetime.combine(today + timedelta(days=3), time(0), tzinfo=ZoneInfo("UTC"))
    # Nobody's call before 07:00 or after 21:00 if it can be helped, and when it cannot,
    # the night calls rotate.
    series = planner.plan_series(
        people,
        start=start,
        end=start + timedelta(days=42),
        duration=timedelta(hours=1),
        sessions=4,
        rules=planner.Rules(night_start=time(21), night_end=time(7)),
    )
    meeting = EventFormat.objects.get(slug="meeting")
    zone = ZoneInfo(director.timezone or "UTC")
    starts = []
    for session in series.sessions:
        local = session.start.astimezone(zone)
        # The same weekday and hour a week later, if the planner's day is a day off.
        while is_day_off(local.date()):
            local = (local + timedelta(weeks=1)).astimezone(zone)
        starts.append(local.replace(tzinfo=None))
    words = EVENTS["cohort_calls"]
    for n, start_local in enumerate(sorted(starts), start=1):
        event_create(
            actor=director,
            community=community,
            plan=EventPlan(
                title=words["title"].format(n=n, total=len(starts)),
                format=meeting,
                timezone=str(zone),
                start_local=start_local,
                duration=timedelta(hours=1),
                circle=circle,
                description=words["description"],
            ),
        )
