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


REVIEW_ASKED = "programmes.review_asked"
REVIEWS_READY = "programmes.reviews_ready"


def _is_reviewer(user: Any, review: Any) -> bool:
    return bool(user.pk == review.reviewer_id)


def _is_author(user: Any, review: Any) -> bool:
    return bool(user.pk == review.author_id)


register_kind(
    REVIEW_ASKED,
    label=gettext_lazy("A cohort member's assignment for me to review"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("Please review an assignment: “%(item)s”, by %(due)s.") % data,
    may_see=_is_reviewer,
)

register_kind(
    REVIEWS_READY,
    label=gettext_lazy("Peer reviews of my assignment are in"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("The peer reviews of “%(item)s” are in.") % data,
    may_see=_is_author,
)


def review_asked(*, review: Any) -> int:
    from django.utils.formats import date_format

    item = review.item
    return notify(
        [review.reviewer_id],
        REVIEW_ASKED,
        review,
        community=item.module.programme.community,
        data={"item": item.title, "due": date_format(review.due_on, "DAY_MON")},
        url=review.get_absolute_url(),
        key=f"{REVIEW_ASKED}:{review.pk}",
    )


def reviews_ready(*, review: Any) -> int:
    item = review.item
    return notify(
        [review.author_id],
        REVIEWS_READY,
        review,
        community=item.module.programme.community,
        data={"item": item.title},
        url=item.get_absolute_url(),
        key=f"{REVIEWS_READY}:{item.pk}:{review.author_id}",
    )
