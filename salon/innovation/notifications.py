"""What the innovation lab tells people: an idea's authors hear when it moves stage."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.accounts.models import User
from salon.core.permissions import can
from salon.innovation.models import IdeaAuthor, StageMove
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

IDEA_MOVED = "innovation.idea_moved"


def _may_see_idea(user: Any, idea: Any) -> bool:
    return can(user, "idea.view", idea)


register_kind(
    IDEA_MOVED,
    label=gettext_lazy("Your idea moves to another stage"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("“%(idea)s” moved from %(from)s to %(to)s: %(note)s") % data,
    may_see=_may_see_idea,
)


def idea_moved(*, move_id: int, actor_id: int) -> None:
    move = (
        StageMove.objects.select_related(
            "idea__challenge", "idea__circle", "from_stage", "to_stage"
        )
        .filter(pk=move_id)
        .first()
    )
    if move is None:
        return
    idea = move.idea
    authors = list(IdeaAuthor.objects.filter(idea=idea).values_list("user_id", flat=True))
    notify(
        authors,
        IDEA_MOVED,
        idea,
        actor=User.objects.filter(pk=actor_id).first(),
        data={
            "idea": idea.title,
            "from": move.from_stage.name if move.from_stage else "",
            "to": move.to_stage.name,
            "note": move.note[:300],
        },
        key=f"{IDEA_MOVED}:{move.pk}",
    )
