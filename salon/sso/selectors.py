"""Reads of single sign-on: the providers, and which one an email address belongs to."""

from __future__ import annotations

from django.db.models import QuerySet

from salon.sso.models import IdentityProvider, SignInPolicy, SsoProfile


def provider_list() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.all()


def active_providers() -> list[IdentityProvider]:
    return list(IdentityProvider.objects.filter(is_active=True))


def active_provider(slug: str) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(is_active=True, slug=slug).first()


def email_domain(email: str) -> str:
    return (email or "").rpartition("@")[2].strip().lower()


def sso_only_provider_for(email: str) -> IdentityProvider | None:
    """The switched-on provider that makes this address's domain sign in through it only."""
    domain = email_domain(email)
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(is_active=True, sso_only=True):
        if domain in provider.domain_list:
            return provider
    return None


def sign_in_policy() -> SignInPolicy:
    return SignInPolicy.objects.filter(pk=1).first() or SignInPolicy(pk=1)


def accounts_signed_in_through(provider: IdentityProvider) -> int:
    """How many people last signed in through this provider."""
    return SsoProfile.objects.filter(provider=provider).count()
