from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Community
from salon.events.models import EventFormat, Rsvp
from salon.events.recurrence import Recurrence
from salon.events.services import EventPlan, event_create
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser


def test_a_member_in_tokyo_joins_a_london_series_and_finds_the_calendar_feed(
    page: Page,
    sign_in: SignIn,
    member: User,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    User.objects.filter(pk=member.pk).update(timezone="Asia/Tokyo")
    first = event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Global trends webinar",
            format=EventFormat.objects.get(slug="webinar"),
            timezone="Europe/London",
            start_local=datetime(2027, 1, 14, 9, 0),
            duration=timedelta(hours=1),
        ),
        recurrence=Recurrence(frequency="weekly", count=6),
    )
    sign_in(page, member)

    page.goto("/events/")
    expect(page.get_by_role("heading", name="Events", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Global trends webinar").first.click()

    expect(page.get_by_text("09:00–10:00 London")).to_be_visible()
    expect(page.get_by_text("18:00–19:00 your time")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Answer for this and every later session of the series").check()
    page.get_by_role("button", name="Going", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Answer saved for 6 sessions.")
    expect(page.get_by_role("link", name="Join the video call")).to_be_visible()
    assert Rsvp.objects.filter(user=member, status="going", event__series=first.series).count() == 6

    page.goto("/settings/calendar/")
    expect(page.get_by_role("heading", name="Your calendar feed")).to_be_visible()
    expect(page.locator("#feed-url")).to_contain_text("/calendar/")
    assert_accessible(page)


def test_a_facilitator_plans_a_fair_series_for_a_global_circle_and_creates_it(
    page: Page,
    sign_in: SignIn,
    facilitator: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    from salon.communities.models import Circle, CircleMembership, Membership
    from salon.events.models import Event

    global_circle = Circle.objects.create(community=community, name="Global CFOs", slug="cfos")
    for i, (tz, region) in enumerate(
        [
            ("Europe/London", "emea"),
            ("Europe/Berlin", "emea"),
            ("America/New_York", "americas"),
            ("America/Sao_Paulo", "americas"),
            ("Asia/Singapore", "apac"),
            ("Australia/Sydney", "apac"),
        ]
    ):
        person = User.objects.create_user(
            email=f"cfo{i}@acme.test",
            password="x" * 16,
            name=f"CFO {i}",
            timezone=tz,
            region=region,
        )
        Membership.objects.create(user=person, community=community, role="member")
        CircleMembership.objects.create(circle=global_circle, user=person)
    sign_in(page, facilitator)

    page.goto(f"/c/{community.slug}/events/find-a-time/")
    expect(page.get_by_role("heading", name="Find a fair time")).to_be_visible()
    page.get_by_label("Who").select_option(label="Global CFOs")
    page.get_by_label("Sessions").fill("4")
    page.get_by_label("Over how many days").fill("35")
    page.get_by_role("button", name="Find times").click()

    expect(page.get_by_role("heading", name="Who carries the inconvenience")).to_be_visible()
    heatmap = page.get_by_role("table", name="Per proposed time and region")
    expect(heatmap.locator("tbody tr")).to_have_count(4)
    page.get_by_text("Each person's share").click()
    expect(page.get_by_role("rowheader", name="CFO 5")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title").fill("Global CFO roundtable")
    page.get_by_role("button", name="Plan these sessions").click()

    expect(page.get_by_role("status")).to_contain_text("4 sessions planned.")
    expect(
        page.get_by_role("heading", name="Global CFO roundtable (1 of 4)", level=1)
    ).to_be_visible()
    planned = Event.objects.filter(
        title__startswith="Global CFO roundtable (", circle=global_circle
    )
    assert planned.count() == 4
    # Rotated: the sessions do not all sit at the same UTC hour.
    assert len({e.starts_at.hour for e in planned}) > 1
