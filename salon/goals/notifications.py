"""What goals tell people, through ``notify()``: a peer's encouragement (to the owner), a
check-in that is due (to the owner, once per due date, a gentle nudge), and to an
accountability partner that they were named and that their partner checked in.

Each kind's ``may_see`` asks the permission policy, so nobody is told of a goal they may
not see (a partner who left the community hears nothing more).
"""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

ENCOURAGED = "goals.encouraged"
CHECK_IN_DUE = "goals.check_in_due"
PARTNER_NAMED = "goals.partner_named"
PARTNER_CHECKED_IN = "goals.partner_checked_in"


def _encouraged_line(data: Any) -> str:
    if data.get("kind") == "cheer":
        return _("%(actor)s cheered your goal “%(title)s”.") % data
    if data.get("kind") == "help":
        return _("%(actor)s offers help with your goal “%(title)s”.") % data
    return _("%(actor)s encouraged you on “%(title)s”.") % data


register_kind(
    ENCOURAGED,
    label=gettext_lazy("Someone encourages me on a goal"),
    default=Delivery.DAILY,
    line=_encouraged_line,
    may_see=lambda user, goal: goal.owner_id == user.pk and can(user, "goal.view", goal),
)
register_kind(
    CHECK_IN_DUE,
    label=gettext_lazy("A check-in on one of my goals is due"),
    default=Delivery.DAILY,
    line=lambda data: _("Time for a check-in on “%(title)s”: how is it going?") % data,
    may_see=lambda user, goal: goal.owner_id == user.pk and can(user, "goal.check_in", goal),
    may_read=lambda user, goal: goal.owner_id == user.pk and can(user, "goal.view", goal),
)
register_kind(
    PARTNER_NAMED,
    label=gettext_lazy("Someone names me their accountability partner"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s named you accountability partner for “%(title)s”.") % data,
    may_see=lambda user, goal: goal.partner_id == user.pk and can(user, "goal.view", goal),
)
register_kind(
    PARTNER_CHECKED_IN,
    label=gettext_lazy("Someone I'm accountability partner for checks in"),
    default=Delivery.WEEKLY,
    line=lambda data: _("%(actor)s checked in on “%(title)s”: %(progress)s %%.") % data,
    may_see=lambda user, goal: (
        goal.partner_id == user.pk and can(user, "goal.view_check_ins", goal)
    ),
)


def _goal(goal_id: int) -> Any:
    from salon.goals.models import Goal

    return Goal.objects.select_related("community", "owner").get(pk=goal_id)


def encouraged(*, encouragement_id: int) -> int:
    from salon.goals.models import Encouragement

    encouragement = Encouragement.objects.select_related("goal__community", "author").get(
        pk=encouragement_id
    )
    goal = encouragement.goal
    data = {"title": goal.title, "kind": encouragement.kind}
    if encouragement.body:
        data["excerpt"] = Truncator(" ".join(encouragement.body.split())).chars(300)
    return notify(
        [goal.owner_id],
        ENCOURAGED,
        goal,
        encouragement.author,
        data=data,
        key=f"{ENCOURAGED}:{encouragement.pk}",
    )


def check_in_due(*, goal: Any) -> int:
    """Remind the owner that a check-in is due; the key names the due date, so each due
    date is told once however often the job runs."""
    return notify(
        [goal.owner_id],
        CHECK_IN_DUE,
        goal,
        None,
        data={"title": goal.title},
        url=goal.get_absolute_url() + "#check-in",
        key=f"{CHECK_IN_DUE}:{goal.pk}:{goal.next_check_in_due.isoformat()}",
    )


def partner_named(*, goal_id: int) -> int:
    goal = _goal(goal_id)
    if goal.partner_id is None:
        return 0
    return notify(
        [goal.partner_id],
        PARTNER_NAMED,
        goal,
        goal.owner,
        data={"title": goal.title},
        key=f"{PARTNER_NAMED}:{goal.pk}:{goal.partner_id}",
    )


def partner_checked_in(*, check_in_id: int) -> int:
    from salon.goals.models import CheckIn

    check_in = CheckIn.objects.select_related("goal__community", "goal__owner").get(pk=check_in_id)
    goal = check_in.goal
    if goal.partner_id is None:
        return 0
    return notify(
        [goal.partner_id],
        PARTNER_CHECKED_IN,
        goal,
        goal.owner,
        data={"title": goal.title, "progress": check_in.progress},
        key=f"{PARTNER_CHECKED_IN}:{check_in.pk}",
    )
