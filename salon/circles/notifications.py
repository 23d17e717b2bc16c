"""What looking after a circle tells people: a nudge from the circle's facilitator or lead."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

NUDGED = "circles.nudged"


def _is_recipient(user: Any, nudge: Any) -> bool:
    return bool(user.pk == nudge.recipient_id)


register_kind(
    NUDGED,
    label=gettext_lazy("A personal note from my circle's facilitator or lead"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s sent you a note from %(circle)s.") % data,
    may_see=_is_recipient,
)


def nudge_sent(*, nudge: Any) -> int:
    return notify(
        [nudge.recipient_id],
        NUDGED,
        nudge,
        actor=nudge.sender,
        community=nudge.circle.community,
        # The words show under the sentence, as a post's do (the notification's excerpt).
        data={"circle": nudge.circle.name, "excerpt": nudge.message},
        url=nudge.circle.get_absolute_url(),
    )
