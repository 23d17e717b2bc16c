from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class IdleSessionMiddleware:
    """End a signed-in session after SALON_SESSION_IDLE_SECONDS without a request.

    The time of the last request is kept in the session, but only rewritten once
    RESOLUTION seconds have passed since the one recorded: a page read within that
    interval saves nothing (the session's cache and database rows stay as they are). A
    session may therefore end up to RESOLUTION seconds before the idle limit is reached,
    never after. Sign-in records the time (``mark_seen``), so the first page does not
    write either.
    """

    KEY = "_salon_last_seen"
    # Five minutes against a 24-hour limit: one session write per active person per five
    # minutes instead of one per page (issue #13).
    RESOLUTION = 300

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > settings.SALON_SESSION_IDLE_SECONDS:
                logout(request)
            elif last_seen is None or now - last_seen >= self.RESOLUTION:
                request.session[self.KEY] = now
        return self.get_response(request)

    @classmethod
    def mark_seen(cls, session: SessionBase) -> None:
        """Record now as the session's last request (at sign-in)."""
        session[cls.KEY] = int(time.time())


class TimezoneMiddleware:
    """Show every time in the viewer's own zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tz_name = getattr(request.user, "timezone", None) if request.user.is_authenticated else None
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
