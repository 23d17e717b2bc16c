from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser


def test_a_member_edits_their_profile_and_sees_it_on_their_page(
    page: Page, sign_in: SignIn, member: User, assert_accessible: AxeCheck
) -> None:
    sign_in(page, member)
    page.goto("/settings/")
    expect(page.get_by_role("heading", name="Your profile", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Job title", exact=True).fill("Group Chief Financial Officer")
    page.get_by_label("Country", exact=True).fill("Singapore")
    page.get_by_label("Time zone", exact=True).select_option("Asia/Singapore")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    assert_accessible(page)
    page.get_by_role("link", name="View my profile").click()

    expect(page).to_have_url(re.compile(rf"/people/{member.pk}/$"))
    expect(page.get_by_role("heading", name="Maya Member", level=1)).to_be_visible()
    expect(page.get_by_text("Group Chief Financial Officer")).to_be_visible()
    expect(page.get_by_text("Singapore (Asia-Pacific)")).to_be_visible()
    expect(page.get_by_text("Asia/Singapore · works")).to_be_visible()
    assert_accessible(page)
    member.refresh_from_db()
    assert (member.title, member.country, member.timezone) == (
        "Group Chief Financial Officer",
        "Singapore",
        "Asia/Singapore",
    )
