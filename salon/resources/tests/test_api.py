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


def test_a_facilitator_uploads_a_pdf_through_the_api_and_its_words_are_read(
    as_user: Any, facilitator: Any, member: Any
) -> None:
    upload = pdf_upload("Negotiation", "Anchoring works across cultures.", name="deal.pdf")

    response = as_user(facilitator).post(
        "/api/v1/communities/acme/resources/files",
        {"title": "Negotiation primer", "tags": "deals, culture", "file": upload},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["file_version"], body["tags"]) == ("file", 1, ["culture", "deals"])
    resource = Resource.objects.get()
    assert "Anchoring" in resource.versions.get().text
    assert as_user(member).get(body["file"].replace("http://testserver", "")).status_code == 200


def test_a_new_version_through_the_api_says_what_changed(
    as_user: Any, director: Any, member: Any, publish: Any
) -> None:
    resource = publish(title="Budget template", kind="template", upload=pdf_upload("v1", "one"))
    client = as_user(director)

    unexplained = client.post(
        f"/api/v1/resources/{resource.pk}/versions", {"file": pdf_upload("v2", "two")}
    )
    response = client.post(
        f"/api/v1/resources/{resource.pk}/versions",
        {"file": pdf_upload("v2", "two"), "note": "Added the 2027 columns."},
    )

    assert unexplained.status_code == 400
    assert "changed" in unexplained.json()["detail"]
    assert response.status_code == 201
    assert (response.json()["number"], response.json()["note"]) == (2, "Added the 2027 columns.")
    versions = as_user(member).get(f"/api/v1/resources/{resource.pk}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    refused = as_user(member).post(
        f"/api/v1/resources/{resource.pk}/versions",
        {"file": pdf_upload("v3", "three"), "note": "Mine"},
    )
    assert refused.status_code == 403


def test_an_outsider_cannot_upload_to_the_library(
    as_user: Any, outsider: Any, publish: Any
) -> None:
    resource = publish(title="Budget template", kind="template", upload=pdf_upload("v1", "one"))
    client = as_user(outsider)

    new = client.post(
        "/api/v1/communities/acme/resources/files", {"title": "x", "file": pdf_upload("x", "y")}
    )
    version = client.post(
        f"/api/v1/resources/{resource.pk}/versions", {"file": pdf_upload("x", "y"), "note": "z"}
    )

    assert (new.status_code, version.status_code) == (404, 404)
    assert resource.versions.count() == 1


def test_a_file_the_upload_path_refuses_writes_nothing(
    as_user: Any, facilitator: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SALON_UPLOAD_MAX_BYTES = 1000
    page = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>", "text/html")
    big = pdf_upload("Big", "word " * 2000)
    client = as_user(facilitator)

    markup = client.post("/api/v1/communities/acme/resources/files", {"title": "x", "file": page})
    too_big = client.post("/api/v1/communities/acme/resources/files", {"title": "x", "file": big})

    assert (markup.status_code, too_big.status_code) == (400, 400)
    assert "detail" in too_big.json()
    assert not Resource.objects.exists()
