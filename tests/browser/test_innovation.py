"""The innovation lab in a browser: an idea submitted, supported and moved through a gate;
two people on one live brainstorming board; and the lab's pages on a phone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from salon.accounts.models import User
from salon.communities.models import Community
from salon.innovation.models import BoardNote, Idea
from salon.innovation.services.boards import BoardPlan, board_create, cluster_add, note_add
from salon.innovation.services.challenges import ChallengePlan, challenge_create
from salon.innovation.services.ideas import IdeaText, idea_submit
from tests.browser.conftest import AxeCheck, OpenPage, SignIn

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def _challenge(director: User, community: Community) -> Any:
    today = timezone.localdate()
    return challenge_create(
        actor=director,
        community=community,
        plan=ChallengePlan(
            title="Cut onboarding time for new clients",
            problem="Onboarding a corporate client takes **nine weeks**.",
            opens_on=today - timedelta(days=2),
            submit_until=today + timedelta(days=14),
            refine_until=today + timedelta(days=21),
            evaluate_until=today + timedelta(days=28),
            decide_until=today + timedelta(days=35),
        ),
    )


def test_an_idea_is_submitted_supported_and_moved_through_a_gate(
    page: Page,
    sign_in: SignIn,
    director: User,
    facilitator: User,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    challenge = _challenge(director, community)
    sign_in(page, member)
    page.goto(challenge.get_absolute_url())
    page.get_by_role("link", name="Submit an idea").click()
    page.get_by_label("Your idea in a line").fill("Digital identity checks in a day")
    page.get_by_label("The problem").fill("Paper forms travel between four teams.")
    page.get_by_label("What you propose").fill("Verify identity online with the bank's app.")
    assert_accessible(page)
    page.get_by_role("button", name="Submit idea").click()
    expect(page.get_by_role("heading", name="Digital identity checks in a day")).to_be_visible()
    idea = Idea.objects.get()

    page.context.clear_cookies()
    sign_in(page, facilitator)
    page.goto(challenge.get_absolute_url())
    support = page.get_by_role("button", name="Support Digital identity checks in a day")
    support.click()
    expect(
        page.get_by_role("button", name="Supported Digital identity checks in a day")
    ).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#vote-{idea.pk} .vote-total")).to_have_text("1")

    page.context.clear_cookies()
    sign_in(page, director)
    page.goto(idea.get_absolute_url())
    page.get_by_role("link", name="Move this idea").click()
    page.get_by_label("Move to").select_option(label="Shortlisted")
    page.get_by_label("Note for the authors").fill("Clear problem and strong support.")
    assert_accessible(page)
    page.get_by_role("button", name="Move").click()
    expect(page.locator(".badge-accent", has_text="Shortlisted")).to_be_visible()
    expect(page.get_by_text("Clear problem and strong support.")).to_be_visible()
    idea.refresh_from_db()
    assert idea.stage.key == "shortlisted"


def test_two_people_on_one_board_see_each_others_changes_at_once(
    asgi_pages: OpenPage,
    director: User,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    challenge = _challenge(director, community)
    board = board_create(
        actor=director,
        community=community,
        plan=BoardPlan(title="What slows our launches?", challenge=challenge, dot_budget=1),
    )
    maya, diana = asgi_pages(member), asgi_pages(director)
    for tab in (maya, diana):
        tab.goto(board.get_absolute_url())
        expect(tab.get_by_role("heading", name="What slows our launches?")).to_be_visible()
        expect(tab.locator("[data-board][data-live-state=open]")).to_be_attached()
    # Each sees the other arrive.
    expect(diana.locator("[data-presence]")).to_contain_text("Maya Member")
    expect(maya.locator("[data-presence]")).to_contain_text("Diana Director")
    assert_accessible(maya)
    diana.evaluate("window.stillTheSamePage = true")

    # Maya's note appears on Diana's board without a reload, within a second or two.
    maya.get_by_label("Your note").fill("Legal review takes three weeks")
    maya.get_by_role("button", name="Add note").click()
    note = diana.locator(".sticky", has_text="Legal review takes three weeks")
    expect(note).to_be_visible(timeout=2_000)
    assert diana.evaluate("window.stillTheSamePage === true")

    # Diana groups it: a new cluster, then the note moved into it by keyboard.
    diana.get_by_label("New cluster").fill("Approvals")
    diana.get_by_role("button", name="Add cluster").click()
    expect(maya.get_by_role("region", name="Approvals")).to_be_visible(timeout=2_000)
    note_id = BoardNote.objects.get().pk
    move = diana.locator(f"#move-{note_id}")
    move.focus()
    move.select_option(label="Approvals")
    diana.locator(f"#note-{note_id}").get_by_role("button", name="Move").press("Enter")
    approvals = maya.get_by_role("region", name="Approvals")
    expect(approvals.locator(f"#note-{note_id}")).to_be_visible(timeout=2_000)
    assert diana.evaluate("window.stillTheSamePage === true")

    # Dot voting: one dot each; a second one is refused with the reason.
    diana.locator("details.brainstorm-facilitate summary").click()
    diana.get_by_label("Phase").select_option("voting")
    diana.get_by_role("button", name="Change phase").click()
    expect(maya.locator("[data-phase-label]")).to_have_text("Dot voting", timeout=3_000)
    maya_note = maya.locator(f"#note-{note_id}")
    maya_note.get_by_role("button", name="Add a dot to this note").click()
    expect(maya_note.locator("[data-dots]")).to_have_text("1 dot")
    expect(maya.locator("[data-dots-left]")).to_have_text("0")
    expect(diana.locator(f"#note-{note_id} [data-dots]")).to_have_text("1 dot", timeout=3_000)
    maya_note.get_by_role("button", name="Add a dot to this note").click()
    expect(maya.locator("[data-board-error]")).to_have_text("You have used your 1 dot.")
    expect(maya_note.locator("[data-dots]")).to_have_text("1 dot")

    # Diana turns the cluster into an idea of the challenge, credited to Maya.
    diana.get_by_role("region", name="Approvals").get_by_role(
        "link", name="Turn the cluster into an idea"
    ).click()
    expect(diana.get_by_label("What it proposes")).to_have_value("- Legal review takes three weeks")
    diana.get_by_label("Title of the idea").fill("One owner for legal review")
    diana.get_by_role("button", name="Create the idea").click()
    expect(diana.get_by_role("heading", name="One owner for legal review")).to_be_visible()
    idea = Idea.objects.get()
    assert list(idea.authors.all()) == [member]


def test_the_lab_pages_fit_a_phone(
    page: Page,
    sign_in: SignIn,
    director: User,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    challenge = _challenge(director, community)
    idea = idea_submit(
        actor=member,
        challenge=challenge,
        text=IdeaText("Digital identity checks in a day", "Paper forms.", "Online checks."),
    )
    board = board_create(
        actor=director, community=community, plan=BoardPlan(title="Launch friction")
    )
    cluster = cluster_add(actor=director, board=board, name="Approvals")
    note_add(
        actor=member, board=board, text="Three sign-offs for every launch", cluster_id=cluster.pk
    )
    page.set_viewport_size(PHONE)
    sign_in(page, member)
    for url in [
        "/c/acme/challenges/",
        challenge.get_absolute_url(),
        idea.get_absolute_url(),
        "/c/acme/ideas/",
        "/c/acme/boards/",
        board.get_absolute_url(),
    ]:
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert_accessible(page)
    # On the board, the note's "Move to" list works at this width.
    note = page.locator(".sticky", has_text="Three sign-offs")
    note.get_by_label("Move to").select_option(label="Not grouped")
    note.get_by_role("button", name="Move").click()
    expect(page.locator("#cluster-none .sticky", has_text="Three sign-offs")).to_be_visible()
