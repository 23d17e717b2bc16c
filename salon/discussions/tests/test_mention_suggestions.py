"""The @-autocomplete's endpoint: /forum/mentions/?topic=|category=…&q=…"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from conftest import client_for, join, make_user
from salon.accounts.blocking import block_create
from salon.communities.models import CircleMembership, Role
from salon.discussions.services.posts import post_reply


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _handles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [person["handle"] for person in response.json()["results"]]


def test_it_suggests_people_who_may_see_the_topic_by_the_start_of_their_handle(
    director: Any, member: Any, start: Any
) -> None:
    topic = start(director)

    response = client_for(director).get(f"/forum/mentions/?topic={topic.pk}&q=ma")

    assert response.json() == {
        "results": [
            {"handle": "maya-member", "name": "Maya Member", "title": "Chief Financial Officer"}
        ]
    }
    assert response["Cache-Control"] == "private, max-age=30"


def test_it_matches_any_part_of_a_name_whatever_the_case_and_accents(
    director: Any, member: Any, community: Any, start: Any
) -> None:
    join(make_user("zoe@acme.test", "Zoë Ng"), community)
    topic = start(director)
    client = client_for(director)

    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=MEM")) == ["maya-member"]
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=zoë")) == ["zoe-ng"]
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=ZOE")) == ["zoe-ng"]
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=ng")) == ["zoe-ng"]
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=@maya-m")) == ["maya-member"]
    # Inside a name part is not its start.
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=aya")) == []
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=")) == []


def test_handle_matches_come_first_and_there_are_at_most_eight(
    director: Any, community: Any, start: Any
) -> None:
    join(make_user("amos@acme.test", "Zed Amos"), community)
    for n in range(10):
        join(make_user(f"a{n}@acme.test", f"Amy Person{n}"), community)
    topic = start(director)

    handles = _handles(client_for(director).get(f"/forum/mentions/?topic={topic.pk}&q=am"))

    assert handles == [f"amy-person{n}" for n in range(8)]


def test_people_who_share_a_handle_are_suggested_with_their_id(
    director: Any, member: Any, community: Any, start: Any
) -> None:
    other = make_user("maya2@acme.test", "Maya Member")
    join(other, community)
    topic = start(director)

    handles = _handles(client_for(director).get(f"/forum/mentions/?topic={topic.pk}&q=maya"))

    assert sorted(handles) == sorted([f"maya-member-{member.pk}", f"maya-member-{other.pk}"])


def test_it_leaves_out_the_requester_and_whoever_blocked_them(
    director: Any, member: Any, facilitator: Any, community: Any, start: Any
) -> None:
    mark = make_user("mark@acme.test", "Mark Manager")
    join(mark, community)
    block_create(user=mark, other=director)
    topic = start(director)

    assert _handles(client_for(director).get(f"/forum/mentions/?topic={topic.pk}&q=m")) == [
        "maya-member"
    ]
    # Diana blocked nobody: Mark may still mention her.
    assert _handles(client_for(mark).get(f"/forum/mentions/?topic={topic.pk}&q=di")) == [
        "diana-director"
    ]


def test_a_private_circles_topic_suggests_nobody_outside_the_circle(
    director: Any, facilitator: Any, member: Any, guest: Any, board_category: Any, start: Any
) -> None:
    insider = make_user("ines@acme.test", "Ines Insider")
    join(insider, board_category.community)
    CircleMembership.objects.create(circle=board_category.circle, user=insider)
    topic = start(director, category=board_category)
    client = client_for(director)

    # Maya and Gus may not see the Board's topics: never offered, whatever is typed.
    for query in ["m", "maya", "maya-member", "g", "gus"]:
        assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q={query}")) == []
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=i")) == ["ines-insider"]
    # Stewards see every circle's forum, so they may be mentioned there.
    assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q=f")) == ["fred-facilitator"]


def test_a_new_topic_in_a_category_suggests_who_may_see_the_category(
    director: Any, member: Any, guest: Any, board_category: Any, emea_category: Any, general: Any
) -> None:
    client = client_for(director)

    assert _handles(client.get(f"/forum/mentions/?category={general.pk}&q=g")) == ["gus-guest"]
    # The EMEA circle is open: members see it, guests only if they are in it.
    assert _handles(client.get(f"/forum/mentions/?category={emea_category.pk}&q=g")) == []
    assert _handles(client.get(f"/forum/mentions/?category={emea_category.pk}&q=m")) == [
        "maya-member"
    ]
    assert _handles(client.get(f"/forum/mentions/?category={board_category.pk}&q=m")) == []


def test_someone_who_may_not_see_the_topic_or_category_gets_404(
    member: Any, outsider: Any, director: Any, board_category: Any, start: Any, general: Any
) -> None:
    topic = start(director)
    board_topic = start(director, category=board_category)

    assert client_for(outsider).get(f"/forum/mentions/?topic={topic.pk}&q=m").status_code == 404
    assert client_for(outsider).get(f"/forum/mentions/?category={general.pk}&q=m").status_code == (
        404
    )
    assert client_for(member).get(f"/forum/mentions/?topic={board_topic.pk}&q=d").status_code == (
        404
    )
    assert client_for(member).get(
        f"/forum/mentions/?category={board_category.pk}&q=d"
    ).status_code == (404)
    assert client_for(member).get("/forum/mentions/?topic=999999&q=d").status_code == 404
    assert client_for(member).get("/forum/mentions/?q=d").status_code == 404
    assert client_for(None).get(f"/forum/mentions/?topic={topic.pk}&q=m").status_code == 302


def test_what_it_suggests_is_what_a_post_then_mentions(
    director: Any, member: Any, guest: Any, emea_category: Any, start: Any, committed: Any
) -> None:
    topic = start(director, category=emea_category)
    offered = _handles(client_for(director).get(f"/forum/mentions/?topic={topic.pk}&q=m"))

    post = committed(post_reply, actor=director, topic=topic, body=f"@{offered[0]} and @gus-guest")

    assert [u.pk for u in post.mentions.all()] == [member.pk]
    assert 'class="mention">@maya-member</a>' in post.body_html


def test_the_query_count_stays_flat_as_members_grow(
    director: Any,
    member: Any,
    community: Any,
    emea_category: Any,
    start: Any,
    django_assert_num_queries: Any,
) -> None:
    topic = start(director, category=emea_category)
    client = client_for(director)
    url = f"/forum/mentions/?topic={topic.pk}&q=m"
    client.get(url)
    # session, user, the topic (with whether the viewer is in its circle), the viewer's
    # memberships, the matching people (a bounded prefix query on the folded names), their
    # memberships here, everyone's memberships and their communities, the circle's members,
    # their blocks of the viewer
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(60):
        person = make_user(f"m{n}@acme.test", f"Mo Person{n}")
        join(person, community, Role.GUEST if n % 3 == 0 else Role.MEMBER)
        if n % 2:
            CircleMembership.objects.create(circle=emea_category.circle, user=person)
    with django_assert_num_queries(9) as queries:
        assert len(_handles(client.get(url))) == 8
    # No query reads the whole community: the names come from one bounded query.
    names = [q["sql"] for q in queries.captured_queries if "core_searchdocument" in q["sql"]]
    assert len(names) == 1
    assert "LIMIT 50" in names[0]


def test_a_guest_who_may_not_see_the_directory_is_offered_nobody(
    director: Any, member: Any, guest: Any, general: Any, start: Any
) -> None:
    topic = start(director)
    client = client_for(guest)

    for query in ["m", "ma", "d", "f", "a", "e"]:
        assert _handles(client.get(f"/forum/mentions/?topic={topic.pk}&q={query}")) == []
        assert _handles(client.get(f"/forum/mentions/?category={general.pk}&q={query}")) == []
    # A member, who may see the directory, is offered the same people.
    assert _handles(client_for(member).get(f"/forum/mentions/?topic={topic.pk}&q=d")) == [
        "diana-director"
    ]


def test_asking_too_often_is_refused_for_a_while(
    director: Any, member: Any, start: Any, settings: Any
) -> None:
    settings.SALON_RATE_MENTIONS = "3/m"
    topic = start(director)
    client = client_for(member)

    answers = [client.get(f"/forum/mentions/?topic={topic.pk}&q={q}") for q in "abcd"]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1]["Retry-After"]


def test_a_guests_post_links_only_people_who_wrote_in_the_topic(
    director: Any, member: Any, facilitator: Any, guest: Any, start: Any, committed: Any
) -> None:
    # Otherwise a guest could guess handles in posts (or edits) and learn who is a member,
    # and their profile id, from which mentions turn into links.
    topic = start(director)

    post = committed(
        post_reply,
        actor=guest,
        topic=topic,
        body="@diana-director @maya-member @fred-facilitator",
    )

    assert [u.pk for u in post.mentions.all()] == [director.pk]
    assert 'class="mention">@diana-director</a>' in post.body_html
    assert 'class="mention">@maya-member</a>' not in post.body_html
    assert f"/people/{member.pk}/" not in post.body_html
