"""Every write of single sign-on.

An administrator's writes (providers, the sign-in policy) ask the policy. What a provider
says about a person at sign-in (``sso_account_sync``) has no person to ask: the provider's
signed answer, checked by allauth, is the permission, as the directory's token is for SCIM.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from salon.accounts.models import User
from salon.core.audit import audit
from salon.core.permissions import require
from salon.sso.mapping import USER_FIELDS, profile_from_claims
from salon.sso.models import IdentityProvider, SignInPolicy, SsoProfile

# Fields an administrator sets on a provider (the form's, in the same order).
PROVIDER_FIELDS = (
    "name",
    "slug",
    "protocol",
    "issuer",
    "client_id",
    "client_secret",
    "saml_metadata_url",
    "saml_entity_id",
    "saml_sso_url",
    "saml_slo_url",
    "saml_certificate",
    "saml_next_certificate",
    "domains",
    "sso_only",
    "is_active",
    "single_logout",
    "claim_name",
    "claim_title",
    "claim_department",
    "claim_region",
    "claim_manager",
    "claim_locale",
)


@transaction.atomic
def provider_create(*, actor: Any, **fields: Any) -> IdentityProvider:
    require(actor, "sso.manage")
    provider = IdentityProvider.objects.create(**_known(fields))
    audit("sso.provider.created", actor=actor, target=provider, **_described(provider))
    return provider


@transaction.atomic
def provider_update(*, actor: Any, provider: IdentityProvider, **fields: Any) -> IdentityProvider:
    require(actor, "sso.manage")
    changes = _known(fields)
    if not changes.get("client_secret"):
        changes.pop("client_secret", None)  # left empty on the form: keep the one we have
    changed = sorted(name for name, value in changes.items() if getattr(provider, name) != value)
    for name, value in changes.items():
        setattr(provider, name, value)
    provider.save()
    if changed:
        audit(
            "sso.provider.updated",
            actor=actor,
            target=provider,
            changed=", ".join(changed),
            **_described(provider),
        )
    return provider


@transaction.atomic
def provider_delete(*, actor: Any, provider: IdentityProvider) -> None:
    """The provider goes; the accounts it made stay (they sign in again through a provider
    set up later with the same short name, or with a password where that is allowed)."""
    require(actor, "sso.manage")
    audit("sso.provider.deleted", actor=actor, target=provider, **_described(provider))
    provider.delete()


def _known(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROVIDER_FIELDS)
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))}.")
    return dict(fields)


def _described(provider: IdentityProvider) -> dict[str, Any]:
    return {
        "protocol": provider.protocol,
        "issuer": provider.issuer or provider.saml_entity_id,
        "domains": ", ".join(provider.domain_list),
        "sso_only": provider.sso_only,
        "switched_on": provider.is_active,
    }


@transaction.atomic
def policy_update(*, actor: Any, require_mfa: bool) -> SignInPolicy:
    require(actor, "sso.manage")
    policy, _created = SignInPolicy.objects.select_for_update().get_or_create(pk=1)
    if policy.require_mfa != require_mfa:
        policy.require_mfa = require_mfa
        policy.updated_by = actor
        policy.save()
        audit("sso.policy.updated", actor=actor, target=policy, require_mfa=require_mfa)
    return policy


@transaction.atomic
def sso_account_sync(
    *,
    user: User,
    provider: IdentityProvider,
    claims: dict[str, Any],
    created: bool,
    ip_address: str | None = None,
) -> list[str]:
    """Bring the person's profile in line with what the provider says now; the names of
    the fields that changed. A claim the provider did not send changes nothing."""
    profile = profile_from_claims(claims, provider.claim_map())
    changed: list[str] = []
    for key, field in USER_FIELDS.items():
        if key in profile and getattr(user, field) != profile[key]:
            setattr(user, field, profile[key])
            changed.append(field)
    if "region" in profile and user.region != profile["region"]:
        user.region = profile["region"]
        changed.append("region")
    if "manager" in profile:
        manager = User.objects.filter(email__iexact=profile["manager"]).exclude(pk=user.pk).first()
        if manager is not None and user.manager_id != manager.pk:
            user.manager = manager
            changed.append("manager")
    language = _offered_language(profile.get("locale", ""))
    if language and user.language != language:
        user.language = language
        changed.append("language")
    if changed:
        user.save(update_fields=changed)
    sso, _new = SsoProfile.objects.get_or_create(user=user)
    sso.provider = provider
    sso.last_sign_in_at = timezone.now()
    if "locale" in profile and sso.locale != profile["locale"]:
        sso.locale = profile["locale"]
        changed.append("locale")
    sso.save()
    if created:
        audit(
            "sso.account.created",
            actor=user,
            target=user,
            provider=provider.name,
            ip_address=ip_address,
        )
    elif changed:
        audit(
            "sso.account.updated",
            actor=user,
            target=user,
            provider=provider.name,
            changed=", ".join(changed),
            ip_address=ip_address,
        )
    return changed


def _offered_language(locale: str) -> str:
    """The interface language Salon offers for a locale such as ``de-DE``, or ""."""
    offered = {code for code, _name in settings.LANGUAGES}
    for candidate in (locale.lower(), locale.lower().split("-")[0]):
        if candidate in offered:
            return candidate
    return ""


def sso_sign_in_failed(
    *, provider_name: str, reason: str, ip_address: str | None, **details: Any
) -> None:
    """A sign-in through a provider that did not succeed, with what went wrong."""
    facts: dict[str, Any] = {key: str(value)[:500] for key, value in details.items() if value}
    facts["actor_label"] = facts.pop("email", "")
    audit(
        "sso.sign_in.failed",
        provider=provider_name,
        reason=reason[:500],
        ip_address=ip_address,
        **facts,
    )


def password_sign_in_refused(
    *, email: str, provider: IdentityProvider, what: str, ip_address: str | None
) -> None:
    """A password sign-in, sign-up or reset refused because the domain uses single sign-on."""
    audit(
        "sso.password_sign_in.refused",
        actor_label=email[:254],
        provider=provider.name,
        attempted=what,
        ip_address=ip_address,
    )
