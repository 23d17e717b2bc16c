from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from salon.accounts.models import User
from salon.communities.models import Community
from salon.discussions.categories import category_create
from salon.discussions.mentions import handle_for
from salon.discussions.services.topics import topic_create
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser


def test_typing_at_and_a_name_offers_people_and_enter_inserts_the_handle(
    page: Page,
    sign_in: SignIn,
    director: User,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    general = category_create(actor=director, community=community, name="General")
    topic = topic_create(
        actor=director, category=general, title="Offsite formats", body="What worked for you?"
    )
    handle = handle_for(member.name, member.pk)  # "maya-member"
    sign_in(page, director)
    page.goto(topic.get_absolute_url())

    reply = page.get_by_role("combobox", name="Your reply")
    reply.click()
    reply.press_sequentially("Thanks. @ma", delay=30)

    suggestions = page.get_by_role("listbox", name="People to mention")
    expect(suggestions).to_be_visible()
    option = suggestions.get_by_role("option", name=f"Maya Member @{handle}")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(option).to_contain_text("Chief Financial Officer")
    expect(reply).to_have_attribute("aria-expanded", "true")
    expect(reply).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    expect(page.get_by_role("status").filter(has_text="1 person to mention")).to_be_attached()
    assert_accessible(page)

    reply.press("Enter")

    expect(reply).to_have_value(f"Thanks. @{handle} ")
    expect(suggestions).to_be_hidden()
    expect(reply).to_have_attribute("aria-expanded", "false")
    # Diana is the one typing: she is not offered to herself.
    reply.press_sequentially("and @di", delay=30)
    expect(page.get_by_role("status").filter(has_text="No one to mention matches")).to_be_attached()
    expect(suggestions).to_be_hidden()
    for _ in range(3):
        reply.press("Backspace")
    # Escape closes the list without inserting anything.
    reply.press_sequentially("@m", delay=30)
    expect(suggestions).to_be_visible()
    reply.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(reply).to_have_value(f"Thanks. @{handle} and @m")
    reply.fill(f"Thanks. @{handle} ")
    reply.press_sequentially("see you", delay=10)

    page.get_by_role("button", name="Post reply").click()

    post = page.locator("#post-2")
    expect(post).to_contain_text("Thanks. @maya-member see you")
    expect(post.get_by_role("link", name=f"@{handle}")).to_have_attribute(
        "href", f"/people/{member.pk}/"
    )


def test_a_click_on_a_suggestion_inserts_it_in_a_new_topic(
    page: Page, sign_in: SignIn, director: User, member: User, community: Community
) -> None:
    category_create(actor=director, community=community, name="General")
    sign_in(page, director)
    page.goto(f"/c/{community.slug}/forum/new/")

    body = page.get_by_role("combobox", name="What would you like to discuss?")
    body.click()
    body.press_sequentially("Ask @MEM", delay=30)
    page.get_by_role("option", name="Maya Member @maya-member").click()

    expect(body).to_have_value("Ask @maya-member ")
    expect(body).to_be_focused()
