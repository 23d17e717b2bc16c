from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Community, Invitation
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser

CSV = b"""email,name,role
ana@acme.test,Ana Alvarez,member
not-an-email,Bad Row,member
bo@acme.test,Bo Berg,facilitator
"""


def test_a_director_invites_by_csv_and_is_told_which_row_failed(
    page: Page,
    sign_in: SignIn,
    director: User,
    community: Community,
    mailoutbox: list[EmailMessage],
    assert_accessible: AxeCheck,
) -> None:
    sign_in(page, director)
    page.goto("/c/acme/invite/")
    expect(page.get_by_role("heading", name="Invite many from a CSV file")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("CSV file", exact=True).set_input_files(
        {"name": "cohort.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Upload and invite").click()

    result = page.locator("#csv-result")
    expect(result).to_contain_text("2 invitations sent.")
    expect(result.get_by_role("alert")).to_contain_text(
        "Line 3: “not-an-email” is not a valid email address."
    )
    assert_accessible(page)
    invited = Invitation.objects.filter(community=community).order_by("email")
    assert [(i.email, i.role) for i in invited] == [
        ("ana@acme.test", "member"),
        ("bo@acme.test", "facilitator"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@acme.test", "bo@acme.test"]
