from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for, join, make_user
from salon.accounts.models import Language
from salon.communities.models import Community


def _people(community: Community, n: int, start: int = 0) -> None:
    french = Language.objects.get(code="fr")
    for i in range(start, start + n):
        user = make_user(
            f"p{i}@acme.test",
            f"Person {i:03d}",
            region="emea" if i % 2 else "americas",
            function="finance" if i % 3 else "technology",
            industry="Retail",
            title="VP",
            country="France" if i % 2 else "Brazil",
        )
        if i % 2:
            user.languages.add(french)
        join(user, community)


def test_the_directory_lists_members_with_their_title_and_languages(member: Any) -> None:
    page = client_for(member).get("/c/acme/people/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Maya Member" in body
    assert "Chief Financial Officer" in body
    assert "Japanese" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=Person+007", 1),
        ("region=emea", 5),
        ("language=fr", 5),
        ("function=technology", 4),
        ("region=emea&language=fr", 5),
        ("q=nobody-like-this", 0),
    ],
)
def test_the_directory_filters_by_name_region_language_and_function(
    member: Any, community: Community, query: str, expected: int
) -> None:
    _people(community, 10)

    response = client_for(member).get(f"/api/v1/communities/acme/members?{query}")
    page = client_for(member).get(f"/c/acme/people/?{query}")

    names = [m["person"]["name"] for m in response.json()["items"]]
    assert len([n for n in names if n.startswith("Person")]) == expected
    assert page.status_code == 200


def test_an_htmx_request_gets_only_the_results(member: Any, django_assert_num_queries: Any) -> None:
    client = client_for(member)
    client.get("/c/acme/people/")

    # user, community, memberships, count, page of members, their languages
    with django_assert_num_queries(6):
        page = client.get("/c/acme/people/?q=Maya", HTTP_HX_REQUEST="true")

    body = page.content.decode()
    assert "Maya Member" in body
    assert "<html" not in body


def test_an_empty_result_says_so_and_offers_to_clear_filters(member: Any) -> None:
    body = client_for(member).get("/c/acme/people/?q=zzzz").content.decode()

    assert "Nobody matches those filters" in body
    assert "Clear all filters" in body


def test_the_directory_query_count_stays_flat_as_members_grow(
    member: Any, community: Community, django_assert_num_queries: Any
) -> None:
    client = client_for(member)
    _people(community, 5)
    client.get("/c/acme/people/")  # warm the session
    # user, community, the viewer's memberships with their communities (policy and nav),
    # count, one page of members, their languages, industries (suggestions), unread
    # notifications (the bell)
    with django_assert_num_queries(8):
        client.get("/c/acme/people/")
    _people(community, 50, start=5)
    with django_assert_num_queries(8):
        client.get("/c/acme/people/")


def test_the_community_home_query_count_stays_flat_as_members_grow(
    member: Any, community: Community, circle: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(member)
    _people(community, 5)
    client.get("/c/acme/")
    # user, community, the viewer's memberships with their communities (policy and nav),
    # headline counts, visible circles, newest members, the next sessions, the recent
    # discussions, the praise shown on the home, unread notifications (the bell)
    with django_assert_num_queries(10) as small:
        client.get("/c/acme/")
    _people(community, 50, start=5)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/c/acme/")
