"""What 360° cycles tell people, through ``notify()``: the person reviewed that it is time
to choose raters and, later, that their report is ready; the approver that a list waits;
raters that they are invited (and reminded); a mentor that a report was shared with them.

Nothing here ever says who answered: a reminder goes to whoever has not answered yet, and
the person reviewed hears only that the cycle closed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

NOMINATE = "feedback.nominate"
APPROVE = "feedback.approve"
INVITED = "feedback.invited"
REMINDER = "feedback.reminder"
REPORT_READY = "feedback.report_ready"
REPORT_SHARED = "feedback.report_shared"


register_kind(
    NOMINATE,
    label=gettext_lazy("A 360° feedback cycle asks me to choose my raters"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("Choose who gives you feedback in “%(cycle)s”.") % data,
    may_see=lambda user, participant: can(user, "feedback_participant.view", participant),
)
register_kind(
    APPROVE,
    label=gettext_lazy("Someone's list of raters waits for my approval"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s's raters for “%(cycle)s” wait for your approval.") % data,
    may_see=lambda user, participant: can(user, "feedback_participant.view", participant),
)
register_kind(
    INVITED,
    label=gettext_lazy("I'm asked to give 360° feedback"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("You're asked for feedback on %(person)s in “%(cycle)s”.") % data,
    may_see=lambda user, nomination: nomination.rater_id == user.pk,
)
register_kind(
    REMINDER,
    label=gettext_lazy("A reminder of 360° feedback I haven't given yet"),
    default=Delivery.DAILY,
    line=lambda data: (
        _("A reminder: your feedback on %(person)s in “%(cycle)s” is due by %(closes)s.") % data
    ),
    may_see=lambda user, nomination: nomination.rater_id == user.pk,
)
register_kind(
    REPORT_READY,
    label=gettext_lazy("My 360° feedback report is ready"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("Your feedback report from “%(cycle)s” is ready.") % data,
    may_see=lambda user, participant: participant.person_id == user.pk,
)
register_kind(
    REPORT_SHARED,
    label=gettext_lazy("A mentee shares their 360° feedback report with me"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s shared their feedback report from “%(cycle)s”.") % data,
    may_see=lambda user, participant: (
        user.pk in set(participant.shares.values_list("mentor_id", flat=True))
    ),
)


def _person(user: Any) -> str:
    return str(user.display_name)


def nominate(*, participant: Any) -> int:
    return notify(
        [participant.person_id],
        NOMINATE,
        participant,
        None,
        community=participant.cycle.community,
        data={"cycle": participant.cycle.title},
        url=participant.get_nominate_url(),
    )


def approve(*, participant: Any) -> int:
    if participant.manager_id is None:
        return 0
    return notify(
        [participant.manager_id],
        APPROVE,
        participant,
        participant.person,
        community=participant.cycle.community,
        data={"cycle": participant.cycle.title},
        url=participant.get_nominate_url(),
        key=f"{APPROVE}:{participant.pk}",
    )


def invited(*, nomination: Any) -> int:
    participant = nomination.participant
    return notify(
        [nomination.rater_id],
        INVITED,
        nomination,
        None,
        community=participant.cycle.community,
        data={"cycle": participant.cycle.title, "person": _person(participant.person)},
        url=nomination.get_absolute_url(),
    )


def reminder(*, nomination: Any, when: str) -> int:
    participant = nomination.participant
    return notify(
        [nomination.rater_id],
        REMINDER,
        nomination,
        None,
        community=participant.cycle.community,
        data={
            "cycle": participant.cycle.title,
            "person": _person(participant.person),
            "closes": participant.cycle.closes_on.isoformat(),
        },
        url=nomination.get_absolute_url(),
        key=f"{REMINDER}:{nomination.pk}:{when}",
    )


def report_ready(*, participant: Any) -> int:
    return notify(
        [participant.person_id],
        REPORT_READY,
        participant,
        None,
        community=participant.cycle.community,
        data={"cycle": participant.cycle.title},
        url=participant.get_absolute_url(),
    )


def report_shared(*, share: Any) -> int:
    participant = share.participant
    return notify(
        [share.mentor_id],
        REPORT_SHARED,
        participant,
        participant.person,
        community=participant.cycle.community,
        data={"cycle": participant.cycle.title},
        url=participant.get_absolute_url(),
        key=f"{REPORT_SHARED}:{share.pk}",
    )
