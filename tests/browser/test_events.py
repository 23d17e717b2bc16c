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
