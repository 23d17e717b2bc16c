"""Feedback between members and praise for the demo (``data/peer_feedback.toml``): the
demo member's request for feedback after the last regional workshop, with two answers and
one still open, a peer's request waiting for the demo member, feedback given unasked, and
praise in every chapter of the Global Executive Network and in the Innovation Lab."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from salon.communities.models import Circle, CircleMembership, Community, Membership, Role
from salon.demo.content import load
from salon.feedback.models import FeedbackRequest, PeerFeedback, PeerFeedbackState, Praise
from salon.goals.models import Competency

WORDS = load("peer_feedback")


def _competency(community: Community, name: str) -> Competency:
    return Competency.objects.get(community=community, name=name)


def _circle_people(circle: Circle, *, besides: set[int]) -> list[Any]:
    return [
        m.user
        for m in CircleMembership.objects.filter(circle=circle)
        .exclude(user_id__in=besides)
        .select_related("user")
        .order_by("user_id")
    ]


def _last_workshop(community: Community) -> tuple[str, datetime]:
    from salon.events.models import Event

    now = timezone.now()
    workshop = (
        Event.objects.filter(community=community, title__icontains="workshop", starts_at__lt=now)
        .order_by("-starts_at")
        .first()
    )
    if workshop is None:
        return "the regional workshop", now - timedelta(days=6)
    return workshop.title, workshop.starts_at


def _when(start: datetime, hours: int) -> datetime:
    return min(start + timedelta(hours=hours), timezone.now() - timedelta(hours=1))


def _feedback_after_the_workshop(gen: Community, member: Any) -> int:
    title, held = _last_workshop(gen)
    chapter = (
        Circle.objects.filter(
            community=gen, kind="chapter", circle_memberships__user=member
        ).first()
        or Circle.objects.filter(community=gen, kind="chapter").first()
    )
    assert chapter is not None
    peers = _circle_people(chapter, besides={member.pk})[:4]
    words = WORDS["after_workshop"]
    request = FeedbackRequest.objects.create(
        community=gen,
        requester=member,
        situation=words["situation"].format(workshop=title),
        competency=_competency(gen, words["competency"]),
    )
    asks = []
    for n, peer in enumerate(peers[:3]):
        answer = words["answers"][n] if n < len(words["answers"]) else None
        asks.append(
            PeerFeedback(
                community=gen,
                request=request,
                giver=peer,
                receiver=member,
                competency=request.competency,
                situation=request.situation,
                behaviour=answer["behaviour"] if answer else "",
                impact=answer["impact"] if answer else "",
                state=PeerFeedbackState.GIVEN if answer else PeerFeedbackState.ASKED,
                given_at=_when(held, 30 + 20 * n) if answer else None,
            )
        )
    PeerFeedback.objects.bulk_create(asks)
    asked = WORDS["asked_of_member"]
    theirs = FeedbackRequest.objects.create(
        community=gen,
        requester=peers[3] if len(peers) > 3 else peers[0],
        situation=asked["situation"],
        competency=_competency(gen, asked["competency"]),
    )
    PeerFeedback.objects.create(
        community=gen,
        request=theirs,
        giver=member,
        receiver=theirs.requester,
        competency=theirs.competency,
        situation=theirs.situation,
    )
    unasked = WORDS["unasked"]
    PeerFeedback.objects.create(
        community=gen,
        giver=peers[1] if len(peers) > 1 else peers[0],
        receiver=member,
        competency=_competency(gen, unasked["competency"]),
        situation=unasked["situation"],
        behaviour=unasked["behaviour"],
        impact=unasked["impact"],
        state=PeerFeedbackState.GIVEN,
        given_at=timezone.now() - timedelta(days=12),
    )
    # Rows are dated by the workshop and the weeks before, not by the seed's own clock.
    PeerFeedback.objects.filter(request=request).update(created_at=_when(held, 4))
    return len(asks) + 2


def _praise(community: Community, items: list[dict[str, Any]], member: Any) -> int:
    participants = list(
        Membership.objects.filter(community=community, role=Role.MEMBER)
        .exclude(user=member)
        .select_related("user")
        .order_by("user_id")
    )
    made = []
    for n, item in enumerate(items):
        circle = None
        if "circle" in item:
            circle = Circle.objects.get(community=community, slug=item["circle"])
            people = _circle_people(circle, besides={member.pk})
        else:
            people = [m.user for m in participants]
        if len(people) < 2:
            continue
        giver = people[(3 * n) % len(people)]
        receiver = member if item.get("to_member") else people[(3 * n + 1) % len(people)]
        if giver.pk == receiver.pk:
            giver = people[(3 * n + 2) % len(people)]
        made.append(
            Praise(
                community=community,
                circle=circle,
                giver=giver,
                receiver=receiver,
                competency=_competency(community, item["competency"]),
                message=item["message"],
                on_home=circle is None,
            )
        )
    Praise.objects.bulk_create(made)
    now = timezone.now()
    for n, praise in enumerate(Praise.objects.filter(community=community).order_by("pk")):
        Praise.objects.filter(pk=praise.pk).update(created_at=now - timedelta(days=2 + 3 * n))
    return len(made)


def seed_peer_feedback(*, member: Any) -> int:
    """Returns how many pieces of feedback and praise it made."""
    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    made = _feedback_after_the_workshop(gen, member)
    made += _praise(gen, WORDS["praise"], member)
    made += _praise(lab, WORDS["lab_praise"], member)
    return made
