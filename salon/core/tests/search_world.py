"""A world for the search tests: every audience, every role, private and open communities.

Every document in it contains the word "zebra", so searching "zebra" is searching for
everything, and what comes back must be exactly what the policy lets each person see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community, Role, Visibility
from salon.core import search
from salon.core.models import SearchDocument
from salon.core.permissions import can
from salon.network.models import Message
from salon.network.services.conversations import conversation_open


@dataclass
class World:
    people: dict[str, User]
    acme: Community
    elsewhere: Community
    agora: Community


def _person(email: str, name: str, **fields: Any) -> User:
    fields.setdefault("organisation", "Zebra Corp")
    return make_user(email, name, **fields)


def _circle(community: Community, name: str, slug: str, *, private: bool = False) -> Circle:
    return Circle.objects.create(
        community=community,
        name=name,
        slug=slug,
        kind="working_group" if private else "learning_set",
        description=f"The zebra {name.lower()}",
        is_private=private,
    )


def build_world(
    community: Community,
    other_community: Community,
    director: User,
    facilitator: User,
    member: User,
    guest: User,
    outsider: User,
    circle: Circle,
    private_circle: Circle,
) -> World:
    """The conftest personas, plus an expert, a mentor, a deactivated member, someone in no
    community, staff (who are not members by being staff), an open community and circles
    of every kind of visibility."""
    community.tagline = "Zebra leaders"
    community.save()
    other_community.tagline = "Zebra elsewhere"
    other_community.save()
    for user in (director, facilitator, member, guest, outsider):
        user.organisation = "Zebra Corp"
        user.save()
    expert = _person("xena@acme.test", "Xena Expert", title="Chief Zebra Scientist")
    join(expert, community, Role.EXPERT)
    mentor = _person("mo@acme.test", "Mo Mentor")
    join(mentor, community, Role.MENTOR)
    gone = _person("gone@acme.test", "Gone Person")
    join(gone, community)
    gone.is_active = False
    gone.save()
    nobody = _person("nobody@salon.test", "Nora Nobody")
    staff = _person("staff@salon.test", "Stan Staff", is_staff=True)

    CircleMembership.objects.create(circle=circle, user=guest)
    inner = _circle(community, "Inner Ring", "inner", private=True)
    CircleMembership.objects.create(circle=inner, user=member)
    CircleMembership.objects.create(circle=inner, user=guest)
    _circle(community, "Open Studio", "studio")
    _circle(other_community, "North Chapter", "north")
    private_circle.description = "The zebra board"
    private_circle.save()
    CircleMembership.objects.create(circle=private_circle, user=mentor)
    circle.description = "The zebra chapter"
    circle.save()

    agora = Community.objects.create(
        name="Agora", slug="agora", tagline="An open zebra forum", visibility=Visibility.OPEN
    )
    host = _person("pia@agora.test", "Pia Host")
    join(host, agora, Role.DIRECTOR)
    join(member, agora, Role.GUEST)
    join(outsider, agora, Role.MEMBER)
    _circle(agora, "Agora Commons", "commons")
    hidden = _circle(agora, "Agora Council", "council", private=True)
    CircleMembership.objects.create(circle=hidden, user=outsider)

    # Conversations: found only by their people (a former member's message too).
    conversation_open(
        community=community,
        people=[member.pk, expert.pk],
        started_by_id=member.pk,
        first_message="The zebra board meets in Lagos",
    )
    council = conversation_open(
        community=community,
        people=[director.pk, facilitator.pk, mentor.pk],
        started_by_id=director.pk,
        first_message="Zebra council agenda",
        title="Zebra council",
    )
    Message.objects.create(conversation=council, author=None, body="A zebra from the past")

    people = {
        "director": director,
        "facilitator": facilitator,
        "member": member,
        "guest": guest,
        "outsider": outsider,
        "expert": expert,
        "mentor": mentor,
        "host": host,
        "nobody": nobody,
        "staff": staff,
    }
    return World(people=people, acme=community, elsewhere=other_community, agora=agora)


def allowed(user: User, document: SearchDocument) -> bool:
    """What the permission policy says about one document (the reference for the SQL)."""
    audience = search.audience(document.audience)
    return can(user, audience.action, audience.target(document))


def key(document: SearchDocument) -> tuple[str, int]:
    return (document.kind, document.object_id)
