"""A facilitator opens their circle's health, nudges a member who has gone quiet with one
click, and the member reads the nudge in their notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_facilitator_nudges_a_quiet_member_who_reads_it(
    page: Page,
    sign_in: SignIn,
    member: User,
    facilitator: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    cohort = Circle.objects.create(
        community=community, name="Leaders 2026", slug="leaders-2026", kind="cohort"
    )
    joined = timezone.now() - timedelta(days=45)
    CircleMembership.objects.create(circle=cohort, user=facilitator, joined_at=joined)
    CircleMembership.objects.create(circle=cohort, user=member, joined_at=joined)

    # Fred opens the circle, then its health, and sees Maya has gone quiet.
    sign_in(page, facilitator)
    page.goto("/c/acme/circles/leaders-2026/")
    page.get_by_role("link", name="Circle health").click()
    expect(page.get_by_role("heading", name="Circle health")).to_be_visible()
    expect(page.get_by_role("heading", name="Quiet for 30 days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nudge Maya Member").click()
    expect(page.get_by_role("status")).to_contain_text("Nudge sent to Maya Member")
    expect(page.get_by_text("Nudged on")).to_be_visible()

    # Maya reads it, in Fred's words.
    page.context.clear_cookies()
    sign_in(page, member)
    page.goto("/notifications/")
    expect(
        page.get_by_role("link", name="Fred Facilitator sent you a note from Leaders 2026.")
    ).to_be_visible()
    expect(page.get_by_text("we've missed you in Leaders 2026")).to_be_visible()
