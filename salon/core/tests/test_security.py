from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, client_for
from salon.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def test_every_page_carries_a_strict_content_security_policy(member: Any) -> None:
    for url in ["/accounts/login/", "/home/", "/c/acme/", "/settings/"]:
        client = client_for(None if url.startswith("/accounts") else member)
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp, url
        assert "unsafe-eval" not in csp, url
        assert "script-src 'self'" in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_page_uses_inline_script_or_style(member: Any, director: Any) -> None:
    for user, url in [
        (None, "/accounts/login/"),
        (member, "/c/acme/"),
        (director, "/c/acme/invite/"),
        (member, "/c/acme/people/"),
        (member, "/settings/"),
    ]:
        body = client_for(user).get(url).content.decode()
        assert "<script>" not in body, url
        assert " style=" not in body, url
        assert " onclick=" not in body, url


def _login(client: Client, email: str, password: str) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_signing_in_works_and_is_audited(member: Any) -> None:
    client = Client()

    response = _login(client, member.email, PASSWORD)

    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.user.logged_in", actor=member).exists()


def test_an_account_locks_after_five_failures(member: Any) -> None:
    for n in range(5):
        response = _login(Client(REMOTE_ADDR=f"10.0.0.{n}"), member.email, "wrong password!")
        assert response.status_code == 200

    locked = _login(Client(REMOTE_ADDR="10.0.0.99"), member.email, PASSWORD)

    assert locked.status_code in {200, 429}
    assert "/home/" not in locked.get("Location", "")
    assert "Too many failed login attempts" in locked.content.decode()
    assert AuditEvent.objects.filter(action="accounts.login.failed").count() >= 5


def test_an_ip_is_limited_to_ten_attempts_a_minute(member: Any) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(10):
        _login(client, f"nobody{n}@example.com", "wrong password!")

    # The eleventh attempt from the same address is refused even with the right password.
    response = _login(client, member.email, PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/home/").status_code == 302


def test_an_idle_session_ends_after_24_hours(member: Any) -> None:
    client = client_for(member)
    assert client.get("/home/").status_code == 200
    session = client.session
    session["_salon_last_seen"] = int(time.time()) - 25 * 3600
    session.save()

    response = client.get("/home/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_sessions_last_fourteen_days_at_most() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600


def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "salon.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().endswith("Argon2PasswordHasher")


def test_the_deploy_check_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "salon.settings",
        "SALON_BASE_URL": "https://salon.example.com",
        "SECRET_KEY": "x" * 20 + "-a-long-and-random-production-secret-key-0123456789",
        "SALON_VAR_DIR": str(tmp_path),
        "DEBUG": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "SECRET_KEY"},
        "DJANGO_SETTINGS_MODULE": "salon.settings",
        "SALON_BASE_URL": "https://salon.example.com",
        "SALON_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_health_endpoints(db: Any) -> None:
    assert Client().get("/healthz").json() == {"status": "ok"}
    ready = Client().get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"


def test_a_locked_account_is_answered_with_429_and_a_page_that_says_why(member: Any) -> None:
    for n in range(5):
        _login(Client(REMOTE_ADDR=f"10.0.1.{n}"), member.email, "wrong password!")

    locked = _login(Client(REMOTE_ADDR="10.0.1.99"), member.email, PASSWORD)

    assert locked.status_code == 429
    assert locked["Retry-After"]
    assert "Too many failed login attempts" in locked.content.decode()


def test_an_address_over_its_limit_is_answered_with_429(member: Any) -> None:
    client = Client(REMOTE_ADDR="10.9.9.10")
    for n in range(10):
        assert _login(client, f"nobody{n}@example.com", "wrong password!").status_code == 200

    response = _login(client, member.email, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()


def test_the_policy_built_once_is_the_one_the_settings_give_and_follows_them(
    member: Any, settings: Any
) -> None:
    from csp.utils import build_policy

    client = client_for(member)
    first = client.get("/home/")
    again = client.get("/communities/")
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}
    }
    changed = client.get("/home/")

    assert first["Content-Security-Policy"] == again["Content-Security-Policy"]
    assert "img-src 'self' data:" in first["Content-Security-Policy"]
    assert changed["Content-Security-Policy"] == build_policy()
    assert "data:" not in changed["Content-Security-Policy"]
    assert first["Content-Language"] == "en"
