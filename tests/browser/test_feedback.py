"""A 360° cycle in the browser: a facilitator opens it for a circle, a member nominates
raters and the facilitator approves them, raters answer, the cycle closes, the member
reads their report, turns a blind spot into a goal and shares the report with their
mentor."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Circle, Community
from salon.feedback.models import Participant, Response
from salon.feedback.tests.conftest import answer
from salon.feedback.tests.test_query_counts import _grow, _world
from salon.mentoring.models import Mentorship, Programme
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _switch(page: Page, sign_in: SignIn, user: User) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


def test_a_cycle_from_opening_to_a_goal_made_from_a_blind_spot(
    page: Page,
    sign_in: SignIn,
    member: User,
    facilitator: User,
    community: Community,
    circle: Circle,
    assert_accessible: AxeCheck,
) -> None:
    peers = []
    for name in ("Pia Peer", "Paul Peer", "Petra Peer"):
        peer = make_user(f"{name.split()[0].lower()}@acme.test", name)
        join(peer, community)
        peers.append(peer)
    mentor = make_user("mona@acme.test", "Mona Mentor")
    join(mentor, community, "mentor")
    programme = Programme.objects.create(
        community=community, name="Mentoring", starts_on=date(2026, 1, 1), ends_on=date(2030, 1, 1)
    )
    Mentorship.objects.create(
        programme=programme, mentee=member, mentor=mentor, started_at=timezone.now()
    )

    # The facilitator opens a cycle for the EMEA chapter, rating two competencies.
    sign_in(page, facilitator)
    page.goto("/c/acme/feedback/")
    page.get_by_role("link", name="Open a cycle").click()
    expect(page.get_by_role("heading", name="Open a 360° cycle")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("EMEA spring 360")
    page.get_by_label("Circle or cohort reviewed").select_option(label="EMEA Chapter")
    page.get_by_label("Strategic thinking", exact=True).check()
    page.get_by_label("Developing others", exact=True).check()
    # Two of strategic thinking's behaviours are rated one by one; the other competency whole.
    behaviours = page.get_by_role("checkbox", name=re.compile("^Strategic thinking — "))
    behaviours.nth(0).check()
    behaviours.nth(1).check()
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.get_by_role("heading", name=re.compile("EMEA spring 360"))).to_be_visible()

    # Maya chooses three peers and sends her list; the facilitator approves it.
    _switch(page, sign_in, member)
    page.goto("/c/acme/feedback/")
    page.get_by_role("link", name="EMEA spring 360").click()
    page.get_by_role("link", name="Your raters").click()
    for peer in peers:
        page.get_by_label("Person").select_option(label=peer.display_name)
        page.get_by_label("They know you as").select_option(label="Peers")
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_role("cell", name=peer.display_name, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the list for approval").click()
    expect(page.get_by_role("status")).to_contain_text("Sent for approval.")

    _switch(page, sign_in, facilitator)
    page.goto("/c/acme/feedback/")
    page.get_by_role("link", name="EMEA spring 360").click()
    page.get_by_role("link", name=member.display_name).click()
    page.get_by_role("button", name="Approve and invite the raters").click()
    expect(page.get_by_role("status")).to_contain_text("the raters are invited")

    # Maya gives her own view: she rates herself high.
    _switch(page, sign_in, member)
    page.goto("/c/acme/feedback/")
    page.get_by_role("link", name="Your own view").click()
    assert_accessible(page)
    for group in page.locator("fieldset.rating").all():
        group.locator('input[value="5"]').check()
    page.get_by_label("What should this person keep doing?").fill("Thinking ahead.")
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_role("status")).to_contain_text("your feedback is sent")

    # A peer is told their answers are anonymous, saves a draft, then sends.
    _switch(page, sign_in, peers[0])
    page.goto("/c/acme/feedback/")
    page.get_by_role("link", name=member.display_name).click()
    expect(page.get_by_role("note")).to_contain_text("Your answers are anonymous")
    for group in page.locator("fieldset.rating").all():
        group.locator('input[value="2"]').check()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as a draft")
    page.get_by_label("What could they do differently to be more effective?").fill(
        "Share the long view with us."
    )
    page.get_by_role("button", name="Send my feedback").click()
    expect(page.get_by_role("status")).to_contain_text("your feedback is sent")
    participant = Participant.objects.get(person=member)
    items = list(participant.cycle.items.values_list("pk", flat=True))
    for peer in peers[1:]:
        answer(peer, participant, dict.fromkeys(items, 2), "", "Talk strategy more.")

    # The facilitator closes the cycle.
    _switch(page, sign_in, facilitator)
    page.goto(participant.cycle.get_absolute_url())
    expect(page.get_by_role("cell", name="3 / 3", exact=True)).to_be_visible()
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_role("status")).to_contain_text("The cycle is closed")

    # Maya reads her report, makes a goal of the blind spot and shares with her mentor.
    _switch(page, sign_in, member)
    page.goto("/c/acme/feedback/")
    page.get_by_role("link", name="EMEA spring 360").first.click()
    page.get_by_role("link", name="Read your report").click()
    expect(page.get_by_role("heading", name=re.compile("Feedback report"))).to_be_visible()
    expect(page.get_by_text("Blind spot").first).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Your rating and others"))).to_be_visible()
    expect(page.get_by_text("Share the long view with us.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make “Strategic thinking” a development goal").click()
    expect(page.get_by_role("heading", name="Grow in Strategic thinking")).to_be_visible()
    page.go_back()
    page.reload()
    page.get_by_label("Mentor", exact=True).select_option(label=mentor.display_name)
    page.get_by_role("button", name="Share this report").click()
    expect(page.get_by_role("status")).to_contain_text("Shared with your mentor.")

    _switch(page, sign_in, mentor)
    page.goto(participant.get_absolute_url())
    expect(page.get_by_role("heading", name=re.compile("Feedback report"))).to_be_visible()


def test_the_directors_heatmap_reads_clearly_on_every_shade(
    page: Page,
    sign_in: SignIn,
    director: User,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    # Eleven people reviewed: enough for the cohort's figures; the darkest cells once kept
    # dark text on a dark ground.
    cycle, reviewed = _world(director, member, community)
    _grow(cycle, reviewed, start=0, count=10)
    items = [str(pk) for pk in cycle.items.values_list("pk", flat=True)]
    high = {item: 4 + k % 2 for k, item in enumerate(items)}  # the two darkest shades
    Response.objects.filter(participant__cycle=cycle).update(scores=high)

    sign_in(page, director)
    page.goto("/c/acme/feedback/overview/")

    expect(page.get_by_role("heading", name="Competencies across the cohort")).to_be_visible()
    expect(page.locator("table.heatmap td.heat-3").first).to_be_visible()
    expect(page.locator("table.heatmap td.heat-4").first).to_be_visible()
    assert_accessible(page)
