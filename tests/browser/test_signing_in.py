from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from salon.accounts.models import User
from salon.communities.models import Community
from tests.browser.conftest import AxeCheck

pytestmark = pytest.mark.browser


def test_a_member_signs_in_and_reaches_their_community(
    page: Page, member: User, community: Community, assert_accessible: AxeCheck
) -> None:
    community.purpose = "We learn from each other's hardest decisions."
    community.save(update_fields=["purpose"])

    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.get_by_role("heading", name="Good to see you, Maya")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name=re.compile("Acme Leaders")).click()
    expect(page).to_have_url(re.compile(r"/c/acme/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Leaders")
    expect(page.get_by_role("heading", name="Our purpose")).to_be_visible()
    expect(page.get_by_text("We learn from each other's hardest decisions.")).to_be_visible()
    assert_accessible(page)
