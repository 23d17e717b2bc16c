"""What cohort programmes tell people: the dates of a module or an item moved."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

RESCHEDULED = "programmes.rescheduled"

register_kind(
    RESCHEDULED,
    label=gettext_lazy("Dates in my cohort programme change"),
    default=Delivery.DAILY,
    line=lambda data: _("New dates in “%(programme)s”: %(what)s.") % data,
    # The recipients are the cohort's members (one query); asking the circle again for
    # each of thousands would cost a query per person, so the role is what is checked.
    may_see=lambda user, programme: can(user, "cohort_programme.list", programme.community),
    may_read=lambda user, programme: can(user, "cohort_programme.view", programme),
)


def dates_changed(*, programme: Any, actor: Any, what: str, change: str) -> int:
    from salon.programmes.services.schedule import cohort_user_ids

    return notify(
        cohort_user_ids(programme),
        RESCHEDULED,
        programme,
        actor=actor,
        community=programme.community,
        data={"programme": programme.title, "what": what},
        key=f"{RESCHEDULED}:{programme.pk}:{change}",
    )
