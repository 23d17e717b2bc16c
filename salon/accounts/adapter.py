from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from salon.core.http import client_ip
from salon.sso.guard import refusal
from salon.sso.selectors import sso_only_provider_for
from salon.sso.services import password_sign_in_refused
from salon.sso.single_logout import single_logout_url


class AccountAdapter(DefaultAccountAdapter):
    """Signup happens through an invitation or a community's open self-signup page,
    never through the bare allauth signup form."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """No sign-in but through the identity provider for an SSO-only address: not a
        passkey, a code or a sign-in after a password reset (salon/sso/guard.py)."""
        response = super().pre_login(request, user, **kwargs)
        if response is not None:
            return response
        if "sociallogin" in (kwargs.get("signal_kwargs") or {}):
            return None
        provider = sso_only_provider_for(user.email)
        if provider is None:
            return None
        clear_login(request)
        password_sign_in_refused(
            email=user.email, provider=provider, what="sign in", ip_address=client_ip(request)
        )
        messages.error(request, refusal(provider))
        return redirect("account_login")

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        # Asked before the session ends: the identity provider's sign-out, when single
        # logout is on for the provider this session signed in through (salon/sso).
        return single_logout_url(request) or str(super().get_logout_redirect_url(request))

    def get_client_ip(self, request: HttpRequest) -> str:
        # Sign-in throttles count the same address as every other limit (behind the proxy).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address")
        return address
