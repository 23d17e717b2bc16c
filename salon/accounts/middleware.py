from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

# Paths a person may reach before they have told us their time zone.
_EXEMPT_PREFIXES = (
    "/accounts/",
    "/api/",
    "/static/",
    "/media/",
    "/files/",
    "/healthz",
    "/readyz",
    "/admin/",
)


class TimezoneOnboardingMiddleware:
    """At first sign-in, ask for the time zone (the page guesses it from the browser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not getattr(user, "timezone_confirmed", True)
            and request.method == "GET"
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and not getattr(request, "htmx", False)
        ):
            welcome = reverse("accounts:welcome")
            if request.path != welcome:
                return HttpResponseRedirect(
                    f"{welcome}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)
