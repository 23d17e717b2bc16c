"""The network part of a member's data export (see ``accounts.services``): their
connections, the requests and introductions that concern them, the messages they wrote
(with the conversation each belongs to), their coffee-roulette pairs, and what they wrote
about working with them. Other people's messages are theirs and stay out."""

from __future__ import annotations

from typing import Any


def _name(user: Any) -> str:
    return user.display_name if user is not None else ""


def export(user: Any) -> dict[str, Any]:
    from django.db.models import Q

    from salon.network.models import (
        CoffeePair,
        Connection,
        ConnectionRequest,
        Introduction,
        Message,
        NetworkSettings,
        Participant,
    )

    connections = Connection.objects.filter(Q(user_low=user) | Q(user_high=user)).select_related(
        "user_low", "user_high"
    )
    requests = ConnectionRequest.objects.filter(Q(sender=user) | Q(recipient=user)).select_related(
        "sender", "recipient"
    )
    introductions = Introduction.objects.filter(
        Q(introducer=user) | Q(first=user) | Q(second=user)
    ).select_related("community", "introducer", "first", "second")
    seats = Participant.objects.filter(user=user).select_related("conversation__community")
    pairs = CoffeePair.objects.filter(Q(first=user) | Q(second=user)).select_related(
        "round__community", "first", "second"
    )
    settings = NetworkSettings.objects.filter(user=user).first()
    return {
        "connections": [
            {
                "with": _name(c.user_high if c.user_low_id == user.pk else c.user_low),
                "since": c.created_at.isoformat(),
            }
            for c in connections.order_by("pk")
        ],
        "connection_requests": [
            {
                "from": _name(r.sender),
                "to": _name(r.recipient),
                "note": r.note if r.sender_id == user.pk else "",
                "status": r.status,
                "sent_at": r.created_at.isoformat(),
            }
            for r in requests.order_by("pk")
        ],
        "introductions": [
            {
                "community": i.community.slug,
                "by": _name(i.introducer),
                "between": [_name(i.first), _name(i.second)],
                "note": i.note,
                "made_at": i.created_at.isoformat(),
            }
            for i in introductions.order_by("pk")
        ],
        "conversations": [
            {
                "id": seat.conversation_id,
                "community": seat.conversation.community.slug,
                "title": seat.conversation.title,
                "joined_at": seat.joined_at.isoformat(),
            }
            for seat in seats.order_by("conversation_id")
        ],
        "messages_written": [
            {"conversation": m.conversation_id, "body": m.body, "sent_at": m.created_at.isoformat()}
            for m in Message.objects.filter(author=user).order_by("pk")
        ],
        "coffee_roulette": {
            "taking_part": bool(settings and settings.coffee_roulette),
            "pairs": [
                {
                    "community": p.round.community.slug,
                    "with": _name(p.second if p.first_id == user.pk else p.first),
                    "time": p.starts_at.isoformat() if p.starts_at else None,
                    "you_met": p.answer_of(user.pk),
                }
                for p in pairs.order_by("pk")
            ],
        },
        "working_with_me": {
            "name_pronunciation": settings.name_pronunciation if settings else "",
            "notes": settings.working_notes if settings else "",
            "suggested_to_others": settings.suggestable if settings else True,
        },
    }
