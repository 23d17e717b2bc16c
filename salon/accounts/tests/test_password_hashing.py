"""Sign-in can't exhaust memory: small Argon2 hashes, a few at a time, the rest told to wait."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.test import Client

from conftest import PASSWORD
from salon.accounts.hashers import gate
from salon.accounts.models import User

BOUNDED = ["salon.accounts.hashers.BoundedArgon2PasswordHasher"]


@pytest.fixture
def bounded(settings: Any) -> Any:
    settings.PASSWORD_HASHERS = BOUNDED
    settings.SALON_PASSWORD_HASH_CONCURRENCY = 2
    settings.SALON_PASSWORD_HASH_WAIT = 30
    gate.peak = 0
    return settings


def test_a_new_hash_takes_19_mib_in_one_lane(bounded: Any) -> None:
    encoded = make_password("correct horse battery")

    assert encoded.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in encoded
    assert check_password("correct horse battery", encoded)
    assert not check_password("wrong horse", encoded)


def test_a_member_with_a_hash_of_the_old_size_signs_in_and_gets_the_new_one(
    bounded: Any, member: Any
) -> None:
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    User.objects.filter(pk=member.pk).update(password=old)
    assert "m=102400" in old

    response = Client().post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    member.refresh_from_db()
    assert "m=19456,t=2,p=1" in member.password


def test_no_more_than_the_configured_number_of_hashes_run_at_once(bounded: Any) -> None:
    start = threading.Barrier(8, timeout=60)
    results: list[bool] = []

    def sign_in() -> None:
        start.wait()
        results.append(check_password("p4ssword", make_password("p4ssword")))

    threads = [threading.Thread(target=sign_in) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert results == [True] * 8
    assert 1 <= gate.peak <= 2
    assert gate.inside == 0


def test_a_sign_in_that_waits_too_long_for_its_turn_is_asked_to_retry(
    bounded: Any, member: Any
) -> None:
    bounded.SALON_PASSWORD_HASH_CONCURRENCY = 1
    bounded.SALON_PASSWORD_HASH_WAIT = 0
    User.objects.filter(pk=member.pk).update(password=make_password(PASSWORD))

    with gate:  # another sign-in is hashing right now
        response = Client().post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert (
        Client().post("/accounts/login/", {"login": member.email, "password": PASSWORD}).status_code
        == 302
    )
