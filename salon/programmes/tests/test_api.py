"""Cohort programmes in the API: the same services and selectors as the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import client_for
from salon.programmes.models import Item, Progress
from salon.programmes.tests.conftest import TODAY


def test_a_director_builds_a_programme_through_the_api(director: Any, cohort: Any) -> None:
    client = client_for(director)

    made = client.post(
        "/api/v1/communities/acme/cohort-programmes",
        {
            "title": "Leaders 2026",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=90)).isoformat(),
            "cohorts": ["leaders-2026"],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    programme_id = made.json()["id"]
    module = client.post(
        f"/api/v1/cohort-programmes/{programme_id}/modules",
        {"title": "Self", "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert module.status_code == 201, module.content
    item = client.post(
        f"/api/v1/programme-modules/{module.json()['id']}/items",
        {"kind": "prework", "title": "Primer", "url": "https://example.org/"},
        content_type="application/json",
    )

    assert item.status_code == 201, item.content
    assert made.json()["cohorts"] == ["leaders-2026"]
    got = client.get(f"/api/v1/cohort-programmes/{programme_id}").json()
    assert [i["title"] for m in got["modules"] for i in m["items"]] == ["Primer"]


def test_bad_input_is_a_clear_error(director: Any, module: Any) -> None:
    client = client_for(director)

    no_cohort = client.post(
        "/api/v1/communities/acme/cohort-programmes",
        {"title": "X", "starts_on": "2030-01-01", "ends_on": "2030-02-01", "cohorts": ["nope"]},
        content_type="application/json",
    )
    no_link = client.post(
        f"/api/v1/programme-modules/{module.pk}/items",
        {"kind": "prework", "title": "Read"},
        content_type="application/json",
    )

    assert no_cohort.status_code == 400
    assert no_link.status_code == 400
    assert "Pre-work" in no_link.json()["detail"]


def test_a_member_marks_an_item_done_and_sees_their_state(member: Any, prework: Item) -> None:
    client = client_for(member)

    done = client.post(
        f"/api/v1/programme-items/{prework.pk}/done", {}, content_type="application/json"
    )

    assert done.status_code == 200
    assert Progress.objects.filter(item=prework, user=member).exists()
    got = client.get(f"/api/v1/cohort-programmes/{prework.module.programme_id}").json()
    assert got["modules"][0]["items"][0]["state"] == "done"


def test_the_cohorts_progress_is_for_the_programme_team(
    director: Any, member: Any, prework: Item
) -> None:
    url = f"/api/v1/cohort-programmes/{prework.module.programme_id}/progress"

    assert client_for(member).get(url).status_code == 403
    rows = client_for(director).get(url).json()
    assert rows == [{"user": member.pk, "name": "Maya Member", "done": 0, "due": 1, "late": 0}]
