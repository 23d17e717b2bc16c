"""GET /api/v1/search: the page's results as a paginated JSON list."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for, join, make_user
from salon.communities.models import Circle, Community
from salon.core import search


def test_it_answers_items_and_a_count_with_highlights(member: Any, circle: Circle) -> None:
    response = client_for(member).get("/api/v1/search", {"q": "emea"})

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "kind": "circle",
                "kind_label": "Circle",
                "title": "EMEA Chapter",
                "title_html": "<mark>EMEA</mark> Chapter",
                "snippet_html": "Regional chapter",
                "url": "http://testserver/c/acme/circles/emea/",
                "tags": ["Regional chapter"],
                "community": {"slug": "acme", "name": "Acme Leaders"},
                "circle": "EMEA Chapter",
            }
        ],
        "count": 1,
    }


def test_it_pages_like_every_other_list(member: Any, community: Community) -> None:
    for i in range(7):
        join(make_user(f"p{i}@acme.test", f"Pat Person {i}"), community)
    client = client_for(member)

    first = client.get("/api/v1/search", {"q": "pat", "page_size": "5"}).json()
    second = client.get("/api/v1/search", {"q": "pat", "page_size": "5", "page": "2"}).json()
    far = client.get("/api/v1/search", {"q": "pat", "page": "1000000"}).json()  # the last page

    assert first["count"] == second["count"] == 7
    assert len(first["items"]) == 5
    assert len(second["items"]) == 2
    assert {i["title"] for i in first["items"]}.isdisjoint(i["title"] for i in second["items"])
    assert far == {"items": [], "count": 7}


def test_it_filters_by_kind_and_community(member: Any, circle: Circle) -> None:
    client = client_for(member)

    people = client.get("/api/v1/search", {"q": "maya emea", "kind": "person"}).json()
    circles = client.get("/api/v1/search", {"q": "emea", "kind": "circle", "community": "acme"})
    elsewhere = client.get("/api/v1/search", {"q": "emea", "community": "elsewhere"}).json()

    assert people["count"] == 0
    assert circles.json()["count"] == 1
    assert elsewhere == {"items": [], "count": 0}


def test_an_unknown_kind_is_a_json_error(member: Any) -> None:
    response = client_for(member).get("/api/v1/search", {"q": "maya", "kind": "spaceship"})

    assert response.status_code == 400
    # Every registered kind, in registration order (apps add theirs: goals, objectives…).
    kinds = ", ".join(kind for kind, _label in search.kind_choices())
    assert kinds.startswith("person, community, circle, event, topic, post")
    assert response.json()["detail"].endswith(f"Kinds: {kinds}.")


@pytest.mark.parametrize(
    ("params", "status"), [({"q": "x", "page": 0}, 422), ({"q": "x", "page_size": "many"}, 422)]
)
def test_bad_paging_is_a_json_error(member: Any, params: dict[str, Any], status: int) -> None:
    response = client_for(member).get("/api/v1/search", params)

    assert response.status_code == status
    assert "detail" in response.json()


def test_it_needs_credentials(db: Any) -> None:
    response = client_for(None).get("/api/v1/search", {"q": "acme"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


@pytest.mark.parametrize(
    "q", ['"', "-", "NEAR(a b)", "a:b ^c*", "\x00", "🦓", "x" * 10_240, "((((", "'--"]
)
def test_any_text_gives_a_list_never_an_error(member: Any, q: str) -> None:
    response = client_for(member).get("/api/v1/search", {"q": q})

    assert response.status_code == 200
    assert set(response.json()) == {"items", "count"}


def test_the_openapi_schema_documents_search(db: Any) -> None:
    schema = client_for(None).get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "kind", "community", "page"}
