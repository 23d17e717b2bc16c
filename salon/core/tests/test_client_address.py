"""Behind a proxy, limits count the person, not the proxy; a forged header moves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD
from salon.core.models import AuditEvent

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _sign_in(forwarded_for: str | None, email: str, password: str) -> Any:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    client = Client(REMOTE_ADDR=PROXY)
    response = client.post(
        "/accounts/login/", {"login": email, "password": password}, headers=headers
    )
    return client, response


def test_behind_the_proxy_one_guesser_is_throttled_and_a_colleague_still_signs_in(
    settings: Any, member: Any
) -> None:
    settings.SALON_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        _sign_in("203.0.113.5", f"nobody{n}@example.com", "wrong password!")

    _, guesser = _sign_in("203.0.113.5", member.email, PASSWORD)
    colleague, signed_in = _sign_in("198.51.100.7", member.email, PASSWORD)

    assert "Too many failed login attempts" in guesser.content.decode()
    assert signed_in.status_code == 302
    assert colleague.get("/home/").status_code == 200
    failed = AuditEvent.objects.filter(action="accounts.login.failed")
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_a_guesser_who_writes_their_own_forwarded_for_is_still_counted_by_the_proxy_s_entry(
    settings: Any, member: Any
) -> None:
    settings.SALON_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        # Everything left of the proxy's own entry is the caller's invention.
        _sign_in(f"192.0.2.{n}, 203.0.113.5", f"nobody{n}@example.com", "wrong password!")

    _, response = _sign_in("192.0.2.99, 203.0.113.5", member.email, PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()


def test_without_a_proxy_the_header_is_ignored(member: Any) -> None:
    for n in range(10):
        _sign_in(f"192.0.2.{n}", f"nobody{n}@example.com", "wrong password!")

    _, response = _sign_in("192.0.2.200", member.email, PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()
    failed = AuditEvent.objects.filter(action="accounts.login.failed")
    assert set(failed.values_list("ip_address", flat=True)) == {PROXY}


def test_metrics_from_outside_the_operators_network_are_refused_through_the_proxy(
    settings: Any, db: Any
) -> None:
    settings.SALON_TRUSTED_PROXY_COUNT = 1
    settings.SALON_METRICS_TOKEN = ""
    settings.SALON_METRICS_NETWORKS = ["10.0.0.0/8"]
    through_proxy = Client(REMOTE_ADDR=PROXY)

    outsider = through_proxy.get("/metrics", headers={"X-Forwarded-For": "203.0.113.5"})
    operator = through_proxy.get("/metrics", headers={"X-Forwarded-For": "10.20.3.4"})

    assert outsider.status_code == 404
    assert operator.status_code == 200
