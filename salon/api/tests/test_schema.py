"""The OpenAPI document is valid, and every operation answers bad input with a documented 4xx."""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import client_for


def test_the_schema_is_valid_openapi_3(db: Any) -> None:
    from openapi_spec_validator import validate

    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    validate(spec)


def test_the_docs_page_loads(db: Any) -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200


def test_every_operation_answers_unknown_ids_and_bad_bodies_with_a_json_4xx(director: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    client = client_for(director)
    for path, operations in spec["paths"].items():
        url = path.replace("{slug}", "no-such-community").replace("{membership_id}", "999999")
        url = "/api/v1" + url if not url.startswith("/api/v1") else url
        for method in operations:
            if method == "get":
                response = client.get(url, {"page": "-1", "q": "x" * 500})
            else:
                response = getattr(client, method)(url, "[1,2", content_type="application/json")
            assert response.status_code < 500, f"{method} {url}: {response.status_code}"
            if response.status_code >= 400:
                assert "detail" in response.json(), f"{method} {url}"
                documented = operations[method]["responses"]
                assert str(response.status_code) in {str(k) for k in documented}, (
                    f"{method} {url} answered {response.status_code}, documented {list(documented)}"
                )
