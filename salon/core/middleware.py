from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable

from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation


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


class MemberLanguageMiddleware:
    """A signed-in member reads Salon in the language they chose in their settings, on every
    page. Django's LocaleMiddleware (before this one) has already chosen one for everyone
    else: the language cookie the switcher sets, then the browser's Accept-Language. It also
    writes ``Content-Language`` from the language active when the response leaves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        if chosen and chosen in dict(settings.LANGUAGES):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class OncePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware builds the policy from the settings on every response, and
    then builds the report-only one too, though Salon sets none: about 0.1 ms a request.
    The plain policy (no nonce asked for, no per-view change) is built once per settings
    object and reused; anything else goes the library's way."""

    _built_for: object = None
    _built: str = ""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        plain = (
            policy
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not isinstance(getattr(request, "_csp_nonce", None), str)
            and not any(
                getattr(response, name, None)
                for name in ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
            )
            and not (settings.DEBUG and response.status_code in (404, 500))
        )
        if not plain:
            return super().process_response(request, response)
        if self._built_for is not policy:
            self._built = build_policy()
            self._built_for = policy
        prefixes = tuple((policy or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
        if "Content-Security-Policy" not in response and not (
            prefixes and request.path_info.startswith(prefixes)
        ):
            response["Content-Security-Policy"] = self._built
        if getattr(request, "_csp_nonce", None) is None:
            # As the library does: a nonce asked for after the header is written is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
