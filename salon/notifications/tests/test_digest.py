from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from conftest import client_for, join, make_user
from salon.communities.models import Circle, CircleMembership, Community, Role
from salon.notifications.digest import ACTIVITY
from salon.notifications.models import EmailSettings, EmailStatus, Notification
from salon.notifications.services import preferences_update
from salon.notifications.tasks import send_due_digests
from salon.notifications.tests.conftest import TEST_KIND, path_of, tell

# 22:00 UTC on Monday 4 March 2030 is 07:00 on Tuesday 5 March in Tokyo, 22:00 in London.
TOKYO_TUESDAY_7AM = datetime(2030, 3, 4, 22, 0, tzinfo=UTC)
# 22:00 UTC on Sunday 3 March is 07:00 on Monday 4 March in Tokyo.
TOKYO_MONDAY_7AM = datetime(2030, 3, 3, 22, 0, tzinfo=UTC)


def run_job(slot: datetime) -> None:
    send_due_digests.call(slot=slot.isoformat())


@pytest.fixture
def world(
    director: Any,
    member: Any,
    guest: Any,
    outsider: Any,
    community: Community,
    other_community: Community,
    circle: Circle,
) -> dict[str, Any]:
    """Acme grows while Maya (in Tokyo) sleeps; so does a community she is not in."""
    for person in (member, guest, director):
        person.timezone = "Asia/Tokyo" if person != director else "Europe/London"
        person.save(update_fields=["timezone"])
    newcomer = make_user("nora@acme.test", "Nora Newcomer", title="Head of Strategy")
    join(newcomer, community)
    Circle.objects.create(community=community, name="Finance Leaders", slug="finance")
    Circle.objects.create(
        community=community, name="Secret Succession Board", slug="succession", is_private=True
    )
    join(make_user("xavier@elsewhere.test", "Xavier Elsewhere"), other_community)
    Circle.objects.create(community=other_community, name="Elsewhere Cabal", slug="cabal")
    return {"member": member, "guest": guest, "director": director, "outsider": outsider}


def _digest_for(email: str) -> tuple[str, str, Any]:
    messages = [m for m in mail.outbox if m.to == [email]]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    message = messages[0]
    assert isinstance(message, EmailMultiAlternatives)
    return str(message.body), str(message.alternatives[0][0]), message


def test_the_daily_digest_comes_at_seven_local_with_what_happened_and_nothing_hidden(
    world: dict[str, Any], community: Community
) -> None:
    member, director = world["member"], world["director"]
    preferences_update(
        user=member, deliveries={ACTIVITY: "daily", TEST_KIND: "daily"}, email_off=False
    )
    tell([member], community, director, data={"title": "the offsite agenda"})
    assert mail.outbox == []  # daily: nothing now

    run_job(TOKYO_TUESDAY_7AM)

    text, html, message = _digest_for(member.email)
    # Diana, Gus and Nora joined; EMEA and Finance started; one notification.
    assert message.subject == "Your day on Salon: 6 updates"
    for body in (text, html):
        assert "Acme Leaders" in body
        assert "Nora Newcomer" in body  # joined
        assert "Finance Leaders" in body  # a new open circle
        assert "Diana Director posted the offsite agenda in Acme Leaders" in body
        # Never a private circle's name to someone not in it, nor another community's news.
        assert "Secret Succession Board" not in body
        assert "Elsewhere" not in body
        assert "Xavier" not in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "(Asia/Tokyo)" in text
    assert Notification.objects.get(recipient=member).email_status == EmailStatus.SENT
    # It is seven in Tokyo, not in London: the director's digest waits for her morning.
    assert not [m for m in mail.outbox if m.to == [director.email]]


def test_a_guest_hears_neither_who_joined_nor_of_circles_they_are_not_in(
    world: dict[str, Any], community: Community
) -> None:
    guest = world["guest"]
    CircleMembership.objects.create(circle=Circle.objects.get(slug="finance"), user=guest)
    preferences_update(user=guest, deliveries={ACTIVITY: "daily"}, email_off=False)

    run_job(TOKYO_TUESDAY_7AM)

    text, html, _message = _digest_for(guest.email)
    assert "Finance Leaders" in text  # their own circle
    assert "Nora Newcomer" not in text + html  # guests may not see the directory
    assert "EMEA Chapter" not in text + html  # a circle they are not in
    assert "Secret Succession Board" not in text + html


def test_a_steward_sees_a_new_private_circle_in_the_digest(
    world: dict[str, Any], community: Community
) -> None:
    member = world["member"]
    member.memberships.filter(community=community).update(role=Role.FACILITATOR)
    preferences_update(user=member, deliveries={ACTIVITY: "daily"}, email_off=False)

    run_job(TOKYO_TUESDAY_7AM)

    text, _html, _message = _digest_for(member.email)
    assert "Secret Succession Board" in text


def test_running_the_digest_job_twice_sends_each_digest_once(
    world: dict[str, Any], community: Community
) -> None:
    member = world["member"]
    preferences_update(user=member, deliveries={ACTIVITY: "daily"}, email_off=False)

    run_job(TOKYO_TUESDAY_7AM)
    run_job(TOKYO_TUESDAY_7AM)  # a second scheduler, or a retried job
    run_job(TOKYO_TUESDAY_7AM.replace(hour=23))  # still morning in Tokyo an hour later

    assert len([m for m in mail.outbox if m.to == [member.email]]) == 1
    settings = EmailSettings.objects.get(user=member)
    assert str(settings.daily_digest_for) == "2030-03-05"


def test_the_weekly_digest_comes_on_monday_morning_only(
    world: dict[str, Any], community: Community
) -> None:
    member = world["member"]  # community news is weekly by default

    run_job(TOKYO_TUESDAY_7AM)
    assert not [m for m in mail.outbox if m.to == [member.email]]

    run_job(TOKYO_MONDAY_7AM)

    text, _html, message = _digest_for(member.email)
    assert message.subject.startswith("Your week on Salon")
    assert "Nora Newcomer" in text


def test_what_was_in_one_digest_is_not_in_the_next(
    world: dict[str, Any], community: Community
) -> None:
    member, director = world["member"], world["director"]
    preferences_update(user=member, deliveries={TEST_KIND: "daily"}, email_off=False)
    tell([member], community, director, data={"title": "the budget"})

    run_job(TOKYO_TUESDAY_7AM)
    run_job(datetime(2030, 3, 5, 22, 0, tzinfo=UTC))  # Wednesday morning in Tokyo

    assert len([m for m in mail.outbox if m.to == [member.email]]) == 1


def test_a_digest_link_opens_the_notification(world: dict[str, Any], community: Community) -> None:
    member, director = world["member"], world["director"]
    preferences_update(user=member, deliveries={TEST_KIND: "daily"}, email_off=False)
    tell([member], community, director)

    run_job(TOKYO_TUESDAY_7AM)

    text, _html, _message = _digest_for(member.email)
    notification = Notification.objects.get(recipient=member)
    link = next(w for w in text.split() if f"/notifications/{notification.pk}/" in w)
    assert client_for(member).get(path_of(link))["Location"] == "/c/acme/"


def test_no_digest_for_those_who_switched_email_off_or_have_nothing_new(
    world: dict[str, Any],
) -> None:
    member, guest = world["member"], world["guest"]
    preferences_update(user=member, deliveries={ACTIVITY: "daily"}, email_off=True)
    preferences_update(user=guest, deliveries={ACTIVITY: "off"}, email_off=False)

    run_job(TOKYO_TUESDAY_7AM)

    assert mail.outbox == []


def test_a_notification_the_member_may_no_longer_see_is_left_out(
    world: dict[str, Any], community: Community
) -> None:
    member, director = world["member"], world["director"]
    preferences_update(user=member, deliveries={TEST_KIND: "daily"}, email_off=False)
    tell([member], community, director)
    member.memberships.filter(community=community).delete()  # removed from Acme since

    run_job(TOKYO_TUESDAY_7AM)

    assert not [m for m in mail.outbox if m.to == [member.email]]
    assert Notification.objects.get(recipient=member).email_status == EmailStatus.NONE
