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


def _subschemas(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _subschemas(value)


def test_no_schema_gives_items_as_an_array_which_openapi_3_1_forbids(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()

    tuples = [node for node in _subschemas(spec) if isinstance(node.get("items"), list)]

    assert tuples == []
    working_hours = spec["components"]["schemas"]["MeOut"]["properties"]["working_hours"]
    assert working_hours["items"]["type"] == "string"


def test_me_gives_working_hours_as_a_start_and_an_end(member: Any) -> None:
    body = client_for(member).get("/api/v1/me").json()

    assert body["working_hours"] == ["09:00:00", "17:30:00"]


def test_every_operation_documents_401_and_429_with_the_error_schema(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorOut"}

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("401", "429"):
                content = responses[status]["content"]["application/json"]["schema"]
                assert content == error, f"{method} {path} {status}"
            if "{" in path:
                assert "404" in responses, f"{method} {path}"
            if operation.get("parameters") or "requestBody" in operation:
                assert responses["422"]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ValidationErrorOut"
                }


def test_every_integer_in_the_schema_is_bounded(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    inputs = [spec["paths"]] + [
        schema
        for name, schema in spec["components"]["schemas"].items()
        if not name.endswith("Out") and not name.startswith("Paged")
    ]

    unbounded = [
        node
        for tree in inputs
        for node in _subschemas(tree)
        if node.get("type") == "integer" and ("minimum" not in node or "maximum" not in node)
    ]

    assert unbounded == []


def test_the_schema_says_which_search_kinds_exist_and_that_a_name_is_not_blank(
    db: Any,
) -> None:
    spec = Client().get("/api/v1/openapi.json").json()

    parameters = spec["paths"]["/api/v1/search"]["get"]["parameters"]
    kind = next(p for p in parameters if p["name"] == "kind")["schema"]
    name = spec["components"]["schemas"]["MePatch"]["properties"]["name"]["anyOf"][0]

    assert kind["enum"][:3] == ["", "person", "community"]
    assert name["pattern"] == r"\S"


def test_the_schema_says_a_link_is_a_web_address(member: Any) -> None:
    import re

    spec = Client().get("/api/v1/openapi.json").json()
    properties = spec["components"]["schemas"]["EventIn"]["properties"]
    join_url = properties["join_url"]

    assert join_url["maxLength"] == 500
    pattern = re.compile(join_url["pattern"])
    for accepted in ("", "https://meet.example.com/abc", "HTTP://example.org/a?b=1#c"):
        assert pattern.search(accepted), accepted
    for refused in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org", "https://"):
        assert not pattern.search(refused), refused
    patch = spec["components"]["schemas"]["EventPatch"]["properties"]["recording_url"]
    assert patch["pattern"] == join_url["pattern"]


def test_the_schema_says_an_action_item_is_done_or_not_never_null(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()

    done = spec["components"]["schemas"]["ActionItemPatch"]["properties"]["done"]

    assert done == {"type": "boolean", "title": "Done"}
