"""Praise: public recognition of a member in a circle or the community, tied to a
competency of its framework. No counts, no ranking: each praise stands on its own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salon.communities.models import PARTICIPANT_ROLES, CircleMembership, Membership
from salon.core.audit import audit
from salon.core.permissions import can, require
from salon.feedback.models import PeerSettings, Praise
from salon.feedback.notifications import peer as notices
from salon.goals.cleaning import clean_text


@transaction.atomic
def praise_give(
    *,
    actor: Any,
    community: Any,
    receiver: Any,
    competency: Any,
    message: str,
    circle: Any = None,
    on_home: bool = True,
) -> Praise:
    """Praise ``receiver`` for ``competency``. In a circle, both must be able to see it and
    the receiver must be in it. It shows on the community home only when the community
    allows it and the giver chose it (praise in a circle never leaves the circle)."""
    require(actor, "feedback.take_part", community)
    message = clean_text(message, label=_("What they did"), max_length=1000)
    if competency is None or competency.community_id != community.pk or competency.retired_at:
        raise ValidationError(_("Choose a competency of this community's framework."))
    if getattr(receiver, "pk", None) == actor.pk:
        raise ValidationError(_("Praise someone other than yourself."))
    if not Membership.objects.filter(
        community=community, user_id=receiver.pk, role__in=PARTICIPANT_ROLES, user__is_active=True
    ).exists():
        raise ValidationError(_("You can praise only members of this community."))
    if circle is not None:
        if circle.community_id != community.pk or not can(actor, "circle.view", circle):
            raise ValidationError(_("Choose a circle of this community that you can see."))
        if not CircleMembership.objects.filter(circle=circle, user_id=receiver.pk).exists():
            raise ValidationError(_("Praise in a circle goes to someone in that circle."))
    allowed_on_home = PeerSettings.for_community(community).praise_on_home
    praise = Praise.objects.create(
        community=community,
        circle=circle,
        giver=actor,
        receiver=receiver,
        competency=competency,
        message=message,
        on_home=bool(on_home and allowed_on_home and circle is None),
    )
    audit("feedback.praise.given", actor=actor, target=praise, competency=competency.name)
    transaction.on_commit(lambda: notices.praised(praise_id=praise.pk), robust=True)
    return praise
