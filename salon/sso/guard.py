"""SSO-only domains: no password (sign-in, sign-up, reset, new account) for an address whose
domain the organisation signs in through its identity provider.

The refusal is made in three places, so that no door skips it:

- the forms (sign-in, password reset, invitation and open signup) say why, with a link to
  the single sign-on;
- ``SsoOnlyPasswordGuard``, first of the authentication backends, refuses every password
  check for such an address, whoever calls ``authenticate()``;
- ``AccountAdapter.pre_login`` refuses any sign-in that did not come through the identity
  provider (a passkey, a code, a sign-in after a reset).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salon.core.http import client_ip
from salon.sso import selectors, services
from salon.sso.models import IdentityProvider


def sso_login_url(provider: IdentityProvider) -> str:
    return provider.login_url


def refusal(provider: IdentityProvider) -> SafeString:
    """What the person reads: why, and the link that works."""
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Your organisation signs you in through %(provider)s, not with a password here.")
        % {"provider": provider.name},
        sso_login_url(provider),
        _("Sign in with %(provider)s") % {"provider": provider.name},
    )


def check_password_allowed(email: str, *, what: str, request: HttpRequest | None) -> None:
    """Raise a form error (with the link) when ``email`` must use single sign-on; the attempt
    goes to the audit log."""
    provider = selectors.sso_only_provider_for(email)
    if provider is None:
        return
    services.password_sign_in_refused(
        email=email, provider=provider, what=what, ip_address=client_ip(request)
    )
    raise ValidationError(refusal(provider), code="sso_only")


class SsoOnlyPasswordGuard(ModelBackend):
    """First of the authentication backends. It checks no password itself: for an SSO-only
    address it stops the check of every backend after it (``PermissionDenied``), for any
    other it passes (``None``) to them. It reads sessions as Django's own backend does, since
    ``login()`` without a backend (``force_login`` in tests) names the first one."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        email: str | None = None,
        **credentials: Any,
    ) -> None:
        address = email or username or credentials.get("login") or ""
        if password is not None and selectors.sso_only_provider_for(str(address)):
            raise PermissionDenied
        return None
