"""Writes to accounts: creating people, editing profiles, tokens, export and deletion."""

from __future__ import annotations

import importlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from salon.accounts.models import ApiToken, User, hash_token
from salon.accounts.sockets import close_sockets
from salon.core.audit import audit
from salon.sso.guard import check_password_allowed

TOKEN_PREFIX = "salon_"


@transaction.atomic
def account_create(*, email: str, name: str, password: str, timezone_name: str = "UTC") -> User:
    """Create a person who chose their password and time zone on a signup form. Never for
    an address that must sign in through the organisation's identity provider."""
    check_password_allowed(email, what="make an account with a password", request=None)
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        timezone=timezone_name,
        timezone_confirmed=True,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    audit("accounts.account.created", actor=user, target=user)
    return user


PROFILE_FIELDS = (
    "name",
    "title",
    "organisation",
    "organisation_unit",
    "manager",
    "function",
    "industry",
    "region",
    "country",
    "timezone",
    "language",
    "work_start",
    "work_end",
    "bio",
    "interests",
)


@transaction.atomic
def profile_update(*, user: User, **changes: Any) -> User:
    languages = changes.pop("languages", None)
    unknown = set(changes) - {*PROFILE_FIELDS, "photo"}
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        setattr(user, name, value)
    if "timezone" in changes:
        user.timezone_confirmed = True
        changes["timezone_confirmed"] = True
    if changes:
        user.save(update_fields=list(changes))
    if languages is not None:
        user.languages.set(languages)
    return user


@transaction.atomic
def timezone_confirm(*, user: User, timezone_name: str) -> User:
    user.timezone = timezone_name
    user.timezone_confirmed = True
    user.save(update_fields=["timezone", "timezone_confirmed"])
    return user


TOKEN_EXPIRY_DAYS = (30, 90, 365)
TOKEN_DEFAULT_EXPIRY_DAYS = 90


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = TOKEN_DEFAULT_EXPIRY_DAYS
) -> tuple[ApiToken, str]:
    """Return the token and its secret, which is shown once and never stored. It expires
    after ``expires_in_days`` (one of TOKEN_EXPIRY_DAYS), or never with None."""
    if expires_in_days is not None and expires_in_days not in TOKEN_EXPIRY_DAYS:
        raise ValueError(f"A token expires in {TOKEN_EXPIRY_DAYS} days or never.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = (
        timezone.now() + timedelta(days=expires_in_days) if expires_in_days is not None else None
    )
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=raw[:12],
        token_hash=hash_token(raw),
        expires_at=expires_at,
    )
    audit(
        "accounts.api_token.created",
        actor=user,
        target=token,
        expires_at=expires_at.isoformat() if expires_at else "never",
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk or token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit("accounts.api_token.revoked", actor=user, target=token)


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Stop every token of the person at once (a password change or reset, a deactivation):
    a token taken with the old password must not outlive it."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=timezone.now())
    for token in tokens:
        # Who made the change is not known here (the person, staff in the admin, a script).
        audit("accounts.api_token.revoked", target=token, user=user.email, reason=reason)
    return len(tokens)


@transaction.atomic
def account_deactivated(*, user: User) -> None:
    """What follows an account being switched off, however it was (the admin, provisioning,
    an erasure): its API tokens stop and its open pages stop receiving anything."""
    api_tokens_revoke_all(user=user, reason="account deactivated")
    audit("accounts.account.deactivated", target=user, user=user.email)
    close_sockets(user.pk)


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything Salon holds about a person, as JSON-ready data."""
    from salon.communities.models import CircleMembership, Invitation, JoinRequest, Membership

    audit("accounts.data.exported", actor=user, target=user)
    user = User.objects.select_related("manager").get(pk=user.pk)  # as stored, not as passed
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "name": user.name,
            "title": user.title,
            "organisation": user.organisation,
            "organisation_unit": user.organisation_unit,
            # Their name only: their email address is theirs to give, not the member's.
            "manager": user.manager.name if user.manager else None,
            "function": user.function,
            "industry": user.industry,
            "region": user.region,
            "country": user.country,
            "timezone": user.timezone,
            "languages": [lang.code for lang in user.languages.all()],
            "working_hours": [user.work_start.isoformat(), user.work_end.isoformat()]
            if user.work_start and user.work_end
            else None,
            "bio": user.bio,
            "interests": user.interests,
            "date_joined": user.date_joined.isoformat(),
            "photo": user.photo.url if user.photo else None,
        },
        "memberships": [
            {"community": m.community.slug, "role": m.role, "joined_at": m.joined_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("community")
        ],
        "circles": [
            {"community": cm.circle.community.slug, "circle": cm.circle.slug, "lead": cm.is_lead}
            for cm in CircleMembership.objects.filter(user=user).select_related("circle__community")
        ],
        "invitations_received": [
            {"community": i.community.slug, "role": i.role, "created_at": i.created_at.isoformat()}
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("community")
        ],
        "join_requests": [
            {"community": j.community.slug, "status": j.status, "message": j.message}
            for j in JoinRequest.objects.filter(user=user).select_related("community")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at.isoformat(),
                "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in user.api_tokens.all()
        ],
        **_app_parts(user),
    }


def _app_parts(user: User) -> dict[str, Any]:
    """What each feature app holds about the person: every installed app may have a
    ``personal_data.py`` with ``export(user) -> dict`` (its keys join the export)."""
    parts: dict[str, Any] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("salon."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.personal_data")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.personal_data":
                raise
            continue
        parts.update(module.export(user))
    return parts


# The page promises deletion "within a week": six days leave the person time to change
# their mind, and a day for a late or failed run of the hourly job to still keep the promise.
DELETION_GRACE = timedelta(days=6)


@transaction.atomic
def account_deletion_request(*, user: User) -> None:
    """Record the request; the hourly ``accounts.erase_requested`` job (or
    ``manage.py erase_requested_accounts``) carries it out after the grace period."""
    if user.deletion_requested_at is None:
        user.deletion_requested_at = timezone.now()
        user.save(update_fields=["deletion_requested_at"])
        audit("accounts.deletion.requested", actor=user, target=user)


def accounts_erase_requested(*, requested_before: datetime) -> int:
    """Erase every still-active account whose deletion was asked for before the cut-off.
    Each account is erased in its own transaction, so one failure leaves the others done."""
    due = User.objects.filter(deletion_requested_at__lte=requested_before, is_active=True)
    count = 0
    for user in due.iterator():
        account_erase(user=user)
        count += 1
    return count


@transaction.atomic
def account_erase(*, user: User, actor: User | None = None) -> None:
    """Carry out a deletion: remove personal data and access, keep an anonymous shell.

    The row stays (as "Former member") so that threads and reports that point at it stay
    readable; everything that identifies the person goes.
    """
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    from salon.communities.models import CircleMembership, JoinRequest, Membership
    from salon.notifications.models import Notification

    label = user.email
    if user.photo:
        user.photo.delete(save=False)
    Membership.objects.filter(user=user).delete()
    CircleMembership.objects.filter(user=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    ApiToken.objects.filter(user=user).delete()
    user.blocks.all().delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in UserSession.objects.filter(user=user):
        session.end()
    User.objects.filter(manager=user).update(manager=None)
    user.languages.clear()
    for name in (
        "title",
        "organisation",
        "organisation_unit",
        "industry",
        "country",
        "bio",
        "function",
        "region",
    ):
        setattr(user, name, "")
    user.name = "Former member"
    user.email = f"erased-{user.pk}@erased.invalid"
    user.interests = []
    user.manager = None
    user.photo = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit("accounts.account.erased", actor=actor, target=user, actor_label="", email=label)
