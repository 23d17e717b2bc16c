from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from conftest import PASSWORD, client_for

NEW_PASSWORD = "a quiet harbour at dawn 42"


def test_a_forgotten_password_is_reset_through_the_emailed_link(member: Any) -> None:
    client = Client()

    client.post("/accounts/password/reset/", {"email": member.email})

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", str(mail.outbox[0].body))
    assert link is not None
    path = link.group(0).split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_changing_the_email_address_asks_for_the_password_again(member: Any) -> None:
    response = client_for(member).post(
        "/accounts/email/", {"email": "maya.new@acme.test", "action_add": ""}
    )

    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not member.emailaddress_set.filter(email="maya.new@acme.test").exists()


def test_two_factor_setup_asks_for_the_password_again(member: Any) -> None:
    client = client_for(member)

    assert client.get("/accounts/2fa/").status_code == 200
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 302
    assert "/accounts/reauthenticate/" in setup["Location"]

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "Authenticator" in page.content.decode()
