"""``circle_visibility``, the one SQL form of ``circle.view``, answers as the policy does for
every persona and every kind of circle; the lists built on it (circles, events, objectives,
search) follow."""

from __future__ import annotations

from typing import Any

import pytest

from salon.communities.models import Circle, CircleMembership, Community
from salon.communities.roles import memberships_of
from salon.communities.selectors import circle_list_for_user, circle_visibility
from salon.core.permissions import can

PERSONAS = ["director", "facilitator", "member", "guest", "outsider"]


@pytest.fixture
def circles(
    community: Community,
    other_community: Community,
    circle: Circle,
    private_circle: Circle,
    member: Any,
    guest: Any,
    outsider: Any,
) -> list[Circle]:
    """Open with the member in it (``circle``), private with nobody (``private_circle``),
    private with the member and the guest, open with nobody, and one of another community
    whose member is the outsider."""
    secret = Circle.objects.create(
        community=community, name="Secret", slug="secret", kind="cohort", is_private=True
    )
    CircleMembership.objects.create(circle=secret, user=member)
    CircleMembership.objects.create(circle=secret, user=guest)
    empty = Circle.objects.create(community=community, name="Empty", slug="empty", kind="cohort")
    elsewhere = Circle.objects.create(
        community=other_community, name="Elsewhere", slug="elsewhere", kind="cohort"
    )
    CircleMembership.objects.create(circle=elsewhere, user=outsider)
    return [circle, private_circle, secret, empty, elsewhere]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_sql_form_of_circle_view_answers_as_the_policy(
    request: pytest.FixtureRequest, persona: str, circles: list[Circle]
) -> None:
    user = request.getfixturevalue(persona)
    memberships_of(user)  # what a request has loaded before the list is built

    in_sql = set(Circle.objects.filter(circle_visibility(user=user)).values_list("name", flat=True))
    by_policy = {c.name for c in Circle.objects.all() if can(user, "circle.view", c)}

    assert in_sql == by_policy
    assert by_policy  # every persona sees at least one circle here: the test compares
    community = circles[0].community
    listed = {c.name for c in circle_list_for_user(user=user, community=community)}
    assert listed == {c.name for c in circles if c.community_id == community.pk} & by_policy


def test_each_persona_sees_what_its_role_allows(
    director: Any, member: Any, guest: Any, outsider: Any, circles: list[Circle]
) -> None:
    def seen(user: Any) -> set[str]:
        return set(
            Circle.objects.filter(circle_visibility(user=user)).values_list("name", flat=True)
        )

    assert seen(director) == {"EMEA Chapter", "Board", "Secret", "Empty"}
    assert seen(member) == {"EMEA Chapter", "Secret", "Empty"}
    assert seen(guest) == {"Secret"}
    assert seen(outsider) == {"Elsewhere"}
