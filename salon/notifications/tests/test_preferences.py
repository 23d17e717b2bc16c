from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.communities.notifications import JOIN_REQUEST_CREATED, ROLE_CHANGED
from salon.core.models import AuditEvent
from salon.notifications.digest import ACTIVITY
from salon.notifications.models import EmailSettings, NotificationPreference
from salon.notifications.registry import all_kinds
from salon.notifications.selectors import preferences_for_user
from salon.notifications.tests.conftest import TEST_KIND


def _form(**changes: str) -> dict[str, str]:
    data = {kind.key: kind.default.value for kind in all_kinds()}
    data.update(changes)
    return data


def test_the_page_offers_every_kind_with_its_default_chosen(member: Any) -> None:
    page = client_for(member).get("/settings/notifications/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Your role in a community changes" in body
    assert "News from your communities" in body
    assert (
        f'name="{ROLE_CHANGED}" value="immediate" id="id_{ROLE_CHANGED}_0" required checked' in body
    )
    # A digest-only kind cannot be sent "immediately".
    assert f'name="{ACTIVITY}" value="immediate"' not in body
    assert 'aria-current="page">Notifications<' in body


def test_choices_are_saved_and_audited(member: Any) -> None:
    response = client_for(member).post(
        "/settings/notifications/",
        _form(**{ROLE_CHANGED: "weekly", JOIN_REQUEST_CREATED: "off", ACTIVITY: "daily"}),
    )

    assert response.status_code == 302
    deliveries, email_off = preferences_for_user(user=member)
    assert deliveries[ROLE_CHANGED] == "weekly"
    assert deliveries[JOIN_REQUEST_CREATED] == "off"
    assert deliveries[ACTIVITY] == "daily"
    assert deliveries[TEST_KIND] == "immediate"
    assert not email_off
    event = AuditEvent.objects.get(action="notifications.preferences.updated")
    assert event.details["changed"] == {
        ACTIVITY: "daily",
        JOIN_REQUEST_CREATED: "off",
        ROLE_CHANGED: "weekly",
    }


def test_all_email_can_be_switched_off_and_on_again(member: Any) -> None:
    client = client_for(member)

    client.post("/settings/notifications/", _form(email_off="on"))
    assert EmailSettings.objects.get(user=member).email_off
    assert (
        "You have switched off all email" in client.get("/settings/notifications/").content.decode()
    )

    client.post("/settings/notifications/", _form())
    assert not EmailSettings.objects.get(user=member).email_off


def test_a_choice_a_kind_does_not_offer_is_refused(member: Any) -> None:
    response = client_for(member).post("/settings/notifications/", _form(**{ACTIVITY: "immediate"}))

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()
