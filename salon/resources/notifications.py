"""What the library and learning paths tell people: a suggestion waiting for review, the
answer to one's suggestion, a facilitator's nudge on a path step, and "For you" in the
weekly digest (resources and paths picked from the member's goals and feedback, each with
why), which the member can turn off like any other notification."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.communities.models import STEWARD_ROLES
from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

SUGGESTED = "resources.suggested"
REVIEWED = "resources.reviewed"
NUDGED = "resources.nudged"
RECOMMENDED = "resources.recommended"
DIGEST_RECOMMENDATIONS = 3

register_kind(
    SUGGESTED,
    label=gettext_lazy("A member suggests a resource for the library"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s suggests “%(title)s” for the library.") % data,
    may_see=lambda user, resource: can(user, "resource.review", resource),
)
register_kind(
    REVIEWED,
    label=gettext_lazy("A facilitator answers my suggestion for the library"),
    default=Delivery.DAILY,
    line=lambda data: (
        _("“%(title)s” is now in the library.") % data
        if data.get("approved")
        else _("“%(title)s” was not taken into the library.") % data
    ),
    may_see=lambda user, resource: (
        resource.author_id == user.pk and can(user, "resource.view", resource)
    ),
)
register_kind(
    NUDGED,
    label=gettext_lazy("A facilitator reminds me of a step on my learning path"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s: time for “%(step)s” on “%(path)s”.") % data,
    may_see=lambda user, step: can(user, "path.follow", step.path),
)


register_kind(
    RECOMMENDED,
    label=gettext_lazy(
        "Resources and paths picked for me from my goals and feedback (in the weekly digest)"
    ),
    default=Delivery.WEEKLY,
    deliveries=(Delivery.WEEKLY, Delivery.OFF),
    line=lambda data: _("Picked for you: “%(title)s”") % data,
    may_see=lambda user, item: can(user, "resource.view", item),
)


def recommended_digest_part(user: Any, community: Any, since: Any, until: Any) -> list[Any]:
    """ "For you" in one community's section of the weekly digest: the top few of the same
    ranking as the library page, each with the reason, in the member's language."""
    from django.utils import translation

    from salon.notifications.digest import DigestItem, DigestPart
    from salon.notifications.emails import language_of
    from salon.resources.recommendations import recommendations_for

    if not can(user, "library.view", community):
        return []
    with translation.override(language_of(user)):
        picks = recommendations_for(
            user=user, community=community, limit=DIGEST_RECOMMENDATIONS, with_feedback=True
        )
        if not picks:
            return []
        return [
            DigestPart(
                title=_("For you"),
                items=[
                    DigestItem(text=p.item.title, url=p.item.get_absolute_url(), detail=p.reason)
                    for p in picks
                ],
            )
        ]


# Found by the digest (``salon.notifications.digest``): asked when the member's delivery
# of RECOMMENDED is the digest's period (weekly, unless they turned it off).
DIGEST_CHOICES = {RECOMMENDED: recommended_digest_part}


def suggestion_made(resource: Any) -> None:
    from salon.accounts.models import User

    stewards = User.objects.filter(
        memberships__community_id=resource.community_id,
        memberships__role__in=list(STEWARD_ROLES),
    )
    notify(
        stewards,
        SUGGESTED,
        resource,
        actor=resource.author,
        community=resource.community,
        data={"title": resource.title, "actor": getattr(resource.author, "name", "")},
    )


def suggestion_reviewed(resource: Any, actor: Any) -> None:
    if resource.author_id is None:
        return
    notify(
        [resource.author_id],
        REVIEWED,
        resource,
        actor=actor,
        community=resource.community,
        data={"title": resource.title, "approved": resource.is_published},
    )


def step_nudged(step: Any, user_ids: list[int], actor: Any, day: str) -> int:
    return notify(
        user_ids,
        NUDGED,
        step,
        actor=actor,
        community=step.path.community,
        data={"step": step.title, "path": step.path.title, "actor": actor.name},
        url=step.path.get_absolute_url(),
        key=f"{NUDGED}:{step.pk}:{day}",
    )
