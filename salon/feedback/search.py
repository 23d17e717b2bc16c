"""What feedback between members puts in search (docs/search.md): each piece of feedback
once given, found only by the two people it is between — the giver and the receiver.

The audience "peer_feedback" is narrower than ``peer_feedback.view`` (a mentor the
receiver shared it with reads it, but does not find it by searching), so every hit is one
the policy allows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.core import search
from salon.core.models import SearchDocument
from salon.feedback.models import PeerFeedback, PeerFeedbackState


def _own_feedback(user: Any) -> Q:
    mine = PeerFeedback.objects.filter(
        Q(giver_id=user.pk) | Q(receiver_id=user.pk), state=PeerFeedbackState.GIVEN
    )
    return Q(object_id__in=mine.values("pk"))


def _feedback_of(document: SearchDocument) -> PeerFeedback:
    return PeerFeedback.objects.select_related("community").get(pk=document.object_id)


def peer_feedback_document(feedback: PeerFeedback) -> search.Document | None:
    if feedback.state != PeerFeedbackState.GIVEN:
        return None
    return search.Document(
        community_id=feedback.community_id,
        title=feedback.situation,
        url=feedback.get_absolute_url(),
        body=f"{feedback.behaviour}\n\n{feedback.impact}",
        tags=[feedback.competency.name] if feedback.competency else [],
    )


search.register_audience(
    search.Audience("peer_feedback", "peer_feedback.view", _own_feedback, _feedback_of)
)
search.register(
    search.Source(
        kind="peer_feedback",
        label=_("Feedback"),
        model=PeerFeedback,
        audience="peer_feedback",
        document=peer_feedback_document,
        queryset=lambda: PeerFeedback.objects.select_related("competency"),
    )
)
