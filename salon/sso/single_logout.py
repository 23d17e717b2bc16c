"""Single logout: signing out of Salon also ends the session at the identity provider the
person signed in through, when its administrators ask for it (``single_logout``) and the
protocol offers it (SAML's single logout service; OpenID Connect's end_session_endpoint).

At sign-in the session notes the provider and what its logout needs (the SAML NameID and
session index, or the ID token as a hint); at sign-out, allauth asks the account adapter
where to go next, before the session ends, and it answers with the provider's address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from salon.sso import selectors
from salon.sso.models import IdentityProvider, Protocol

SIGNED_IN_THROUGH = "salon_sso_signed_in_through"
# What the protocol's view found out during this sign-in (see ``saml`` and ``oidc``).
LOGOUT_FACTS = "_salon_sso_logout_facts"


def remember_sign_in(request: HttpRequest, provider: IdentityProvider) -> None:
    from salon.sso.middleware import origin

    if not hasattr(request, "session"):
        return
    if not provider.single_logout:
        request.session.pop(SIGNED_IN_THROUGH, None)
        return
    address = provider.saml_slo_url if provider.protocol == Protocol.SAML else provider.issuer
    request.session[SIGNED_IN_THROUGH] = {
        "provider": provider.slug,
        # Signing out is a form post that the provider's page answers: the pages' Content
        # Security Policy must let that form go there (middleware).
        "origin": origin(address) if address else "",
        **getattr(request, LOGOUT_FACTS, {}),
    }


def forget_sign_in(request: HttpRequest) -> None:
    if hasattr(request, "session"):
        request.session.pop(SIGNED_IN_THROUGH, None)


def single_logout_url(request: HttpRequest) -> str | None:
    """Where signing out sends the person to end their session at the identity provider,
    or None (signed in with a password, single logout off, or nothing to call)."""
    signed_in: dict[str, Any] | None = getattr(request, "session", {}).get(SIGNED_IN_THROUGH)
    if not signed_in:
        return None
    provider = selectors.active_provider(signed_in.get("provider", ""))
    if provider is None or not provider.single_logout:
        return None
    if provider.protocol == Protocol.SAML:
        from salon.sso import saml

        return saml.logout_url(request, signed_in)
    from salon.sso import oidc

    return oidc.logout_url(request, signed_in, provider)
