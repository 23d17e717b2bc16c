from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Community, Membership
from salon.communities.services import invitation_create
from tests.browser.conftest import AxeCheck

pytestmark = pytest.mark.browser


def test_an_invitee_creates_an_account_and_lands_in_the_community(
    page: Page,
    director: User,
    community: Community,
    mailoutbox: list[EmailMessage],
    assert_accessible: AxeCheck,
) -> None:
    invitation_create(actor=director, community=community, email="ana@acme.test", name="Ana")
    (email,) = mailoutbox
    link = re.search(r"https?://\S+/invitations/\S+/", str(email.body))
    assert link is not None, email.body

    # The email links to the configured site; the path is what matters here.
    page.goto(urlsplit(link.group()).path)
    expect(page.get_by_role("heading", name="Join Acme Leaders")).to_be_visible()
    expect(page.get_by_text("Diana Director invited you as Member.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Ana Alvarez")
    page.get_by_label("Choose a password").fill("a long walk by the river")
    # The page guesses the zone from the browser (Europe/London here); Ana corrects it.
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/London")
    page.get_by_label("Your time zone").select_option("Europe/Madrid")
    page.get_by_role("button", name="Create account and join").click()

    expect(page).to_have_url(re.compile(r"/c/acme/$"))
    expect(page.get_by_role("heading", name="Our purpose")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Acme Leaders.")
    expect(page.locator(".page-head .badge")).to_have_text("Member")
    assert_accessible(page)
    ana = User.objects.get(email="ana@acme.test")
    assert (ana.name, ana.timezone) == ("Ana Alvarez", "Europe/Madrid")
    assert Membership.objects.filter(user=ana, community=community, role="member").exists()
