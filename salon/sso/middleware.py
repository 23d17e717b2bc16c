from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from salon.sso import selectors
from salon.sso.signals import MFA_REQUIRED
from salon.sso.single_logout import SIGNED_IN_THROUGH

# What a person who must set up two-step sign-in may still reach: the sign-in and two-step
# pages themselves (and signing out), and what the pages load.
_OPEN = ("/accounts/", "/static/", "/healthz", "/readyz", "/metrics", "/favicon.ico")


def _has_authenticator(request: HttpRequest) -> bool:
    """Set up since the flag was raised (only flagged sessions ask): the flag goes."""
    if Authenticator.objects.filter(
        user_id=request.user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists():
        request.session.pop(MFA_REQUIRED, None)
        return True
    return False


class RequireMfaMiddleware:
    """When the organisation requires two-step sign-in and this session signed in with a
    password but has no authenticator yet (``signals``), everything leads to setting one up.
    Only a flag in the session is read: no query on any request but a flagged one's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.session_key  # no session cookie: nothing to read (and no Vary)
            and session.get(MFA_REQUIRED)
            and not request.path.startswith(_OPEN)
            and request.user.is_authenticated
            and not _has_authenticator(request)
        ):
            message = _(
                "Your organisation requires two-step sign-in. Add an authenticator app or a "
                "passkey to continue."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            setup = reverse("mfa_index")
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = setup
                return response
            messages.warning(request, message)
            return HttpResponseRedirect(setup)
        return self.get_response(request)


# Pages whose forms lead to an identity provider: the sign-in page's buttons and the page
# that asks to continue. Their form posts are redirected to the provider's origin.
_SIGN_IN_PAGES = ("/accounts/login/", "/accounts/oidc/", "/accounts/saml/")


class ProviderFormActionMiddleware:
    """The Content-Security-Policy's ``form-action 'self'`` also covers where a form's answer
    redirects, so a browser would stop "Sign in with …" on its way to the provider: on the
    sign-in pages only, the switched-on providers' origins are allowed too. The same goes
    for "Sign out" (on every page) when it leads to the provider's single logout: that
    origin was noted in the session at sign-in, so no page pays a query for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        origins: set[str] = set()
        if request.path.startswith(_SIGN_IN_PAGES):
            origins |= {origin(p.sign_in_address) for p in selectors.active_providers()}
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            origins.add((session.get(SIGNED_IN_THROUGH) or {}).get("origin", ""))
        origins.discard("")
        if origins:
            response._csp_update = {"form-action": sorted(origins)}  # type: ignore[attr-defined]
        return response


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
