from __future__ import annotations

import base64
import json
from typing import Any

from django.core import mail
from django.test import Client

from salon.core.models import AuditEvent
from salon.notifications.models import EmailSettings, Notification, NotificationPreference
from salon.notifications.tests.conftest import TEST_KIND, path_of, tell, text_and_html
from salon.notifications.tokens import unsubscribe_url


def _links(director: Any, member: Any, community: Any, smtp_inbox: Any) -> tuple[str, str]:
    tell([member], community, director, key="first")
    text, _html = text_and_html(smtp_inbox.messages[-1])
    these = text.split("Stop these emails (one click):")[1].split()[0]
    every = text.split("Stop all email from Salon (one click):")[1].split()[0]
    return path_of(these), path_of(every)


def test_the_unsubscribe_link_works_signed_out_and_stops_that_kind_only(
    director: Any, member: Any, community: Any, smtp_inbox: Any
) -> None:
    these, _every = _links(director, member, community, smtp_inbox)
    browser = Client(enforce_csrf_checks=True)  # signed out, as from a mail program

    page = browser.get(these)
    assert page.status_code == 200
    assert "Stop emails about “Test news”?" in page.content.decode()
    # Opening the link only asks: link scanners in mail systems must not unsubscribe anyone.
    assert not NotificationPreference.objects.exists()

    done = browser.post(these)

    assert done.status_code == 200
    assert "You will get no more emails about “Test news”." in done.content.decode()
    assert NotificationPreference.objects.get(user=member, kind=TEST_KIND).delivery == "off"
    assert AuditEvent.objects.filter(action="notifications.email.unsubscribed").count() == 1
    tell([member], community, director, key="second")
    assert len(smtp_inbox.messages) == 1  # no second email …
    assert Notification.objects.filter(recipient=member).count() == 2  # … but it is in the app


def test_the_list_unsubscribe_one_click_post_of_rfc_8058_works(
    director: Any, member: Any, community: Any, smtp_inbox: Any
) -> None:
    tell([member], community, director)
    header = "".join(smtp_inbox.messages[0]["List-Unsubscribe"].split()).strip("<>")

    response = Client(enforce_csrf_checks=True).post(
        path_of(header),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=member, kind=TEST_KIND).delivery == "off"


def test_the_all_email_link_stops_every_email(
    director: Any, member: Any, community: Any, smtp_inbox: Any
) -> None:
    _these, every = _links(director, member, community, smtp_inbox)

    Client().post(every)

    assert EmailSettings.objects.get(user=member).email_off
    tell([member], community, director, key="second")
    assert len(smtp_inbox.messages) == 1


def test_a_tampered_token_is_refused_and_changes_nothing(member: Any) -> None:
    url = path_of(unsubscribe_url(user_id=member.pk, kind=TEST_KIND))
    payload, _timestamp, signature = url.split("/")[-2].split(":")
    someone_else = json.dumps([member.pk + 1, TEST_KIND], separators=(",", ":")).encode()
    forged_for_someone_else = url.replace(
        payload, base64.urlsafe_b64encode(someone_else).decode().rstrip("=")
    )
    broken_signature = url.replace(signature, signature[::-1])

    for bad in (forged_for_someone_else, broken_signature, "/notifications/unsubscribe/nonsense/"):
        response = Client().post(bad)
        assert response.status_code == 400, bad
        assert "This link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not EmailSettings.objects.exists()
    assert mail.outbox == []


def test_a_token_for_a_kind_that_no_longer_exists_is_refused(member: Any) -> None:
    url = path_of(unsubscribe_url(user_id=member.pk, kind="gone.kind"))

    assert Client().post(url).status_code == 400
    assert not NotificationPreference.objects.exists()
