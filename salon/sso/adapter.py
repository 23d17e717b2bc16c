"""allauth's hooks for single sign-on: the providers come from the administrators' settings
(not from files), new people get an account at once, and every sign-in brings the profile
in line with what the identity provider says."""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.http import HttpRequest
from django.shortcuts import render

from salon.core.http import client_ip
from salon.sso import saml, selectors, services
from salon.sso.models import IdentityProvider, Protocol
from salon.sso.oidc import OIDC
from salon.sso.single_logout import remember_sign_in


def social_app(provider: IdentityProvider) -> SocialApp:
    """The provider as allauth's (unsaved) app."""
    if provider.protocol == Protocol.SAML:
        return SocialApp(
            provider=saml.SAML,
            provider_id=provider.slug,
            name=provider.name,
            client_id=provider.slug,
            settings=saml.app_settings(provider),
        )
    return SocialApp(
        provider=OIDC,
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={
            "server_url": provider.issuer,
            "oauth_pkce_enabled": True,
            # The provider vouches for the addresses of its own domains, and only those.
            "verified_email": provider.domain_list,
            "email_authentication": True,
        },
    )


def _claims(sociallogin: SocialLogin, idp: IdentityProvider) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    if idp.protocol == Protocol.SAML:
        return dict(data)  # attribute name -> its values
    claims = dict(data.get("id_token") or {})
    claims.update(data.get("userinfo") or {})
    return claims


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        apps = [social_app(idp) for idp in selectors.active_providers()]
        return [
            app
            for app in apps
            if provider in (None, app.provider, app.provider_id)
            and client_id in (None, app.client_id)
        ]

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Whoever the organisation's identity provider signs in gets an account.
        return True

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        user.name = (data.get("name") or "").strip()[:150] or user.email.split("@")[0]
        user.timezone_confirmed = False
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        idp = selectors.active_provider(sociallogin.account.provider)
        email = (sociallogin.user.email or "").lower() if sociallogin.user else ""
        if idp is None:
            self._refuse(request, None, email, "The identity provider is switched off.")
            return
        if not email or selectors.email_domain(email) not in idp.domain_list:
            self._refuse(
                request,
                idp,
                email,
                "The identity provider sent an address outside its email domains.",
            )
        remember_sign_in(request, idp)
        if sociallogin.is_existing:
            assert sociallogin.user is not None
            services.sso_account_sync(
                user=sociallogin.user,
                provider=idp,
                claims=_claims(sociallogin, idp),
                created=False,
                ip_address=client_ip(request),
            )

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        idp = selectors.active_provider(sociallogin.account.provider)
        if idp is not None:
            services.sso_account_sync(
                user=user,
                provider=idp,
                claims=_claims(sociallogin, idp),
                created=True,
                ip_address=client_ip(request),
            )
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        app = getattr(provider, "app", None)
        saml_reason = (extra_context or {}).get("saml_last_error_reason", "")
        services.sso_sign_in_failed(
            provider_name=getattr(app, "name", "") or getattr(provider, "id", ""),
            reason=str(saml_reason or error or "unknown"),
            ip_address=client_ip(request),
            detail=f"{type(exception).__name__}: {exception}" if exception else "",
            error=request.GET.get("error", ""),
            error_description=request.GET.get("error_description", ""),
            saml_errors=", ".join((extra_context or {}).get("saml_errors", [])),
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "socialaccount/authentication_error.html",
                {"provider_name": getattr(app, "name", "")},
                status=401,
            )
        )

    def _refuse(
        self, request: HttpRequest, idp: IdentityProvider | None, email: str, reason: str
    ) -> None:
        services.sso_sign_in_failed(
            provider_name=idp.name if idp else "",
            reason=reason,
            ip_address=client_ip(request),
            email=email,
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "socialaccount/authentication_error.html",
                {"provider_name": idp.name if idp else "", "outside_domains": True},
                status=403,
            )
        )
