from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser


def test_a_member_finds_a_peer_in_the_directory(
    page: Page,
    sign_in: SignIn,
    member: User,
    director: User,
    facilitator: User,
    guest: User,
    assert_accessible: AxeCheck,
) -> None:
    sign_in(page, member)
    page.goto("/c/acme/people/")
    results = page.locator("#directory-results")
    people = results.locator(".person-name")
    expect(results.locator("#result-count")).to_have_text("4 people")
    assert_accessible(page)

    # Typing narrows the list as the person types; htmx swaps the results in place.
    page.get_by_label("Search people").press_sequentially("Fred")
    expect(results.locator("#result-count")).to_have_text("1 person")
    expect(people).to_have_text(["Fred Facilitator"])
    expect(page).to_have_url(re.compile(r"[?&]q=Fred"))

    page.get_by_label("Search people").fill("")
    expect(results.locator("#result-count")).to_have_text("4 people")
    page.get_by_label("Region").select_option(label="Asia-Pacific")
    expect(results.locator("#result-count")).to_have_text("1 person")
    expect(people).to_have_text(["Maya Member"])

    page.get_by_label("Search people").fill("Astronaut")
    expect(results.get_by_role("heading", name="Nobody matches those filters")).to_be_visible()
    expect(people).to_have_count(0)
    assert_accessible(page)
