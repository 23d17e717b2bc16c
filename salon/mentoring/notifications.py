"""What mentoring tells people, through ``notify()``: a published match to answer (both
sides), the other side's answer, a mentee's request (mentee-choice mode), the start of a
mentorship, a session that is overdue, a check-in that is due, a session the other logged,
and a mentorship ended early.

Each kind's ``may_see`` asks the permission policy, so nobody is told of a match or a
mentorship they may not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salon.core.permissions import can
from salon.notifications.registry import Delivery, register_kind

MATCH_PROPOSED = "mentoring.match_proposed"
MATCH_ANSWERED = "mentoring.match_answered"
MATCH_REQUESTED = "mentoring.match_requested"
MENTORSHIP_STARTED = "mentoring.started"
SESSION_OVERDUE = "mentoring.session_overdue"
CHECK_IN_DUE = "mentoring.check_in_due"
SESSION_LOGGED = "mentoring.session_logged"
ENDED_EARLY = "mentoring.ended_early"


def _proposed_line(data: Mapping[str, Any]) -> str:
    if data.get("side") == "mentor":
        return _("You are proposed as mentor to %(other)s in “%(programme)s”.") % data
    return _("%(other)s is proposed as your mentor in “%(programme)s”.") % data


def _answered_line(data: Mapping[str, Any]) -> str:
    if data.get("answer") == "accepted":
        return _("%(actor)s accepted your match in “%(programme)s”.") % data
    return _("%(actor)s declined the match in “%(programme)s”.") % data


register_kind(
    MATCH_PROPOSED,
    label=gettext_lazy("I am matched with someone in a mentoring programme"),
    default=Delivery.IMMEDIATE,
    line=_proposed_line,
    may_see=lambda user, match: can(user, "match.view", match),
)
register_kind(
    MATCH_ANSWERED,
    label=gettext_lazy("The other side answers a mentoring match"),
    default=Delivery.IMMEDIATE,
    line=_answered_line,
    may_see=lambda user, match: can(user, "match.view", match),
)
register_kind(
    MATCH_REQUESTED,
    label=gettext_lazy("A mentee asks me to be their mentor"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s asks you to be their mentor in “%(programme)s”.") % data,
    may_see=lambda user, match: can(user, "match.view", match),
)
register_kind(
    MENTORSHIP_STARTED,
    label=gettext_lazy("A mentorship of mine begins"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("Your mentorship with %(other)s begins: agree how you will work.") % data,
    may_see=lambda user, mentorship: can(user, "mentorship.view", mentorship),
)
register_kind(
    SESSION_OVERDUE,
    label=gettext_lazy("A mentoring session is overdue"),
    default=Delivery.DAILY,
    line=lambda data: (
        _("It has been a while since you met %(other)s: plan your next session.") % data
    ),
    may_see=lambda user, mentorship: can(user, "mentorship.edit", mentorship),
    may_read=lambda user, mentorship: can(user, "mentorship.view", mentorship),
)
register_kind(
    CHECK_IN_DUE,
    label=gettext_lazy("A mentoring check-in is due"),
    default=Delivery.DAILY,
    line=lambda data: (
        _("Time for the %(stage)s check-in on your mentorship with %(other)s.") % data
    ),
    may_see=lambda user, mentorship: can(user, "mentorship.edit", mentorship),
    may_read=lambda user, mentorship: can(user, "mentorship.view", mentorship),
)
register_kind(
    SESSION_LOGGED,
    label=gettext_lazy("The other side logs a mentoring session"),
    default=Delivery.DAILY,
    line=lambda data: _("%(actor)s logged your session of %(date)s.") % data,
    may_see=lambda user, mentorship: can(user, "mentorship.view", mentorship),
)
register_kind(
    ENDED_EARLY,
    label=gettext_lazy("A mentorship of mine is ended early"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s ended your mentorship early.") % data,
    may_see=lambda user, mentorship: can(user, "mentorship.view", mentorship),
)
