"""A director adds a module with pre-work to the cohort's programme; a member of the cohort
finds it in their week and marks it done, and it leaves their week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community
from salon.programmes.services.programmes import ProgrammePlan, programme_create
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_director_adds_pre_work_and_a_member_does_it_from_their_week(
    page: Page,
    sign_in: SignIn,
    member: User,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    cohort = Circle.objects.create(
        community=community, name="Leaders 2026", slug="leaders-2026", kind="cohort"
    )
    CircleMembership.objects.create(circle=cohort, user=member)
    today = date.today()
    programme = programme_create(
        actor=director,
        community=community,
        plan=ProgrammePlan(
            title="Global Leadership Programme",
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=120),
            cohorts=[cohort],
        ),
    )

    # Diana adds the module running this month, then its pre-work.
    sign_in(page, director)
    page.goto(f"/programmes/{programme.pk}/edit/")
    expect(page.get_by_role("heading", name="Global Leadership Programme")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Module", exact=True).fill("Strategy when the map keeps changing")
    page.get_by_label("Purpose").fill("Decide well with incomplete information.")
    page.locator("#id_starts_on").first.fill((today - timedelta(days=2)).isoformat())
    page.locator("#id_ends_on").first.fill((today + timedelta(days=25)).isoformat())
    page.get_by_role("button", name="Add the module").click()
    expect(page.get_by_role("status")).to_contain_text("Module added")
    expect(
        page.get_by_role("heading", name="Module 1: Strategy when the map keeps changing")
    ).to_be_visible()
    page.get_by_label("Kind of item").select_option(label="Pre-work")
    page.get_by_label("Title").first.fill("Read the scenario planning primer")
    page.get_by_label("Link").fill("https://example.org/primer")
    page.get_by_label("Due on").fill((today + timedelta(days=3)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Add the item").click()
    expect(page.get_by_role("status")).to_contain_text("Added: Read the scenario planning primer")

    # Maya finds it in her week and marks it done there.
    page.context.clear_cookies()
    sign_in(page, member)
    page.goto("/home/")
    expect(
        page.get_by_role("heading", name="Module 1: Strategy when the map keeps changing")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as done").first.click()

    expect(page.get_by_role("status")).to_contain_text("Done: Read the scenario planning primer")
    expect(page.get_by_text("All done in this module. Well done.")).to_be_visible()
    page.goto(f"/programmes/{programme.pk}/")
    expect(page.get_by_text("1 of 1 item done")).to_be_visible()
