"""The organisation's two-step rule, decided when someone signs in: a password sign-in
without an authenticator, while the rule is on, must set one up before anything else
(``RequireMfaMiddleware``). A single sign-on leaves two-step to the identity provider."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from salon.sso import selectors
from salon.sso.single_logout import forget_sign_in

MFA_REQUIRED = "salon_mfa_setup_required"


def signed_in_through_provider(request: HttpRequest, user: Any) -> bool:
    return any(
        r.get("method") == "socialaccount" for r in get_authentication_records(request, user)
    )


def _decide(request: HttpRequest, user: Any) -> None:
    if not hasattr(request, "session"):
        return
    through_provider = signed_in_through_provider(request, user)
    if not through_provider:
        forget_sign_in(request)  # nothing to sign out of at a provider
    needs = (
        not through_provider
        and selectors.sign_in_policy().require_mfa
        and not Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    )
    if needs:
        request.session[MFA_REQUIRED] = True
    else:
        request.session.pop(MFA_REQUIRED, None)


@receiver(user_logged_in, dispatch_uid="sso.mfa_policy_at_sign_in")
def _on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        _decide(request, user)


@receiver(authenticator_added, dispatch_uid="sso.mfa_policy_added")
@receiver(authenticator_removed, dispatch_uid="sso.mfa_policy_removed")
def _on_authenticator_change(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    if request is not None and user is not None and user.is_authenticated:
        _decide(request, user)
