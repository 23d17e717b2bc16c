from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community
from salon.goals.models import CheckIn, Encouragement, Goal
from salon.goals.services.objectives import KeyResultPlan, objective_create
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _switch(page: Page, sign_in: SignIn, user: User) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


def test_a_member_sets_a_goal_checks_in_a_peer_cheers_and_the_director_sees_only_totals(
    page: Page,
    sign_in: SignIn,
    member: User,
    director: User,
    community: Community,
    circle: Circle,
    assert_accessible: AxeCheck,
) -> None:
    peer = make_user("pia@acme.test", "Pia Peer")
    join(peer, community)
    CircleMembership.objects.create(circle=circle, user=peer)
    objective_create(
        actor=director,
        community=community,
        title="Grow leaders who lead across regions",
        period="2026 H1",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
        key_results=[KeyResultPlan(title="Cross-region mentoring pairs", target=30, baseline=6)],
    )

    # Maya sets a goal for her circle, linked to a competency and the shared objective.
    sign_in(page, member)
    page.goto("/goals/")
    expect(page.get_by_role("heading", name="My goals", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Set a goal").first.click()
    expect(page.get_by_role("heading", name="Set a goal", level=1)).to_be_visible()
    page.get_by_label("Your goal").fill("Give my leadership team more room to decide")
    page.get_by_label("Competency it develops").select_option(label="Developing others")
    page.get_by_label("Shared objective it serves").select_option(
        label="Grow leaders who lead across regions"
    )
    page.get_by_label("What success looks like").fill("Three decisions a month made without me.")
    page.get_by_label("My circle").check()
    page.get_by_label("Circle", exact=True).select_option(label="EMEA Chapter")
    page.get_by_label("Check in").select_option(label="Every week")
    page.locator("#id_ms-0-title").fill("Agree decision rights with the team")
    assert_accessible(page)
    page.get_by_role("button", name="Set the goal").click()

    expect(
        page.get_by_role("heading", name="Give my leadership team more room to decide")
    ).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your goal is set.")
    expect(page.get_by_text("Agree decision rights with the team", exact=True)).to_be_visible()
    assert_accessible(page)

    # Two check-ins: the history and the progress-over-time chart grow.
    for progress, helped in (("30", "Weekly one-to-ones."), ("55", "The team ran the review.")):
        page.get_by_label("Progress (%)").fill(progress)
        page.get_by_label("Confidence (1–10)").select_option(progress[0])
        page.get_by_label("What helped").fill(helped)
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("status")).to_contain_text("Checked in.")
    expect(page.locator(".check-ins > li")).to_have_count(2)
    expect(page.get_by_role("img", name=re.compile("Progress over time"))).to_be_visible()
    expect(page.locator("progress").first).to_have_attribute("value", "55")
    assert_accessible(page)
    goal = Goal.objects.get()
    assert CheckIn.objects.filter(goal=goal).count() == 2

    # Pia, in the same circle, finds it on the circle's board and cheers, in place.
    _switch(page, sign_in, peer)
    page.goto("/c/acme/circles/emea/goals/")
    expect(
        page.get_by_role("link", name="Give my leadership team more room to decide", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    tally = page.locator(f"#goal-{goal.pk}-tally")
    expect(tally).to_contain_text("0 encouragements")
    page.get_by_role("button", name=re.compile("^Encourage")).click()
    expect(page.get_by_role("button", name=re.compile("^Cheered"))).to_be_disabled()
    expect(tally).to_contain_text("1 encouragement")  # at once, without a reload
    assert Encouragement.objects.filter(goal=goal, author=peer).count() == 1

    # Diana sees attainment across the community, but not the goal, which is not hers to see.
    _switch(page, sign_in, director)
    page.goto("/c/acme/")
    expect(
        page.get_by_role(
            "progressbar", name="Progress of the objective “Grow leaders who lead across regions”"
        )
    ).to_have_attribute("value", "0")
    assert_accessible(page)
    page.goto("/c/acme/goals/overview/")
    expect(page.get_by_role("heading", name="Goal attainment")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Active goals by progress"))).to_be_visible()
    # One active goal is too few to count without giving its owner away.
    expect(page.locator(".stat").filter(has_text="active goals")).to_contain_text("withheld")
    expect(page.get_by_text("Give my leadership team more room to decide")).to_have_count(0)
    assert_accessible(page)
    # The goal's own page answers her as if it did not exist (fetched with her cookies, so
    # the tab logs no failed load).
    assert page.request.get(goal.get_absolute_url()).status == 404
