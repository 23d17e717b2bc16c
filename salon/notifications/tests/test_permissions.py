"""Every notification route, every persona; and the rule that nobody is told about what
the permission policy hides from them."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import client_for
from salon.communities.notifications import ADDED_TO_CIRCLE
from salon.notifications.models import Notification
from salon.notifications.services import notify
from salon.notifications.tests.conftest import tell

PERSONAS = ["anonymous", "outsider", "guest", "member", "director"]

PAGES: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/notifications/", (302, 200, 200, 200, 200)),
    ("GET", "/settings/notifications/", (302, 200, 200, 200, 200)),
    ("GET", "/notifications/{mine}/", (302, 404, 404, 302, 404)),
    ("POST", "/notifications/{mine}/read/", (302, 404, 404, 302, 404)),
    ("POST", "/notifications/read-all/", (302, 302, 302, 302, 302)),
    ("GET", "/demo/mail/", (302, 404, 404, 404, 404)),
    ("GET", "/api/v1/notifications", (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/notifications/{mine}/read", (401, 404, 404, 200, 404)),
    ("POST", "/api/v1/notifications/read-all", (401, 200, 200, 200, 200)),
]


@pytest.fixture
def world(director: Any, member: Any, guest: Any, outsider: Any, community: Any) -> dict[str, Any]:
    tell([member], community, director)
    return {
        "anonymous": None,
        "outsider": outsider,
        "guest": guest,
        "member": member,
        "director": director,
        "mine": Notification.objects.get(recipient=member).pk,
    }


@pytest.mark.parametrize(("method", "path", "expected"), PAGES)
def test_every_route_answers_each_persona_as_the_policy_says(
    world: dict[str, Any], method: str, path: str, expected: tuple[int, ...]
) -> None:
    url = path.format(**world)
    got = tuple(getattr(client_for(world[p]), method.lower())(url).status_code for p in PERSONAS)
    assert got == expected, f"{method} {url}: {dict(zip(PERSONAS, got, strict=True))}"


def test_nobody_is_told_of_a_private_circle_they_may_not_see(
    director: Any, member: Any, guest: Any, facilitator: Any, private_circle: Any
) -> None:
    # Told to everyone in the community, only the stewards may know the circle exists.
    notify(
        [member, guest, facilitator],
        ADDED_TO_CIRCLE,
        private_circle,
        director,
        data={"circle": private_circle.name},
        key="everyone",
    )

    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [
        facilitator.email
    ]


def test_nobody_outside_a_private_community_hears_of_it(
    director: Any, outsider: Any, community: Any
) -> None:
    assert tell([outsider], community, director) == 0
    assert not Notification.objects.exists()
