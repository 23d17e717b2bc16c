"""Salon in German and Japanese: the switcher on the sign-in page and in the header, a
member's choice kept across sessions, and a header that holds long German words and
Japanese at desktop and phone widths. Every page passes axe-core in its language."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from conftest import PASSWORD
from salon.accounts.models import User
from salon.communities.models import Community
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
# Set to a folder to keep a screenshot of each page checked (for looking at the layout).
SHOTS = os.environ.get("SALON_LANGUAGE_SHOTS")


def _fits(page: Page, viewport: ViewportSize, name: str) -> None:
    """Nothing in the page is wider than the window, and the header's links keep to it."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.site-header a, .site-header summary,'
                    + ' .site-header button')]
              .filter(el => el.offsetParent !== null)
              .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                            || el.scrollWidth > el.clientWidth + 1)
              .map(el => el.textContent.trim())"""
    )
    assert not overflowing, f"Cut off or outside the window: {overflowing}"


def test_someone_signed_out_reads_the_sign_in_page_in_german_then_japanese(
    page: Page, member: User, assert_accessible: AxeCheck
) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Deutsch").first.click()

    expect(page.get_by_role("heading", name="Bei Salon anmelden")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page)

    page.get_by_role("button", name="日本語").first.click()

    expect(page.get_by_role("heading", name="Salon にサインイン")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert_accessible(page)

    # Signing in keeps the language this browser chose.
    page.get_by_label("メール").fill(member.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン", exact=True).click()
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.get_by_role("navigation", name="メイン").get_by_role("link", name="ホーム"))
    expect(page.get_by_role("heading", name=re.compile("Maya さん、こんにちは"))).to_be_visible()


def test_a_member_switches_to_japanese_in_the_header_and_keeps_it(
    page: Page,
    sign_in: SignIn,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    sign_in(page, member)
    page.goto("/c/acme/")
    expect(page.get_by_role("heading", name="Acme Leaders", level=1)).to_be_visible()

    page.locator(".language-menu summary").click()
    page.get_by_role("button", name="日本語").click()

    # Back on the same page, now in Japanese, and kept on the profile.
    expect(page).to_have_url(re.compile(r"/c/acme/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    main = page.get_by_role("navigation", name="メイン")
    expect(main.get_by_role("link", name="ホーム")).to_be_visible()
    expect(main.get_by_role("link", name="イベント")).to_be_visible()
    member.refresh_from_db()
    assert member.language == "ja"
    assert_accessible(page)
    _fits(page, DESKTOP, "ja-community-1280")

    page.set_viewport_size(PHONE)
    _fits(page, PHONE, "ja-community-390")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_long_german_words_keep_inside_the_header(
    page: Page,
    sign_in: SignIn,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
    viewport: ViewportSize,
) -> None:
    # The director sees the most header links; German makes them the longest.
    director.language = "de"
    director.save(update_fields=["language"])
    page.set_viewport_size(viewport)
    sign_in(page, director)

    page.goto("/home/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    _fits(page, viewport, f"de-home-{viewport['width']}")
    assert_accessible(page)

    page.goto("/settings/")
    expect(page.get_by_role("heading", name="Ihr Profil", level=1)).to_be_visible()
    _fits(page, viewport, f"de-settings-{viewport['width']}")
    assert_accessible(page)
