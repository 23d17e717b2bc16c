"""Building notification and digest emails: text + HTML, in the recipient's language and
time zone, with one-click unsubscribe headers (RFC 8058)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from salon.notifications import selectors
from salon.notifications.models import Notification
from salon.notifications.registry import Delivery, Kind
from salon.notifications.tokens import unsubscribe_url

if TYPE_CHECKING:
    from salon.notifications.digest import Digest


def language_of(user: Any) -> str:
    """The language to write to someone in: the one they chose in their settings, else the
    deployment's (a language no longer offered falls back to it too). Every email Salon
    sends to a member is written inside ``translation.override(language_of(member))``."""
    chosen = str(getattr(user, "language", "") or "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def zone_of(user: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@contextmanager
def as_recipient(user: Any) -> Iterator[None]:
    """Render as the recipient reads: their language, their time zone."""
    with translation.override(language_of(user)), timezone.override(zone_of(user)):
        yield


def absolute(url: str) -> str:
    return settings.SALON_BASE_URL + url if url.startswith("/") else url


def _message(
    *, user: Any, template: str, context: dict[str, Any], unsubscribe_kind: str | None
) -> EmailMultiAlternatives:
    one_click = unsubscribe_url(user_id=user.pk, kind=unsubscribe_kind)
    context = {
        **context,
        "user": user,
        "tz": str(zone_of(user)),
        "unsubscribe_url": one_click,
        "unsubscribe_all_url": unsubscribe_url(user_id=user.pk, kind=None),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "base_url": settings.SALON_BASE_URL,
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())[:200]
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # An automatic message: out-of-office replies should not answer it (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def notification_message(notification: Notification, kind: Kind) -> EmailMultiAlternatives:
    """One notification, emailed as it happens. ``recipient``, ``actor`` and ``community``
    should be loaded with it."""
    user = notification.recipient
    with as_recipient(user):
        context = {
            "notification": notification,
            "line": selectors.describe(notification),
            "excerpt": selectors.excerpt_of(notification),
            "open_url": absolute(notification.get_absolute_url()),
            "kind_label": kind.label,
            "delivery_label": Delivery.IMMEDIATE.label,
        }
        if kind.email_context is not None:
            context.update(kind.email_context(notification))
        return _message(
            user=user,
            template=kind.email_template or "notifications/email/notification",
            context=context,
            unsubscribe_kind=kind.key,
        )


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    user = digest.user
    with as_recipient(user):
        for notification in digest.notifications:
            notification.text = selectors.describe(notification)  # type: ignore[attr-defined]
            notification.open_url = absolute(notification.get_absolute_url())  # type: ignore[attr-defined]
        return _message(
            user=user,
            template="notifications/email/digest",
            context={"digest": digest, "home_url": absolute(reverse("core:dashboard"))},
            unsubscribe_kind=None,
        )
