"""Security-relevant account events go to the audit log."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from salon.accounts import rules  # noqa: F401  (registers profile rules)
from salon.core.audit import audit
from salon.core.http import client_ip


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit("accounts.login", actor=user, target=user, ip_address=client_ip(request))


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit("accounts.logout", actor=user, target=user, ip_address=client_ip(request))


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit("accounts.login_failed", ip_address=client_ip(request), actor_label=email)


@receiver(password_changed)
@receiver(password_reset)
def _password_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit("accounts.password_changed", actor=user, target=user, ip_address=client_ip(request))


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kw: Any) -> None:
    audit(
        "accounts.mfa_added",
        actor=user,
        target=user,
        ip_address=client_ip(request),
        kind=authenticator.type,
    )


@receiver(authenticator_removed)
def _mfa_removed(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kw: Any
) -> None:
    audit(
        "accounts.mfa_removed",
        actor=user,
        target=user,
        ip_address=client_ip(request),
        kind=authenticator.type,
    )
