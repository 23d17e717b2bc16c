from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from salon.accounts.services import api_token_create
from salon.communities.models import Invitation


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def test_the_api_answers_429_with_retry_after_when_a_person_overdoes_it(
    member: Any, settings: Any
) -> None:
    settings.SALON_RATE_API = "3/m"
    _token, raw = api_token_create(user=member, name="loop")
    client = client_for(None)
    headers = {"Authorization": f"Bearer {raw}"}

    statuses = [client.get("/api/v1/me", headers=headers).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/me", headers=headers)
    assert response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_guessing_api_tokens_is_limited_per_address(db: Any, settings: Any) -> None:
    settings.SALON_RATE_API_ANONYMOUS = "2/m"
    client = client_for(None)

    statuses = [
        client.get("/api/v1/me", headers={"Authorization": f"Bearer salon_guess{n}"}).status_code
        for n in range(3)
    ]

    assert statuses == [401, 401, 429]


def test_inviting_too_many_people_gets_a_clear_429_page(director: Any, settings: Any) -> None:
    settings.SALON_RATE_INVITATIONS = "2/h"
    client = client_for(director)

    for n in range(2):
        client.post("/c/acme/invite/", {"email": f"p{n}@example.com", "role": "member"})
    response = client.post("/c/acme/invite/", {"email": "p9@example.com", "role": "member"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "a lot of requests" in response.content.decode()
    assert Invitation.objects.count() == 2


def test_a_csv_counts_each_row_against_the_invitation_budget(director: Any, settings: Any) -> None:
    settings.SALON_RATE_INVITATIONS = "3/h"
    rows = "email\n" + "".join(f"p{n}@example.com\n" for n in range(5))

    response = client_for(director).post(
        "/c/acme/invite/csv/", {"file": SimpleUploadedFile("a.csv", rows.encode(), "text/csv")}
    )

    assert response.status_code == 429
    assert not Invitation.objects.exists()


def test_sign_in_limits_answer_with_retry_after(member: Any) -> None:
    client = client_for(None)
    responses = [
        client.post("/accounts/login/", {"login": member.email, "password": "wrong guess!!"})
        for _ in range(31)
    ]

    limited = [r for r in responses if r.status_code == 429]
    assert limited
    assert limited[0]["Retry-After"] == "60"
