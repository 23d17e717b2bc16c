from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import FilePayload, expect

from salon.accounts.models import User
from salon.communities.models import Community
from salon.discussions.categories import category_create
from salon.discussions.services.topics import topic_create
from tests.browser.conftest import AxeCheck, OpenPage

pytestmark = pytest.mark.browser


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_reply_appears_on_another_members_open_topic_without_a_reload(
    asgi_pages: OpenPage,
    member: User,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path  # the live server runs in this process: same settings
    general = category_create(actor=director, community=community, name="General")
    topic = topic_create(
        actor=director, category=general, title="Offsite formats", body="What worked for you?"
    )
    maya, diana = asgi_pages(member), asgi_pages(director)
    for page in (maya, diana):
        page.goto(topic.get_absolute_url())
        expect(page.get_by_role("heading", name="Offsite formats", level=1)).to_be_visible()
        expect(page.locator("[data-live-state=open]")).to_be_attached()
    assert_accessible(diana)
    diana.evaluate("window.stillTheSamePage = true")

    maya.get_by_label("Your reply").fill("A *walking* offsite, in small groups.")
    maya.get_by_label("Attach files (optional)").set_input_files(
        FilePayload(name="whiteboard.png", mimeType="image/png", buffer=_png())
    )
    maya.get_by_role("button", name="Post reply").click()

    reply = diana.locator("#post-2")
    expect(reply).to_contain_text("A walking offsite, in small groups.", timeout=2_000)
    expect(reply.locator("em")).to_have_text("walking")
    expect(reply.get_by_role("img", name="whiteboard.png")).to_be_visible()
    expect(diana.locator("[data-live-status]")).to_have_text("New reply from Maya Member")
    assert diana.evaluate("window.stillTheSamePage === true")
    # Rendered for Diana, a director: her moderation buttons are on it, and they work.
    expect(reply.get_by_role("button", name="Hide")).to_be_visible()
    reply.get_by_role("button", name="Thumbs up").click()
    expect(reply.get_by_role("button", name="Thumbs up")).to_have_attribute("aria-pressed", "true")
    assert diana.evaluate("window.stillTheSamePage === true")  # htmx, in place
    # Let htmx settle first: the scan's own wait cannot poll under the page's CSP.
    expect(diana.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    assert_accessible(diana)

    expect(maya.locator("#post-2")).to_contain_text("A walking offsite")  # after her redirect
