"""Security-relevant account events go to the audit log, and end what they should: open
WebSockets (``salon.accounts.sockets``) and API tokens."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from salon.accounts import rules  # noqa: F401  (registers profile rules)
from salon.accounts.models import User
from salon.accounts.services import account_deactivated, api_tokens_revoke_all
from salon.accounts.sockets import close_sockets, recheck_sockets
from salon.core.audit import audit
from salon.core.http import client_ip
from salon.core.middleware import IdleSessionMiddleware


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit("accounts.user.logged_in", actor=user, target=user, ip_address=client_ip(request))
    session = getattr(request, "session", None)
    if session is not None:
        # Saved with the sign-in's own session write, so the first page writes nothing.
        IdleSessionMiddleware.mark_seen(session)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit("accounts.user.logged_out", actor=user, target=user, ip_address=client_ip(request))
        session = getattr(request, "session", None)
        # Only this session's sockets: the person may still be signed in elsewhere.
        if session is not None and session.session_key:
            close_sockets(user.pk, session_key=session.session_key)


@receiver(post_delete, sender=UserSession, dispatch_uid="accounts.session_ended")
def _session_ended(sender: Any, instance: UserSession, **kwargs: Any) -> None:
    """A session ended from another device (Sign-in & security), or by an erasure."""
    close_sockets(instance.user_id, session_key=instance.session_key)


@receiver(pre_save, sender=User, dispatch_uid="accounts.user_changing")
def _user_changing(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    # set_password() leaves the new password on the instance until it is saved; a hash
    # upgrade at sign-in (same password) does not.
    instance._salon_password_changed = getattr(instance, "_password", None) is not None  # type: ignore[attr-defined]
    update_fields = kwargs.get("update_fields")
    instance._salon_deactivated = (  # type: ignore[attr-defined]
        not instance.is_active
        and (update_fields is None or "is_active" in update_fields)
        and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User, dispatch_uid="accounts.user_changed")
def _user_changed(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if created:
        return
    if getattr(instance, "_salon_deactivated", False):
        instance._salon_deactivated = False  # type: ignore[attr-defined]
        account_deactivated(user=instance)
    elif getattr(instance, "_salon_password_changed", False):
        instance._salon_password_changed = False  # type: ignore[attr-defined]
        api_tokens_revoke_all(user=instance, reason="password changed")
        # The person's other sessions end with the old password: their sockets check.
        recheck_sockets(instance.pk)


def _membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Someone left, was removed from, or changed role in a community or circle: their
    open topic pages check whether they may still see them."""
    if kwargs.get("created") or kwargs.get("raw"):
        return
    recheck_sockets(instance.user_id)


post_save.connect(
    _membership_changed, sender="communities.Membership", dispatch_uid="accounts.membership_saved"
)
post_delete.connect(
    _membership_changed,
    sender="communities.Membership",
    dispatch_uid="accounts.membership_deleted",
)
post_delete.connect(
    _membership_changed,
    sender="communities.CircleMembership",
    dispatch_uid="accounts.circle_membership_deleted",
)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit("accounts.login.failed", ip_address=client_ip(request), actor_label=email)


@receiver(password_changed)
@receiver(password_reset)
def _password_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit("accounts.password.changed", actor=user, target=user, ip_address=client_ip(request))


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kw: Any) -> None:
    audit(
        "accounts.mfa.added",
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
        "accounts.mfa.removed",
        actor=user,
        target=user,
        ip_address=client_ip(request),
        kind=authenticator.type,
    )
