"""On a phone (390 × 844) the header and a community's sections fold behind menu buttons
that work by touch and by keyboard; the main pages pass axe-core at that width too."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, TestCase
from playwright.sync_api import Page, ViewportSize, expect

from salon.accounts.models import User
from salon.communities.models import Circle, Community
from salon.discussions.categories import category_create
from salon.discussions.services.topics import topic_create
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_on_a_phone_the_header_and_community_tabs_fold_behind_menus(
    page: Page, sign_in: SignIn, director: User, member: User, assert_accessible: AxeCheck
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, director)
    page.goto("/c/acme/")
    expect(page.get_by_role("heading", name="Acme Leaders", level=1)).to_be_visible()

    # The header shows the brand, the profile, the bell and one button; the links wait
    # behind it.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name=re.compile("^Notifications"))).to_be_visible()
    expect(page.get_by_role("link", name="Your profile")).to_be_visible()
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="My goals")).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    # So do the community's sections.
    sections = page.get_by_role("button", name="Community sections")
    expect(sections).to_have_attribute("aria-expanded", "false")
    tabs = page.get_by_role("navigation", name="Community")
    expect(tabs.get_by_role("link", name="Forum")).to_be_hidden()
    expect(tabs.get_by_role("link", name="Audit log")).to_be_hidden()
    assert_accessible(page)
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # By keyboard: the button opens the menu, its links come next, Escape closes it.
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(main_nav.get_by_role("link", name="My goals")).to_be_visible()
    expect(main_nav.get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.keyboard.press("Tab")
    expect(main_nav.get_by_role("link", name="Home")).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(main_nav.get_by_role("link", name="My goals")).to_be_hidden()

    # By touch: the sections open and lead to the forum.
    sections.click()
    expect(sections).to_have_attribute("aria-expanded", "true")
    expect(tabs.get_by_role("link", name="Forum")).to_be_visible()
    # The rarer ones wait in two menus that open in place.
    expect(tabs.get_by_role("link", name="Audit log")).to_be_hidden()
    tabs.locator("summary", has_text="Manage").click()
    expect(tabs.get_by_role("link", name="Audit log")).to_be_visible()
    assert_accessible(page)
    tabs.get_by_role("link", name="Forum").click()
    expect(page).to_have_url(re.compile(r"/c/acme/forum/"))
    expect(page.get_by_role("link", name="Forum")).to_be_hidden()


def test_on_a_wide_screen_nothing_folds(page: Page, sign_in: SignIn, director: User) -> None:
    sign_in(page, director)
    page.goto("/c/acme/")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("button", name="Community sections")).to_be_hidden()
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(1)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My goals")
    ).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Community").get_by_role("link", name="Forum")
    ).to_be_visible()


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("member", "/home/"),
        ("member", "/c/acme/"),
        ("member", "/c/acme/people/"),
        ("member", "/c/acme/forum/"),
        ("member", "/c/acme/circles/"),
        ("member", "/c/acme/circles/emea/goals/"),
        ("member", "/events/"),
        ("member", "/goals/"),
        ("member", "/mentoring/"),
        ("member", "/people/{}/"),  # the director's profile
        ("member", "/search/?q=EMEA"),
        ("member", "/notifications/"),
        ("member", "/settings/"),
        ("director", "/c/acme/members/"),
        ("director", "/c/acme/invite/"),
        ("director", "/c/acme/audit/"),
        ("director", "/c/acme/goals/overview/"),
        ("director", "/c/acme/mentoring/"),
    ],
)
def test_the_main_pages_pass_axe_core_at_phone_width(
    page: Page,
    sign_in: SignIn,
    member: User,
    director: User,
    circle: Circle,
    who: str,
    path: str,
    assert_accessible: AxeCheck,
) -> None:
    page.set_viewport_size(PHONE)
    path = path.format(director.pk)
    sign_in(page, member if who == "member" else director)
    page.goto(path)
    expect(page.locator("main h1").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Menu").click()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        f"{path} is wider than the phone"
    )


def test_an_event_and_a_topic_pass_axe_core_at_phone_width(
    page: Page,
    sign_in: SignIn,
    member: User,
    director: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    webinar = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    event = event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Strategy webinar",
            format=webinar,
            timezone="Asia/Tokyo",
            start_local=(datetime.now() + timedelta(days=3)).replace(hour=9, minute=0),
            duration=timedelta(hours=1),
            capacity=20,
        ),
    )
    general = category_create(actor=director, community=community, name="General")
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic = topic_create(
            actor=member,
            category=general,
            title="How do you run a strategy offsite?",
            body="Looking for **formats** that worked.",
        )
    page.set_viewport_size(PHONE)
    sign_in(page, member)

    for url in (event.get_absolute_url(), topic.get_absolute_url()):
        page.goto(url)
        expect(page.locator("main h1").first).to_be_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url


def test_before_the_script_runs_the_phone_menus_are_closed_and_still_open(
    browser: Any,
    live_server: Any,
    transactional_db: None,
    django_db_serialized_rollback: None,
    director: User,
    community: Community,
) -> None:
    # With scripts off, the page is what a phone shows before app.js has run: the menus
    # must not stand open then (and snap shut a moment later), yet must still open.
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    client = Client()
    client.force_login(director)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto("/c/acme/")
        main_nav = page.get_by_role("navigation", name="Main")
        tabs = page.get_by_role("navigation", name="Community")
        expect(main_nav.get_by_role("link", name="My goals")).to_be_hidden()
        expect(tabs.get_by_role("link", name="Forum")).to_be_hidden()

        page.get_by_role("link", name="Menu").click()
        expect(main_nav.get_by_role("link", name="My goals")).to_be_visible()
        page.get_by_role("link", name="Community sections").click()
        expect(tabs.get_by_role("link", name="Forum")).to_be_visible()
        tabs.get_by_role("link", name="Forum").click()
        expect(page).to_have_url(re.compile(r"/c/acme/forum/$"))
    finally:
        context.close()


def test_on_a_phone_the_audit_log_stacks_each_entry_instead_of_scrolling_sideways(
    page: Page, sign_in: SignIn, director: User, community: Community, assert_accessible: AxeCheck
) -> None:
    from salon.core.audit import audit

    for n in range(3):
        audit(
            "communities.community.updated",
            actor=director,
            target=community,
            fields=["tagline", "purpose", "visibility", "self_signup", f"cover_{n}"],
        )
    page.set_viewport_size(PHONE)
    sign_in(page, director)
    page.goto("/c/acme/audit/")
    expect(page.locator("main h1").first).to_be_visible()

    wrap = page.locator(".table-wrap")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the log scrolls sideways"
    first = page.locator("tbody tr").first
    cells = first.locator("td")
    # Each entry reads top to bottom: its cells stand one under another, named.
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(b is not None for b in boxes)
    tops = [b["y"] for b in boxes if b is not None]
    assert tops == sorted(tops)
    assert len(set(tops)) == len(tops)
    label = "td => getComputedStyle(td, '::before').content"
    assert cells.first.evaluate(label) == '"When"'
    assert_accessible(page)
