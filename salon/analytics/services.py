"""Writes of the outcome pages: sharing the dashboard with a sponsor, and asking for a
community's first figures."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from salon.analytics import selectors
from salon.analytics.models import ReportSubscription, Sponsor
from salon.analytics.selectors import Outcomes
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


@transaction.atomic
def sponsor_remove(*, actor: Any, sponsor: Sponsor) -> None:
    """Withdraw a sponsor's access: from their next request they see nothing of the
    community (the rule reads the shares afresh on each request)."""
    require(actor, "analytics.share", sponsor.community)
    audit(
        "analytics.sponsor.removed",
        actor=actor,
        target=sponsor,
        community=sponsor.community,
        email=sponsor.user.email,
    )
    sponsor.delete()


# A page that finds no figures asks for them at most this often (the job takes minutes).
PREPARE_AGAIN_AFTER = 15 * 60


def outcomes_prepare(*, actor: Any, community: Community) -> bool:
    """Queue the computation of a community's first figures, once in a while however
    many pages ask; return whether this call queued it."""
    from salon.analytics.tasks import prepare_outcomes

    require(actor, "analytics.view", community)
    if not cache.add(f"analytics:preparing:{community.pk}", True, PREPARE_AGAIN_AFTER):
        return False
    transaction.on_commit(lambda: prepare_outcomes.enqueue(community_id=community.pk))
    return True


def outcomes_or_prepare(*, actor: Any, community: Community, days: int) -> Outcomes | None:
    """The figures the hourly job stored last; when it never has for this community, the
    job is asked to prepare them (pages never compute them: that takes half a minute)."""
    outcomes = selectors.outcomes_for(community=community, days=days)
    if outcomes is None:
        outcomes_prepare(actor=actor, community=community)
    return outcomes


@transaction.atomic
def report_subscription_set(*, actor: Any, community: Community, subscribed: bool) -> bool:
    """A director asks for the monthly report by email, or stops it; returns whether they
    now get it."""
    require(actor, "analytics.share", community)
    if subscribed:
        ReportSubscription.objects.get_or_create(community=community, user=actor)
    else:
        ReportSubscription.objects.filter(community=community, user=actor).delete()
    return subscribed
