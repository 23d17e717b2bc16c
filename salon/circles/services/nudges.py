"""Every write of looking after a circle: sending a nudge.

A nudge is a short personal message from one of the circle's facilitators or leads to one
of its members. It goes through the notification service (in the app, and by email as the
member chose), is kept, and waits a week before the same person can be nudged again, by
anyone: nobody is nagged.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salon.accounts.models import User
from salon.circles import notifications as notices
from salon.circles.models import Nudge
from salon.circles.selectors.health import NUDGE_REST_DAYS
from salon.communities.models import Circle, CircleMembership
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.goals.cleaning import clean_text

# Short: the whole message shows in the notification centre (which cuts at 240).
MESSAGE_MAX = 240


@transaction.atomic
def nudge_send(*, actor: Any, circle: Circle, recipient: Any, message: str) -> Nudge:
    require(actor, "circle.nudge", circle)
    text = clean_text(message, label=_("The message"), max_length=MESSAGE_MAX)
    if recipient.pk == actor.pk:
        raise ValidationError(_("A nudge goes to someone else in the circle."))
    if not CircleMembership.objects.filter(circle=circle, user_id=recipient.pk).exists():
        raise ValidationError(
            _("%(name)s is not in this circle.") % {"name": recipient.display_name}
        )
    # Take the recipient's row first, so two facilitators nudging at once wait for each
    # other and the second sees the first's nudge.
    User.objects.select_for_update().filter(pk=recipient.pk).first()
    now = timezone.now()
    last = (
        Nudge.objects.filter(recipient=recipient, sent_at__gt=now - timedelta(days=NUDGE_REST_DAYS))
        .order_by("-sent_at")
        .first()
    )
    if last is not None:
        raise Conflict(
            _(
                "%(name)s was nudged on %(day)s. Nudges wait a week, so nobody feels "
                "nagged: try again from %(next)s."
            )
            % {
                "name": recipient.display_name,
                "day": date_format(last.sent_at, "DAY_MONTH"),
                "next": date_format(last.sent_at + timedelta(days=NUDGE_REST_DAYS), "DAY_MONTH"),
            }
        )
    nudge = Nudge.objects.create(
        circle=circle, sender=actor, recipient=recipient, message=text, sent_at=now
    )
    audit(
        "circles.nudge.sent",
        actor=actor,
        target=circle,
        community=circle.community,
        recipient=recipient.pk,
    )
    transaction.on_commit(lambda: notices.nudge_sent(nudge=nudge), robust=True)
    return nudge
