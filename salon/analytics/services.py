"""Writes of the outcome pages: sharing the dashboard with a sponsor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salon.analytics.models import Sponsor
from salon.communities.models import Community
from salon.core.audit import audit
from salon.core.permissions import require


@transaction.atomic
def sponsor_add(*, actor: Any, community: Community, email: str) -> Sponsor:
    """Share the community's outcome figures, read-only, with the account of ``email``."""
    from salon.accounts.models import User

    require(actor, "analytics.share", community)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(_("Nobody has an account with that email address yet."))
    if community.memberships.filter(user=user).exists():
        raise ValidationError(
            _("%(name)s is a member of %(community)s: sponsors are people from outside it.")
            % {"name": user.display_name, "community": community.name}
        )
    sponsor, created = Sponsor.objects.get_or_create(
        community=community, user=user, defaults={"added_by": actor}
    )
    if created:
        audit("analytics.sponsor.added", actor=actor, target=sponsor, community=community)
    return sponsor
