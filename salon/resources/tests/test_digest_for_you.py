""" "For you" in the weekly digest: picked from the member's goals and their 360° feedback,
each with why, only what they may see, and only if they want it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from conftest import client_for
from salon.feedback.models import Participant
from salon.feedback.tests.conftest import answer, nominate_and_approve, open_cycle, people
from salon.goals.models import Competency
from salon.goals.services.goals import goal_create
from salon.notifications.services import preferences_update
from salon.notifications.tasks import send_due_digests
from salon.resources.notifications import RECOMMENDED

# 22:00 UTC on Sunday 3 March 2030 is 07:00 on Monday 4 March in Tokyo: the weekly digest.
TOKYO_MONDAY_7AM = datetime(2030, 3, 3, 22, 0, tzinfo=UTC)


@pytest.fixture
def tokyo_member(member: Any) -> Any:
    member.timezone = "Asia/Tokyo"
    member.save(update_fields=["timezone"])
    return member


def _weekly_digest(user: Any) -> tuple[str, str]:
    mail.outbox.clear()  # what the set-up sent (a 360's invitations, …)
    send_due_digests.call(slot=TOKYO_MONDAY_7AM.isoformat())
    messages = [m for m in mail.outbox if m.to == [user.email]]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    message = messages[0]
    assert isinstance(message, EmailMultiAlternatives)
    return str(message.body), str(message.alternatives[0][0])


def test_the_weekly_digest_picks_resources_for_the_members_goal_and_says_why(
    tokyo_member: Any,
    community: Any,
    competency: Any,
    publish: Any,
    private_circle: Any,
) -> None:
    goal_create(
        owner=tokyo_member,
        community=community,
        competency=competency,
        title="Lead through ambiguity",
        success_looks_like="Clear.",
        visibility="only_me",
    )
    scenario = publish(title="Scenario planning", competencies=[competency])
    publish(title="Board-only scenarios", competencies=[competency], circle=private_circle)

    text, html = _weekly_digest(tokyo_member)

    for body in (text, html):
        assert "For you" in body
        assert "Scenario planning" in body
        assert "Because your goal “Lead through ambiguity” is about Strategic thinking" in body
        assert "Board-only scenarios" not in body  # a circle she is not in
    assert f"/resources/{scenario.pk}/" in html


def test_the_weekly_digest_picks_from_a_blind_spot_in_the_members_360(
    director: Any, tokyo_member: Any, community: Any, publish: Any
) -> None:
    listening = Competency.objects.create(community=community, name="Listening")
    cycle = open_cycle(director, community, [tokyo_member], competencies=[listening])
    participant = Participant.objects.get(cycle=cycle)
    raters = people(community, 3)
    nominate_and_approve(director, participant, {"peers": raters})
    items = list(cycle.items.all())
    answer(tokyo_member, participant, {i.pk: 5 for i in items})
    for rater in raters:
        answer(rater, participant, {i.pk: 2 for i in items})
    client_for(director).post(f"/feedback/cycles/{cycle.pk}/close/")
    publish(title="Active listening drills", competencies=[listening])

    text, _html = _weekly_digest(tokyo_member)

    assert "Active listening drills" in text
    assert "Because your feedback suggests working on Listening" in text


def test_a_member_who_turned_it_off_gets_no_picks(
    tokyo_member: Any, community: Any, competency: Any, publish: Any
) -> None:
    from salon.notifications.digest import ACTIVITY

    goal_create(
        owner=tokyo_member,
        community=community,
        competency=competency,
        title="Lead through ambiguity",
        success_looks_like="Clear.",
        visibility="only_me",
    )
    publish(title="Scenario planning", competencies=[competency])
    preferences_update(
        user=tokyo_member, deliveries={RECOMMENDED: "off", ACTIVITY: "off"}, email_off=False
    )

    send_due_digests.call(slot=TOKYO_MONDAY_7AM.isoformat())

    assert [m for m in mail.outbox if m.to == [tokyo_member.email]] == []


def test_picks_alone_are_worth_a_weekly_digest_and_the_preferences_page_lists_them(
    tokyo_member: Any, community: Any, competency: Any, publish: Any
) -> None:
    from salon.notifications.digest import ACTIVITY

    goal_create(
        owner=tokyo_member,
        community=community,
        competency=competency,
        title="Lead through ambiguity",
        success_looks_like="Clear.",
        visibility="only_me",
    )
    publish(title="Scenario planning", competencies=[competency])
    preferences_update(user=tokyo_member, deliveries={ACTIVITY: "off"}, email_off=False)

    text, _html = _weekly_digest(tokyo_member)

    assert "Scenario planning" in text
    page = client_for(tokyo_member).get("/settings/notifications/").content.decode()
    assert "picked for me from my goals and feedback" in page
