"""A director's community navigation stays on one row: five sections in sight, the rest in
"More" and "Manage" menus that open by keyboard, and the current page stays marked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from salon.accounts.models import User
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser

LAPTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


def test_on_a_laptop_a_director_reaches_every_section_from_one_row_by_keyboard(
    page: Page, sign_in: SignIn, director: User, assert_accessible: AxeCheck
) -> None:
    page.set_viewport_size(LAPTOP)
    sign_in(page, director)
    page.goto("/c/acme/")
    tabs = page.get_by_role("navigation", name="Community")
    for name in ("Overview", "Events", "Forum", "People", "Library"):
        expect(tabs.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(tabs.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="Praise")).to_be_hidden()
    # One row: every entry stands at the same height.
    tops = tabs.locator(".tabs > li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops

    # The "More" menu opens with Enter, its links come next, Escape closes it again.
    more = tabs.locator("summary", has_text="More")
    more.focus()
    page.keyboard.press("Enter")
    expect(tabs.get_by_role("link", name="Praise")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(tabs.locator(".tabs-menu[open] a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(tabs.get_by_role("link", name="Praise")).to_be_hidden()
    expect(more).to_be_focused()

    page.keyboard.press("Enter")
    tabs.get_by_role("link", name="Praise").click()
    expect(page).to_have_url(re.compile(r"/c/acme/praise/$"))
    # The menu holding the current page says which it is, and the link inside is marked.
    tabs = page.get_by_role("navigation", name="Community")
    expect(tabs.locator("summary.is-current")).to_have_text("More: Praise")
    expect(tabs.locator('[aria-current="page"]')).to_have_count(1)
    expect(tabs.locator('[aria-current="page"]')).to_have_text("Praise")

    tabs.locator("summary", has_text="Manage").click()
    tabs.get_by_role("link", name="Audit log").click()
    expect(page).to_have_url(re.compile(r"/c/acme/audit/$"))
    assert_accessible(page)


def test_on_a_phone_the_sections_and_their_menus_open_in_place(
    page: Page, sign_in: SignIn, director: User, assert_accessible: AxeCheck
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, director)
    page.goto("/c/acme/praise/")
    tabs = page.get_by_role("navigation", name="Community")

    page.get_by_role("button", name="Community sections").click()
    expect(tabs.get_by_role("link", name="Library")).to_be_visible()
    expect(tabs.locator("summary.is-current")).to_have_text("More: Praise")
    tabs.locator("summary", has_text="More").click()
    expect(tabs.get_by_role("link", name="Praise")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="Feedback")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    tabs.get_by_role("link", name="Mentoring").click()
    expect(page).to_have_url(re.compile(r"/c/acme/mentoring/$"))
