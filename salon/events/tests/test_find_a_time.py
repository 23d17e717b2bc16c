from __future__ import annotations

from datetime import time
from typing import Any

from conftest import client_for, join, make_user
from salon.communities.models import CircleMembership
from salon.events.models import Event


def _global_circle(community: Any, circle: Any) -> None:
    for email, tz, region in [
        ("ana@acme.test", "America/New_York", "americas"),
        ("li@acme.test", "Asia/Singapore", "apac"),
        ("tom@acme.test", "Europe/London", "emea"),
    ]:
        person = make_user(email, timezone=tz, region=region)
        person.work_start, person.work_end = time(9), time(17)
        person.save()
        join(person, community)
        CircleMembership.objects.create(circle=circle, user=person)


def test_a_facilitator_finds_a_fair_time_and_plans_it(
    facilitator: Any, community: Any, circle: Any
) -> None:
    _global_circle(community, circle)
    client = client_for(facilitator)

    page = client.get(
        "/c/acme/events/find-a-time/",
        {"circle": circle.pk, "duration": 60, "start": "2027-03-01", "days": 7, "sessions": 1},
    )

    assert page.status_code == 200
    rows = page.context["rows"]
    assert rows
    best = rows[0][0]
    assert best.asleep == 0
    response = client.post(
        "/c/acme/events/find-a-time/plan/",
        {
            "start": best.start.isoformat(),
            "duration": 60,
            "circle": circle.pk,
            "title": "EMEA sync",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.starts_at == best.start
    assert event.circle == circle


def test_a_series_rotates_and_plans_every_session(
    facilitator: Any, community: Any, circle: Any
) -> None:
    _global_circle(community, circle)
    client = client_for(facilitator)

    page = client.get(
        "/c/acme/events/find-a-time/",
        {"circle": circle.pk, "duration": 60, "start": "2027-03-01", "days": 28, "sessions": 4},
    )
    series = page.context["series"]
    client.post(
        "/c/acme/events/find-a-time/plan/",
        {"start": [s.start.isoformat() for s in series.sessions], "duration": 60},
    )

    assert Event.objects.count() == 4
    assert "Who carries the inconvenience" in page.content.decode()


def test_members_cannot_use_the_planner(member: Any) -> None:
    assert client_for(member).get("/c/acme/events/find-a-time/").status_code == 403
