"""Two members connect and exchange a message that appears live: Maya asks Diana to
connect, Diana accepts, and Diana's reply appears on Maya's open conversation without a
reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from salon.accounts.models import User
from salon.communities.models import Community
from tests.browser.conftest import AxeCheck, OpenPage

pytestmark = pytest.mark.browser


def test_two_members_connect_and_a_message_appears_live(
    asgi_pages: OpenPage,
    member: User,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    maya, diana = asgi_pages(member), asgi_pages(director)

    maya.goto(f"/people/{director.pk}/")
    maya.get_by_role("link", name="Ask to connect").click()
    maya.get_by_label("A note (optional)").fill("We met at the Lisbon offsite.")
    maya.get_by_role("button", name="Ask to connect").click()
    expect(maya.get_by_text("waiting for an answer")).to_be_visible()

    diana.goto("/network/")
    expect(diana.get_by_text("We met at the Lisbon offsite.")).to_be_visible()
    assert_accessible(diana)
    diana.get_by_role("button", name="Accept").click()
    expect(diana.get_by_role("link", name="Maya Member")).to_be_visible()

    diana.get_by_role("link", name="Message", exact=True).click()
    diana.get_by_role("textbox", name="Message").fill("Welcome! Shall we talk about **Lagos**?")
    diana.get_by_role("button", name="Send").click()
    expect(diana.locator(".message")).to_have_count(1)

    maya.goto("/messages/")
    maya.locator(".conversation-list a", has_text="Diana Director").click()
    expect(maya.locator(".message-body strong")).to_have_text("Lagos")
    expect(maya.locator("[data-socket-open]")).to_be_attached()
    maya.evaluate("window.stillTheSamePage = true")

    diana.get_by_role("textbox", name="Message").fill("Thursday at 10:00 your time?")
    diana.get_by_role("textbox", name="Message").press("Enter")

    expect(maya.locator(".message").last).to_contain_text("Thursday at 10:00", timeout=3_000)
    expect(maya.locator("[data-messages-live]")).to_have_text("New message from Diana Director")
    assert maya.evaluate("window.stillTheSamePage === true")
    assert_accessible(maya)
