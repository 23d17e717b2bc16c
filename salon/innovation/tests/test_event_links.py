"""An event's page links the brainstorming boards held at it and its hackathon (each of
which links back to the event), for the people who may see them, at a flat query cost."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from conftest import client_for
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from salon.innovation.models import Hackathon
from salon.innovation.services.boards import BoardPlan, board_create


def _workshop(director: Any, community: Any) -> Any:
    return event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Ideation workshop",
            format=EventFormat.objects.get_or_create(slug="workshop", defaults={"name": "W"})[0],
            timezone="Europe/London",
            start_local=datetime(2030, 3, 8, 9, 0),
            duration=timedelta(hours=2),
        ),
    )


def _board(director: Any, community: Any, event: Any, title: str, **kw: Any) -> Any:
    return board_create(
        actor=director, community=community, plan=BoardPlan(title=title, event=event, **kw)
    )


def test_the_workshop_page_links_its_board_and_the_board_links_back(
    director: Any, community: Any, member: Any
) -> None:
    event = _workshop(director, community)
    board = _board(director, community, event, "Launch friction")
    client = client_for(member)

    page = client.get(event.get_absolute_url()).content.decode()
    board_page = client.get(board.get_absolute_url()).content.decode()

    assert "At this event" in page
    assert f'href="{board.get_absolute_url()}"' in page
    assert "Brainstorming board: Launch friction" in page
    assert f'href="{event.get_absolute_url()}"' in board_page


def test_a_board_of_a_private_circle_is_not_linked_for_those_outside_it(
    director: Any, community: Any, member: Any, private_circle: Any
) -> None:
    event = _workshop(director, community)
    _board(director, community, event, "Board-only ideas", circle=private_circle)

    member_page = client_for(member).get(event.get_absolute_url()).content.decode()
    director_page = client_for(director).get(event.get_absolute_url()).content.decode()

    assert "Board-only ideas" not in member_page
    assert "At this event" not in member_page
    assert "Board-only ideas" in director_page


def test_the_hackathon_event_links_its_hackathon_and_back(
    hackathon: Hackathon, member: Any
) -> None:
    client = client_for(member)

    page = client.get(hackathon.event.get_absolute_url()).content.decode()
    hackathon_page = client.get(hackathon.get_absolute_url()).content.decode()

    assert f'href="{hackathon.get_absolute_url()}"' in page
    assert "The hackathon: teams, submissions and results" in page
    assert f'href="{hackathon.event.get_absolute_url()}"' in hackathon_page


def test_the_event_page_costs_the_same_with_one_board_or_six(
    director: Any, community: Any, member: Any, django_assert_max_num_queries: Any
) -> None:
    event = _workshop(director, community)
    _board(director, community, event, "Board 0")
    client = client_for(member)
    client.get(event.get_absolute_url())
    # The member's event page (see events' own test) with the boards held at it: 11.
    with django_assert_max_num_queries(11):
        client.get(event.get_absolute_url())
    for n in range(1, 6):
        _board(director, community, event, f"Board {n}")
    with django_assert_max_num_queries(11):
        page = client.get(event.get_absolute_url()).content.decode()
    assert "Brainstorming board: Board 5" in page


def test_a_hackathon_event_page_costs_one_query_more_and_stays_flat(
    hackathon: Hackathon, member: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member)
    url = hackathon.event.get_absolute_url()
    client.get(url)
    # (the workshop's 11, and its hackathon)
    with django_assert_max_num_queries(12):
        client.get(url)
