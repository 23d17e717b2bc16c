"""What feedback between members and praise tell people, through ``notify()``: a request
for feedback (to the person asked), feedback received, feedback shared with a mentor, and
praise (to the person praised). Each kind's ``may_see`` asks the permission policy."""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

REQUESTED = "feedback.requested"
RECEIVED = "feedback.received"
SHARED = "feedback.shared_with_mentor"
PRAISED = "feedback.praised"

register_kind(
    REQUESTED,
    label=gettext_lazy("Someone asks me for feedback"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s asks for your feedback on “%(situation)s”.") % data,
    may_see=lambda user, fb: can(user, "peer_feedback.answer", fb),
    may_read=lambda user, fb: can(user, "peer_feedback.view", fb),
)
register_kind(
    RECEIVED,
    label=gettext_lazy("Someone gives me feedback"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s gave you feedback on “%(situation)s”.") % data,
    may_see=lambda user, fb: fb.receiver_id == user.pk and can(user, "peer_feedback.view", fb),
)
register_kind(
    SHARED,
    label=gettext_lazy("A mentee shares feedback they received with me"),
    default=Delivery.WEEKLY,
    line=lambda data: _("%(actor)s shared feedback they received on “%(situation)s”.") % data,
    may_see=lambda user, fb: fb.receiver_id != user.pk and can(user, "peer_feedback.view", fb),
)
register_kind(
    PRAISED,
    label=gettext_lazy("Someone praises me"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s praised you for %(competency)s.") % data,
    may_see=lambda user, praise: praise.receiver_id == user.pk and can(user, "praise.view", praise),
)


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(120)


def _feedback(feedback_id: int) -> Any:
    from salon.feedback.models import PeerFeedback

    return PeerFeedback.objects.select_related("community", "giver", "receiver").get(pk=feedback_id)


def requested(*, request_id: int) -> int:
    from salon.feedback.models import PeerFeedback

    told = 0
    asks = PeerFeedback.objects.filter(request_id=request_id).select_related(
        "community", "receiver"
    )
    for ask in asks:
        told += notify(
            [ask.giver_id],
            REQUESTED,
            ask,
            ask.receiver,
            data={"situation": _short(ask.situation)},
            key=f"{REQUESTED}:{ask.pk}",
        )
    return told


def received(*, feedback_id: int) -> int:
    feedback = _feedback(feedback_id)
    return notify(
        [feedback.receiver_id],
        RECEIVED,
        feedback,
        feedback.giver,
        data={"situation": _short(feedback.situation)},
        key=f"{RECEIVED}:{feedback.pk}",
    )


def shared(*, feedback_id: int) -> int:
    from salon.goals.relations import mentors_of

    feedback = _feedback(feedback_id)
    return notify(
        sorted(mentors_of(feedback.receiver_id, feedback.community_id)),
        SHARED,
        feedback,
        feedback.receiver,
        data={"situation": _short(feedback.situation)},
        key=f"{SHARED}:{feedback.pk}",
    )


def praised(*, praise_id: int) -> int:
    from salon.feedback.models import Praise

    praise = Praise.objects.select_related("community", "giver", "competency").get(pk=praise_id)
    return notify(
        [praise.receiver_id],
        PRAISED,
        praise,
        praise.giver,
        data={"competency": praise.competency.name, "excerpt": _short(praise.message)},
        key=f"{PRAISED}:{praise.pk}",
    )
