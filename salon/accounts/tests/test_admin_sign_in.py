"""The admin has no sign-in of its own: staff sign in through the site's form, with its
two-factor step, lockout and rate limits."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, client_for, make_user


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def staff(db: Any) -> Any:
    return make_user("sam@salon.test", "Sam Staff", is_staff=True, is_superuser=True)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_posting_a_password_to_the_admin_sign_in_never_signs_in(staff: Any) -> None:
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_admin_sends_people_to_the_site_sign_in_and_back(staff: Any) -> None:
    client = Client()

    to_admin_login = client.get("/admin/")
    to_site_login = client.get(to_admin_login["Location"])
    signed_in = client.post(to_site_login["Location"], {"login": staff.email, "password": PASSWORD})

    assert to_site_login["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_member_who_is_not_staff_is_refused_not_sent_round_in_circles(
    member: Any,
) -> None:
    client = client_for(member)

    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_never_redirects_elsewhere_after_sign_in(staff: Any) -> None:
    response = Client().get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_staff_with_an_authenticator_app_must_give_its_code_to_reach_the_admin(
    staff: Any, settings: Any
) -> None:
    settings.MFA_TOTP_TOLERANCE = 1  # a code made just before the period turns still counts
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client = Client()

    after_password = client.post(
        "/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )

    assert after_password.status_code == 302
    assert after_password["Location"] == "/accounts/2fa/authenticate/"
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 302  # still no way round

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not _signed_in(client)

    code = format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))
    with_code = client.post("/accounts/2fa/authenticate/", {"code": code})

    assert with_code.status_code == 302
    assert with_code["Location"] == "/admin/"
    assert _signed_in(client)
    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_signing_out_of_the_admin_signs_out_of_the_site(staff: Any) -> None:
    client = client_for(staff)

    response = client.post("/admin/logout/")

    assert response.status_code == 302
    assert not _signed_in(client)
    assert client.get("/home/").status_code == 302
