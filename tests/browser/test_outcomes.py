from __future__ import annotations

import csv
import io

import pypdf
import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.analytics.tests.world import newcomers
from salon.communities.models import Community
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_director_opens_the_outcomes_sees_a_chart_and_downloads_the_csv(
    page: Page,
    sign_in: SignIn,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    newcomers(community, director)(6)

    sign_in(page, director)
    page.goto("/c/acme/")
    page.get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="Outcomes", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="The six benefits")).to_be_visible()
    chart = page.get_by_role("img", name="Share of members active each week")
    expect(chart).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Period").select_option(label="Last 30 days")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url("/c/acme/outcomes/?days=30")
    engagement = page.get_by_role(
        "table", name="Engagement: who takes part: the community, each region and each circle"
    )
    expect(engagement.get_by_role("row", name="Whole community")).to_contain_text("7")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0][:4] == ["table", "group", "measure", "value"]
    assert rows[1][:4] == ["Engagement: who takes part", "Whole community", "Members", "7"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(download.value.path()).pages)
    assert "Outcomes · Acme Leaders" in text
    assert "Whole community" in text
