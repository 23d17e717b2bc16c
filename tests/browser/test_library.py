"""The library in a browser: a facilitator puts a path's steps in order with the keyboard;
a member finds a resource by a word that is only inside its PDF, sees its first page,
marks it useful, saves it, and marks its step of the path done."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Community
from salon.resources.models import Mark, StepCompletion
from salon.resources.pdf import text_pdf
from salon.resources.services.library import ResourcePlan, resource_create
from salon.resources.services.paths import (
    PathPlan,
    StepPlan,
    path_create,
    path_set_status,
    step_add,
)
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _switch(page: Page, sign_in: SignIn, user: User) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


def test_a_member_finds_a_pdf_by_its_words_marks_it_and_does_its_step(
    page: Page,
    sign_in: SignIn,
    member: User,
    facilitator: User,
    community: Community,
    assert_accessible: AxeCheck,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    pdf = text_pdf(
        "Negotiation primer",
        ["Before any deal, write down your BATNA and fill in the zopa worksheet together."],
    )
    primer = resource_create(
        actor=facilitator,
        community=community,
        plan=ResourcePlan(kind="file", title="Negotiation primer", summary="Two pages."),
        upload=SimpleUploadedFile("primer.pdf", pdf, "application/pdf"),
    )
    path = path_create(
        actor=facilitator, community=community, plan=PathPlan(title="Deals across cultures")
    )
    step_add(actor=facilitator, path=path, plan=StepPlan(kind="reflection", title="Warm up"))
    step_add(
        actor=facilitator, path=path, plan=StepPlan(kind="resource", title="", resource=primer)
    )
    path_set_status(actor=facilitator, path=path, status="published")

    # Fred puts the reading first, with the keyboard only.
    sign_in(page, facilitator)
    page.goto(f"/paths/{path.pk}/edit/")
    steps = page.get_by_role("heading", name="Steps").locator("xpath=../..").get_by_role("listitem")
    expect(steps.first).to_contain_text("Warm up")
    assert_accessible(page)
    page.get_by_role("button", name="Move up Negotiation primer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("“Negotiation primer” is now step 1.")
    expect(page).to_have_url(re.compile(r"#edit-step-\d+$"))
    expect(steps.first).to_contain_text("Negotiation primer")
    expect(steps.nth(1)).to_contain_text("Warm up")

    # Maya searches for a word that is only inside the PDF.
    _switch(page, sign_in, member)
    page.goto("/c/acme/library/")
    page.get_by_label("Search the library, the words inside its files too").fill("zopa")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?.*q=zopa"))
    hit = page.get_by_role("link", name=re.compile("Negotiation primer"))
    expect(hit.first).to_be_visible()
    assert_accessible(page)
    hit.first.click()
    expect(page.get_by_role("heading", name="Negotiation primer", level=1)).to_be_visible()
    preview = page.get_by_role("img", name="The first page of primer.pdf")
    expect(preview).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth > 0", preview.element_handle()), (
        "the preview did not load"
    )
    assert_accessible(page)

    # Useful, then saved for later (htmx swaps the buttons in place).
    useful = page.get_by_role("button", name=re.compile("^Useful"))
    useful.click()
    expect(page.get_by_role("button", name="Useful · 1")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_role("button", name="Saved for later")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert set(Mark.objects.filter(user=member).values_list("kind", flat=True)) == {
        "useful",
        "bookmark",
    }

    # It is on her "saved" shelf of the library.
    page.goto("/c/acme/library/?mine=saved")
    expect(page.get_by_role("link", name="Negotiation primer")).to_be_visible()

    # On the path, the reading is now the first step; she marks it done.
    page.goto(f"/paths/{path.pk}/")
    first = page.locator(".path-steps > li").first
    expect(first).to_contain_text("Negotiation primer")
    first.get_by_role("button", name=re.compile("^Mark as done")).click()
    expect(page.get_by_role("status")).to_contain_text("Done: “Negotiation primer”.")
    expect(page.get_by_text("1 of 2 steps done")).to_be_visible()
    assert_accessible(page)
    assert StepCompletion.objects.filter(user=member, step__resource=primer).exists()
