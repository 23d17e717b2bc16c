"""What the innovation lab puts in search (see docs/search.md): challenges and ideas. Both
audiences mirror their rules (``challenge.view``, ``idea.view``): anyone with a role in
the community, or the "circle" audience's rule for a challenge run in a circle."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.communities.roles import memberships_of
from salon.core import search
from salon.core.markdown import plain_text
from salon.core.models import SearchDocument
from salon.innovation.models import Challenge, Idea


def _community_or_circle(user: Any) -> Q:
    return Q(circle__isnull=True, community_id__in=list(memberships_of(user))) | (
        Q(circle__isnull=False) & search.audience("circle").visible(user)
    )


def _challenge_of(document: SearchDocument) -> Challenge:
    return Challenge.objects.select_related("community", "circle").get(pk=document.object_id)


def _idea_of(document: SearchDocument) -> Idea:
    return Idea.objects.select_related("challenge", "community", "circle").get(
        pk=document.object_id
    )


search.register_audience(
    search.Audience("challenge", "challenge.view", _community_or_circle, _challenge_of)
)
search.register_audience(search.Audience("idea", "idea.view", _community_or_circle, _idea_of))


def challenge_document(challenge: Challenge) -> search.Document:
    return search.Document(
        community_id=challenge.community_id,
        circle_id=challenge.circle_id,
        title=challenge.title,
        body=plain_text(challenge.problem),
        tags=list(challenge.business_areas),
        url=challenge.get_absolute_url(),
    )


def idea_document(idea: Idea) -> search.Document:
    return search.Document(
        community_id=idea.community_id,
        circle_id=idea.circle_id,
        title=idea.title,
        body=" ".join(
            plain_text(text) for text in (idea.problem, idea.proposal, idea.impact) if text
        ),
        tags=[idea.stage.name],
        url=idea.get_absolute_url(),
    )


search.register(
    search.Source(
        kind="challenge",
        label=_("Challenge"),
        model=Challenge,
        audience="challenge",
        document=challenge_document,
    )
)
search.register(
    search.Source(
        kind="idea",
        label=_("Idea"),
        model=Idea,
        audience="idea",
        document=idea_document,
        queryset=lambda: Idea.objects.select_related("stage"),
    )
)
