"""The library and paths in the API: the same rules and services as the pages."""

from __future__ import annotations

from typing import Any

from salon.resources.models import Resource
from salon.resources.tests.conftest import pdf_upload


def test_a_facilitator_publishes_a_link_and_members_list_it(
    as_user: Any, facilitator: Any, member: Any, competency: Any
) -> None:
    response = as_user(facilitator).post(
        "/api/v1/communities/acme/resources",
        {
            "kind": "video",
            "title": "Design sprints",
            "url": "https://video.example.com/sprints",
            "tags": ["ideation"],
            "competencies": [competency.pk],
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["status"] == "published"
    listed = as_user(member).get("/api/v1/communities/acme/resources?kind=video").json()
    assert [(r["title"], r["competencies"], r["tags"]) for r in listed["items"]] == [
        ("Design sprints", ["Strategic thinking"], ["ideation"])
    ]


def test_a_bad_address_or_a_foreign_competency_writes_nothing(
    as_user: Any, facilitator: Any
) -> None:
    client = as_user(facilitator)
    bad_url = client.post(
        "/api/v1/communities/acme/resources",
        {"kind": "link", "title": "x", "url": "javascript:alert(1)"},
        content_type="application/json",
    )
    bad_competency = client.post(
        "/api/v1/communities/acme/resources",
        {"kind": "insight", "title": "x", "competencies": [999_999]},
        content_type="application/json",
    )

    assert bad_url.status_code == 422
    assert bad_competency.status_code == 400
    assert "competency" in bad_competency.json()["detail"]
    assert not Resource.objects.exists()


def test_patch_changes_only_what_is_sent_and_versions_list_the_history(
    as_user: Any, director: Any, member: Any, publish: Any
) -> None:
    resource = publish(title="Budget template", kind="template", upload=pdf_upload("v1", "one"))

    response = as_user(director).patch(
        f"/api/v1/resources/{resource.pk}",
        {"summary": "For the 2027 plan."},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Budget template"
    assert response.json()["summary"] == "For the 2027 plan."
    versions = as_user(member).get(f"/api/v1/resources/{resource.pk}/versions").json()
    assert [(v["number"], v["text_status"]) for v in versions] == [(1, "read")]
    assert (
        as_user(member)
        .patch(
            f"/api/v1/resources/{resource.pk}", {"title": "Mine"}, content_type="application/json"
        )
        .status_code
        == 403
    )
