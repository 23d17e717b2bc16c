"""Notification kinds: each app registers the kinds it sends, once, at start-up.

A kind says what the member sees in their preferences (``label``), how it reaches them
unless they chose otherwise (``default``), how to say it in one sentence (``line``), and
who may receive it at all (``may_see``: asked for every recipient, so nobody is told about
something the permission policy hides from them).

Apps put their kinds in ``<app>/notifications.py``; ``NotificationsConfig.ready()`` imports
those modules (see docs/notifications.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("In the daily digest")
    WEEKLY = "weekly", _("In the weekly digest")
    OFF = "off", _("No email")


DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)
ALL_DELIVERIES = (Delivery.IMMEDIATE, Delivery.DAILY, Delivery.WEEKLY, Delivery.OFF)

# ``line`` gets the notification's stored data plus "actor" and "community" (display names)
# and returns one translated sentence of plain text (templates escape it).
LineFunc = Callable[[Mapping[str, Any]], str]
# ``may_see(recipient, target)``: True when the permission policy lets them know of it.
# ``notify()`` asks it for thousands of people at once, so it must not query per person:
# the recipient's memberships are preloaded (``can`` with community rules is free) and so
# are the fields in ``services.RECIPIENT_FIELDS``.
AudienceCheck = Callable[[Any, Any], bool]
# ``email_context(notification)``: what a kind's own email template needs besides the usual
# context. Called once per email, in the recipient's language and time zone; it may query.
EmailContext = Callable[[Any], Mapping[str, Any]]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    default: Delivery
    line: LineFunc
    may_see: AudienceCheck
    deliveries: tuple[Delivery, ...] = field(default=ALL_DELIVERIES)
    # The immediate email's templates (``<email_template>_subject.txt``, ``.txt``, ``.html``)
    # when the generic one cannot say it well; empty for the generic one.
    email_template: str = ""
    email_context: EmailContext | None = None
    # Whether the recipient may still read it in the notification centre, when that is not
    # ``may_see`` (which may also ask whether it is still worth sending: a reminder of a
    # session that has begun is not sent, but it can still be read).
    may_read: AudienceCheck | None = None

    def readable(self, user: Any, target: Any) -> bool:
        return (self.may_read or self.may_see)(user, target)

    def render(self, data: Mapping[str, Any]) -> str:
        try:
            return self.line(data)
        except (KeyError, ValueError, TypeError):
            # Data written by an older version of the kind: say something rather than fail.
            return str(self.label)


_KINDS: dict[str, Kind] = {}


def register_kind(
    key: str,
    *,
    label: str | Promise,
    default: Delivery,
    line: LineFunc,
    may_see: AudienceCheck,
    deliveries: tuple[Delivery, ...] = ALL_DELIVERIES,
    email_template: str = "",
    email_context: EmailContext | None = None,
    may_read: AudienceCheck | None = None,
) -> Kind:
    if key in _KINDS:
        raise ValueError(f"A notification kind {key!r} is already registered.")
    if default not in deliveries or Delivery.OFF not in deliveries:
        raise ValueError(f"{key}: deliveries must include the default and OFF.")
    kind = Kind(
        key=key,
        label=label,
        default=default,
        line=line,
        may_see=may_see,
        deliveries=deliveries,
        email_template=email_template,
        email_context=email_context,
        may_read=may_read,
    )
    _KINDS[key] = kind
    return kind


def get_kind(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise ValueError(f"Unknown notification kind {key!r}; register it first.") from None


def find_kind(key: str) -> Kind | None:
    return _KINDS.get(key)


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())
