from __future__ import annotations

import re
from datetime import date, time

import pytest
from playwright.sync_api import Page, expect

from conftest import join, make_user
from salon.accounts.models import Language, User
from salon.communities.models import Community, Role
from salon.goals.models import Competency
from salon.mentoring.models import Enrolment, Match, MentoringSession, Programme, Side
from tests.browser.conftest import AxeCheck, SignIn

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _switch(page: Page, sign_in: SignIn, user: User) -> None:
    page.context.clear_cookies()
    sign_in(page, user)


def _person(email: str, name: str, community: Community, **fields: object) -> User:
    user = make_user(email, name, timezone="Europe/London", **fields)
    user.languages.set(Language.objects.filter(code="en"))
    join(user, community, Role.MEMBER)
    return user


def _enrol(user: User, programme: Programme, side: str) -> None:
    enrolment = Enrolment.objects.create(programme=programme, user=user, side=side, capacity=1)
    enrolment.competencies.set(
        Competency.objects.filter(community=programme.community, name="Developing others")
    )


def test_the_director_reviews_pins_reruns_publishes_and_the_pair_starts_mentoring(
    page: Page,
    sign_in: SignIn,
    director: User,
    member: User,
    community: Community,
    assert_accessible: AxeCheck,
) -> None:
    member.timezone, member.work_start, member.work_end = "Asia/Tokyo", time(7), time(19)
    member.save()
    omar = _person("omar@acme.test", "Omar Okafor", community, region="emea")
    mona = _person("mona@acme.test", "Mona Mentor", community, region="americas")
    ben = _person("ben@acme.test", "Ben Brown", community, region="emea", manager=omar)
    programme = Programme.objects.create(
        community=community,
        name="Cross-regional mentoring",
        starts_on=date(2026, 11, 2),
        ends_on=date(2027, 4, 30),
        status="enrolling",
        created_by=director,
    )
    for user, side in ((member, Side.MENTEE), (ben, Side.MENTEE), (omar, Side.MENTOR)):
        _enrol(user, programme, side)
    _enrol(mona, programme, Side.MENTOR)

    # Diana runs matching and reads why Maya and her mentor are a pair.
    sign_in(page, director)
    page.goto(f"/c/acme/mentoring/{programme.pk}/review/")
    expect(page.get_by_role("heading", name="No matching run yet")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_role("status")).to_contain_text("Run 1: 2 matched")
    expect(page.get_by_role("img", name=re.compile("Pairs by score"))).to_be_visible()
    assert_accessible(page)
    maya_mentor = Match.objects.get(mentee=member, run__number=1).mentor
    page.get_by_role("link", name=re.compile(f"Why Maya Member and {maya_mentor.name}")).click()
    expect(page.get_by_role("heading", name="Why this match")).to_be_visible()
    expect(page.get_by_text("Across regions: Asia-Pacific and", exact=False)).to_be_visible()
    expect(page.get_by_role("meter", name="Competency fit")).to_have_attribute("value", "100")
    assert_accessible(page)

    # She pins Maya's pair, re-runs (the pin holds) and publishes.
    page.go_back()
    page.get_by_role("button", name="Pin Maya Member's pair").click()
    expect(page.get_by_role("status")).to_contain_text("Pinned")
    page.get_by_role("button", name="Re-run matching").click()
    expect(page.get_by_role("status")).to_contain_text("Run 2: 2 matched")
    expect(page.get_by_role("row", name=re.compile("Maya Member Pinned"))).to_contain_text(
        maya_mentor.name
    )
    page.once("dialog", lambda dialog: dialog.accept())  # "Publish 2 pairs? Both sides…"
    page.get_by_role("button", name="Publish 2 pairs").click()
    expect(page.get_by_role("status")).to_contain_text("2 pairs published")

    # Maya accepts from her mentoring page; her mentor accepts and lands in their space.
    _switch(page, sign_in, member)
    page.goto("/mentoring/")
    expect(page.get_by_role("heading", name="Matches waiting for your answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"{maya_mentor.name}, proposed as your mentor").click()
    expect(
        page.get_by_role("heading", name=f"{maya_mentor.name}, your proposed mentor")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("Accepted")

    _switch(page, sign_in, maya_mentor)
    page.goto("/mentoring/")
    page.get_by_role("link", name=re.compile("Maya Member")).first.click()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Mentoring Maya Member")).to_be_visible()
    assert_accessible(page)

    # The mentor logs their first session; Maya finds it in the shared space.
    page.get_by_role("link", name="Log a session").click()
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Shared notes").fill("Mapped **who is ready** for more responsibility.")
    page.get_by_label("My private notes").fill("Maya underrates her deputy.")
    assert_accessible(page)
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_role("heading", name="Mentoring Maya Member")).to_be_visible()
    expect(page.locator("strong", has_text="who is ready")).to_be_visible()

    _switch(page, sign_in, member)
    page.goto("/mentoring/")
    page.get_by_role("link", name=f"Mentored by {maya_mentor.name}").click()
    expect(page.locator("strong", has_text="who is ready")).to_be_visible()
    expect(page.get_by_text("Maya underrates her deputy.")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Log a session").click()
    page.get_by_label("Date").fill("2026-11-27")
    page.get_by_label("Shared notes").fill("Agreed two decisions to hand over this month.")
    page.get_by_role("button", name="Log the session").click()
    expect(page.get_by_text("Agreed two decisions to hand over this month.")).to_be_visible()
    assert MentoringSession.objects.filter(mentorship__mentee=member).count() == 2
