"""The search page, /search/: as you type, with filters, and the same cost at any size."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for, join, make_user
from salon.communities.models import Circle, Community


def _people(community: Community, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        join(make_user(f"p{i}@acme.test", f"Person {i:03d}", organisation="Zebra Corp"), community)


def test_the_page_finds_people_and_circles_with_the_matches_marked(
    member: Any, circle: Circle
) -> None:
    page = client_for(member).get("/search/", {"q": "emea"})

    assert page.status_code == 200
    body = page.content.decode()
    assert '<a href="/c/acme/circles/emea/"><mark>EMEA</mark> Chapter</a>' in body
    assert "Circle" in body
    assert "Acme Leaders" in body
    assert "1 result" in body


def test_an_htmx_request_gets_only_the_results(member: Any) -> None:
    page = client_for(member).get("/search/", {"q": "maya"}, HTTP_HX_REQUEST="true")

    body = page.content.decode()
    assert "<mark>Maya</mark> Member" in body
    assert "<html" not in body


def test_the_header_box_gets_a_few_results_and_the_way_to_all_of_them(
    member: Any, circle: Circle
) -> None:
    page = client_for(member).get(
        "/search/", {"q": "emea", "panel": "header"}, HTTP_HX_REQUEST="true"
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert '<p class="small muted" role="status">1 result</p>' in body
    assert '<a href="/c/acme/circles/emea/">' in body
    assert '<a href="/search/?q=emea">All results for “emea”</a>' in body
    assert "<html" not in body


def test_the_header_box_wires_search_as_you_type(member: Any) -> None:
    body = client_for(member).get("/home/").content.decode()

    assert 'hx-get="/search/"' in body
    assert 'hx-target="#nav-search-results"' in body
    assert 'id="nav-search-results" class="search-suggest" aria-live="polite"' in body


def test_the_page_filters_by_kind_and_community(
    director: Any, member: Any, community: Community, other_community: Community
) -> None:
    join(director, other_community)
    client = client_for(director)

    people = client.get("/search/", {"q": "member", "kind": "person"}).content.decode()
    elsewhere = client.get("/search/", {"q": "elsewhere", "community": "elsewhere"})
    acme_only = client.get("/search/", {"q": "elsewhere", "community": "acme"})

    assert "Maya <mark>Member</mark>" in people
    assert "1 result" in people
    assert '<span class="badge">Community</span>' not in people
    assert "1 result" in elsewhere.content.decode()
    assert "Nothing matches" in acme_only.content.decode()


def test_an_empty_search_invites_a_query(member: Any) -> None:
    body = client_for(member).get("/search/").content.decode()

    assert "What are you looking for?" in body
    assert 'id="search-q"' in body


def test_no_results_say_so_and_offer_to_drop_the_filters(member: Any) -> None:
    body = client_for(member).get("/search/", {"q": "xylophone", "kind": "circle"}).content
    text = body.decode()

    assert "Nothing matches “xylophone”" in text
    assert "Search everything instead" in text


def test_only_exclusions_ask_for_a_word(member: Any) -> None:
    body = client_for(member).get("/search/", {"q": "-finance"}).content.decode()

    assert "Add a word to search for" in body


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed',
        "AND OR NOT NEAR(a b, 2)",
        "col:umn ^ * ( ) {}",
        "\x00 nul",
        "🦓 😀 ∑",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "word " * 2_000,
    ],
)
def test_any_text_gives_a_page_never_an_error(member: Any, q: str) -> None:
    page = client_for(member).get("/search/", {"q": q})

    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()


@pytest.mark.parametrize("number", ["0", "-1", "²", "٣", "9" * 5000, "x", "999", ""])
def test_any_page_number_gives_a_page(member: Any, circle: Circle, number: str) -> None:
    page = client_for(member).get("/search/", {"q": "emea", "page": number})

    assert page.status_code == 200
    assert "<mark>EMEA</mark> Chapter" in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(db: Any) -> None:
    response = client_for(None).get("/search/", {"q": "acme"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_header_has_a_labelled_search_box(member: Any) -> None:
    body = client_for(member).get("/home/").content.decode()

    assert 'role="search" aria-label="Search Salon"' in body
    assert '<label class="visually-hidden" for="nav-search-q">Search</label>' in body
    assert 'action="/search/"' in body


def test_the_page_costs_the_same_queries_with_ten_times_the_people(
    member: Any,
    community: Community,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _people(community, 5)
    client = client_for(member)
    client.get("/search/", {"q": "zebra"})

    # user, memberships (the session is cached), the people the searcher mentors in their
    # community (goals shared with mentors: goals/relations.py), count of hits, the page
    # of hits (with their community and circle joined)
    with django_assert_max_num_queries(5) as counted:
        small = client.get("/search/", {"q": "zebra"}, HTTP_HX_REQUEST="true")
    _people(community, 45, start=5)
    with django_assert_num_queries(len(counted.captured_queries)):
        large = client.get("/search/", {"q": "zebra"}, HTTP_HX_REQUEST="true")

    assert "5 results" in small.content.decode()
    assert "50 results" in large.content.decode()
    assert "Page 1 of 3" in large.content.decode()


def test_the_full_page_costs_one_query_more_than_the_results(
    member: Any, community: Community, django_assert_max_num_queries: Any
) -> None:
    _people(community, 30)
    client = client_for(member)
    client.get("/search/", {"q": "zebra"})

    # The whole page adds what the layout needs (the navigation reuses the memberships
    # already loaded); still independent of the number of hits.
    with django_assert_max_num_queries(6):
        page = client.get("/search/", {"q": "zebra", "page": "2"})

    assert "Page 2 of 2" in page.content.decode()
