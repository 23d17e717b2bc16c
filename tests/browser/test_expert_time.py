from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import Page, expect

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Community, Role
from salon.events.office_hours.models import Booking
from salon.events.office_hours.services import OfficeHoursPlan, office_hours_publish
from salon.events.office_hours.slots import Window
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser


def test_a_member_on_a_phone_books_an_expert_with_her_question(
    page: Page, sign_in: SignIn, member: User, community: Community, assert_accessible: AxeCheck
) -> None:
    expert = make_user("eve@acme.test", "Eve Expert", timezone="America/New_York")
    join(expert, community, Role.EXPERT)
    office_hours_publish(
        actor=expert,
        community=community,
        plan=OfficeHoursPlan(
            windows=tuple(Window(day, time(10), time(12)) for day in range(5)),
            about="Pricing a new product.",
        ),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, member)

    page.goto("/c/acme/expert-time/")
    expect(page.get_by_role("heading", name="Expert time")).to_be_visible()
    expect(page.get_by_text("Pricing a new product.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="with Eve Expert").first.click()

    expect(page.get_by_role("heading", name="A session with Eve Expert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What would you like to ask?").fill("How do I price our first pilot?")
    page.get_by_role("button", name="Book this time").click()

    expect(page.get_by_role("status")).to_contain_text("Booked.")
    expect(page.get_by_text("How do I price our first pilot?")).to_be_visible()
    assert Booking.objects.get(member=member).question == "How do I price our first pilot?"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="My sessions").click()
    expect(page.get_by_role("link", name="With Eve Expert")).to_be_visible()
    assert_accessible(page)
