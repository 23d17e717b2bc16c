from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Community
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_asks_for_feedback_a_peer_answers_and_the_member_praises_them(
    page: Page,
    sign_in: SignIn,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    peer = make_user("pia@acme.test", "Pia Peer")
    join(peer, community)

    # Maya asks Pia how the offsite went.
    sign_in(page, member)
    page.goto("/me/feedback/")
    expect(page.get_by_role("heading", name="Feedback", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask for feedback").first.click()
    page.get_by_label("Whom to ask").select_option(label="Pia Peer")
    page.get_by_label("The situation").fill("The strategy offsite last week")
    page.get_by_label("Competency").select_option(label="Communicating with impact")
    assert_accessible(page)
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_role("status")).to_contain_text("Your request is on its way.")

    # Pia answers in the situation–behaviour–impact form.
    page.context.clear_cookies()
    sign_in(page, peer)
    page.goto("/me/feedback/")
    page.get_by_role("link", name="“The strategy offsite last week”").click()
    page.get_by_label("What they did").fill("You asked each table for one risky assumption.")
    page.get_by_label("The impact").fill("We ended with three scenarios, not one.")
    assert_accessible(page)
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")

    # Maya reads it, and praises Pia in the community.
    page.context.clear_cookies()
    sign_in(page, member)
    page.goto("/me/feedback/")
    expect(page.get_by_text("We ended with three scenarios, not one.")).to_be_visible()
    page.goto("/c/acme/praise/")
    page.get_by_label("Whom to praise").select_option(label="Pia Peer")
    page.get_by_label("For which competency").select_option(label="Developing others")
    page.get_by_label("What they did").fill("Candid, specific feedback within a day.")
    assert_accessible(page)
    page.get_by_role("button", name="Praise", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Your praise is up.")
    expect(page.get_by_text("Candid, specific feedback within a day.")).to_be_visible()
    page.goto("/me/growth/")
    expect(page.get_by_role("heading", name="My growth", level=1)).to_be_visible()
    assert_accessible(page)
