"""The header's search box answers as you type, on a wide screen and on a phone: a few
results under the box, reachable with the arrow keys, and the way to all of them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Circle
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_header_search_shows_results_as_you_type(
    page: Page,
    sign_in: SignIn,
    member: User,
    circle: Circle,
    private_circle: Circle,
    width: int,
    assert_accessible: AxeCheck,
) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, member)
    page.goto("/home/")
    if width < 700:
        page.get_by_role("button", name="Menu").click()
    box = page.get_by_role("search", name="Search Salon").get_by_label("Search", exact=True)

    box.press_sequentially("EMEA")

    results = page.locator("#nav-search-results")
    expect(results.get_by_role("status")).to_have_text("1 result")
    expect(results.get_by_role("link", name=re.compile("EMEA Chapter"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/home/$"))  # still on the page they were on
    assert_accessible(page)

    # The private Board circle is not Maya's to find.
    box.fill("Board")
    expect(results.get_by_role("status")).to_have_text("Nothing matches “Board”.")

    # The arrow keys go to the results and back; Escape clears them; Enter opens one.
    box.fill("")
    box.press_sequentially("EMEA")
    hit = results.get_by_role("link", name=re.compile("EMEA Chapter"))
    expect(hit).to_be_visible()
    box.press("ArrowDown")
    expect(hit).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(results.get_by_role("link", name="All results for “EMEA”")).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(results.get_by_role("link")).to_have_count(0)
    box.press_sequentially(" ")
    box.press("Backspace")
    expect(hit).to_be_visible()
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/c/acme/circles/emea/"))
