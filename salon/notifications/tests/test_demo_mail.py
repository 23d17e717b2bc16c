"""/demo/mail/: the demo's mailbox, read from the files Django's file backend writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from conftest import client_for
from salon.notifications.tests.conftest import tell

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@pytest.fixture
def mail_folder(settings: Any, tmp_path: Path) -> Path:
    settings.EMAIL_BACKEND = FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


@pytest.fixture
def demo_member(member: Any) -> Any:
    member.is_demo = True
    member.save(update_fields=["is_demo"])
    return member


def test_a_demo_account_reads_the_sent_mail_newest_first(
    mail_folder: Path, director: Any, demo_member: Any, community: Any
) -> None:
    tell([demo_member], community, director, key="a", data={"title": "first news"})
    tell([demo_member], community, director, key="b", data={"title": "second news"})
    client = client_for(demo_member)

    page = client.get("/demo/mail/")

    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("second news") < body.index("first news")
    assert "maya@acme.test" in body
    link = body.split('href="/demo/mail/', 1)[1].split('"', 1)[0]
    detail = client.get(f"/demo/mail/{link}")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Diana Director posted second news in Acme Leaders" in text
    assert "/notifications/unsubscribe/" in text
    assert "View the HTML version (sanitised)" in text


def test_the_html_part_is_sanitised_and_sandboxed(mail_folder: Path, demo_member: Any) -> None:
    message = EmailMultiAlternatives("Hostile", "plain", to=["maya@acme.test"])
    message.attach_alternative(
        '<p style="color:red" onclick="steal()">Hi<script>steal()</script>'
        '<a href="javascript:steal()">x</a><img src="https://tracker.example/p.gif"></p>',
        "text/html",
    )
    message.send()
    client = client_for(demo_member)
    file = next(mail_folder.iterdir()).name

    response = client.get(f"/demo/mail/{file}/0/html/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert 'style="color:red"' in html  # emails need their inline styles
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp
    assert "default-src 'none'" in csp
    assert "script-src" not in csp


def test_the_footer_links_to_the_mailbox_only_when_it_is_available(
    mail_folder: Path, demo_member: Any, director: Any, settings: Any
) -> None:
    assert "Sent mail (demo)" in client_for(demo_member).get("/home/").content.decode()
    assert "Sent mail (demo)" not in client_for(director).get("/home/").content.decode()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "Sent mail (demo)" not in client_for(demo_member).get("/home/").content.decode()


def test_only_staff_and_demo_accounts_may_read_it_and_only_with_the_file_backend(
    mail_folder: Path, member: Any, settings: Any
) -> None:
    assert client_for(None).get("/demo/mail/").status_code == 302
    assert client_for(member).get("/demo/mail/").status_code == 404
    member.is_demo = True
    member.save(update_fields=["is_demo"])
    assert client_for(member).get("/demo/mail/").status_code == 200
    member.is_demo, member.is_staff = False, True
    member.save(update_fields=["is_demo", "is_staff"])
    assert client_for(member).get("/demo/mail/").status_code == 200

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert client_for(member).get("/demo/mail/").status_code == 404


def test_only_files_the_backend_wrote_can_be_opened(mail_folder: Path, demo_member: Any) -> None:
    (mail_folder.parent / "secret.log").write_text("Subject: secret\n\nsecret")
    client = client_for(demo_member)

    for path in ["/demo/mail/..%2Fsecret.log/0/", "/demo/mail/secret.log/0/"]:
        assert client.get(path).status_code == 404, path


def test_the_demo_member_finds_notifications_under_the_bell_and_in_the_mailbox(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from salon.demo.seed import MEMBER_EMAIL, seed_demo
    from salon.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()

    told = Notification.objects.filter(recipient__email=MEMBER_EMAIL)
    assert told.count() >= 2
    assert told.filter(actor__email="director@salon.test").exists()
    assert told.filter(kind="discussions.mention", read_at__isnull=True).exists()
    assert all(n.actor is None or n.actor.is_active for n in told)
    assert any(m.to == [MEMBER_EMAIL] for m in mail.outbox)


def _password_reset_link_for(email: str) -> None:
    Client().post("/accounts/password/reset/", {"email": email})


def test_a_member_never_sees_the_directors_mail_not_even_a_password_reset_link(
    mail_folder: Path, demo_member: Any, director: Any
) -> None:
    director.is_demo = True
    director.save(update_fields=["is_demo"])
    _password_reset_link_for(director.email)
    file = next(mail_folder.iterdir()).name
    assert "/accounts/password/reset/key/" in (mail_folder / file).read_text()
    member = client_for(demo_member)

    listing = member.get("/demo/mail/")
    detail = member.get(f"/demo/mail/{file}/0/")
    html = member.get(f"/demo/mail/{file}/0/html/")

    assert listing.status_code == 200
    assert "Password reset" not in listing.content.decode()
    assert director.email not in listing.content.decode()
    assert detail.status_code == 404
    assert html.status_code == 404
    # The director reads their own.
    own = client_for(director)
    assert "Password Reset" in own.get("/demo/mail/").content.decode()
    assert "/accounts/password/reset/key/" in own.get(f"/demo/mail/{file}/0/").content.decode()


def test_nobody_signed_out_reads_any_mail(mail_folder: Path, demo_member: Any) -> None:
    _password_reset_link_for(demo_member.email)
    file = next(mail_folder.iterdir()).name

    for path in ["/demo/mail/", f"/demo/mail/{file}/0/", f"/demo/mail/{file}/0/html/"]:
        response = Client().get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


def test_the_mailbox_does_not_exist_outside_the_demo(
    mail_folder: Path, demo_member: Any, director: Any, community: Any, settings: Any
) -> None:
    tell([demo_member], community, director)
    assert client_for(demo_member).get("/demo/mail/").status_code == 200
    settings.SALON_DEMO_MAILBOX = False
    client = client_for(demo_member)

    assert client.get("/demo/mail/").status_code == 404
    assert "Sent mail (demo)" not in client.get("/home/").content.decode()
