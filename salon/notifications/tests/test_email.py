from __future__ import annotations

import socket
import zoneinfo
from typing import Any

import pytest
from django.core import mail

from conftest import client_for
from salon.core.models import TaskFailure
from salon.notifications.models import EmailStatus, Notification
from salon.notifications.services import preferences_update
from salon.notifications.tasks import send_notification_emails
from salon.notifications.tests.conftest import TEST_KIND, path_of, tell, text_and_html


def test_the_email_arrives_over_smtp_with_links_local_time_and_one_click_unsubscribe(
    director: Any, member: Any, community: Any, smtp_inbox: Any
) -> None:
    member.timezone = "Asia/Tokyo"
    member.save(update_fields=["timezone"])

    tell([member], community, director, data={"title": "the R&D review"})

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    notification = Notification.objects.get()
    assert message["X-Rcpt-To"] == member.email
    assert message["Subject"] == "Diana Director posted the R&D review in Acme Leaders"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    # (a long header is folded onto a second line, which is allowed before the "<")
    unsubscribe = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert "/notifications/unsubscribe/" in unsubscribe
    text, html = text_and_html(message)
    assert "Hello Maya," in text
    assert "posted the R&D review" in text
    assert "posted the R&amp;D review" in html
    assert f"/notifications/{notification.pk}/" in text
    assert f"/notifications/{notification.pk}/" in html
    assert unsubscribe in text
    assert unsubscribe in html
    assert "/settings/notifications/" in text
    # Written in the recipient's own time zone.
    local = notification.created_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert f"{local:%H:%M} (Asia/Tokyo)" in text
    assert f"{local:%H:%M} (Asia/Tokyo)" in html
    assert notification.email_status == EmailStatus.SENT
    # The link in the email leads (after sign-in) to what it is about, and marks it read.
    opened = client_for(member).get(path_of(text.split("See it in Salon:")[1].split()[0]))
    assert opened.status_code == 302
    assert opened["Location"] == "/c/acme/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    ("delivery", "emailed_now", "status"),
    [
        ("immediate", 1, EmailStatus.SENT),
        ("daily", 0, EmailStatus.DIGEST),
        ("weekly", 0, EmailStatus.DIGEST),
        ("off", 0, EmailStatus.NONE),
    ],
)
def test_each_member_gets_email_the_way_they_chose(
    director: Any, member: Any, community: Any, delivery: str, emailed_now: int, status: str
) -> None:
    preferences_update(user=member, deliveries={TEST_KIND: delivery}, email_off=False)

    tell([member], community, director)

    assert len(mail.outbox) == emailed_now
    notification = Notification.objects.get()
    assert notification.email_status == status
    # Whatever the email choice, it is in the notification centre.
    assert notification.read_at is None


def test_no_email_at_all_means_none_even_for_immediate_kinds(
    director: Any, member: Any, community: Any
) -> None:
    preferences_update(user=member, deliveries={TEST_KIND: "immediate"}, email_off=True)

    tell([member], community, director)

    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.NONE


def test_a_retried_email_task_never_sends_an_email_twice(
    director: Any, member: Any, community: Any
) -> None:
    tell([member], community, director)
    notification = Notification.objects.get()

    send_notification_emails.call(notification_ids=[notification.pk])
    send_notification_emails.call(notification_ids=[notification.pk])

    assert len(mail.outbox) == 1


def test_a_member_who_switches_to_a_digest_before_the_email_goes_gets_it_in_the_digest(
    director: Any, member: Any, community: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        from salon.notifications.services import notify

        notify([member], TEST_KIND, community, director)
    preferences_update(user=member, deliveries={TEST_KIND: "daily"}, email_off=False)
    for callback in callbacks:
        callback()

    assert mail.outbox == []
    assert Notification.objects.get().email_status == EmailStatus.DIGEST


def test_when_the_mail_server_is_down_the_email_waits_and_the_failure_is_recorded(
    director: Any, member: Any, community: Any, settings: Any
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2

    tell([member], community, director)

    notification = Notification.objects.get()
    # Given back after each failed attempt, so a later run (or the hourly sweep) sends it.
    assert notification.email_status == EmailStatus.PENDING
    assert TaskFailure.objects.get().task.endswith("send_notification_emails")
