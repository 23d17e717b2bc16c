"""Single sign-on, set up in the app by the organisation's IT administrators.

An ``IdentityProvider`` is the organisation's identity provider as Salon knows it: how to
reach it (an OpenID Connect issuer, client id and secret; or a SAML 2.0 entity id, sign-in
address and signing certificates, read from its metadata), which email domains it vouches
for, whether those domains may still sign in with a password, and which of its claims
carry a person's name, title, department, region, manager and language (claims for OpenID
Connect, attributes for SAML: the same fields).

``SignInPolicy`` is the organisation's one set of sign-in rules (a single row).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salon.core.safe_urls import SafeURLField


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


# Where each profile field comes from, and the claim name most identity providers use.
CLAIM_FIELDS: dict[str, str] = {
    "claim_name": "name",
    "claim_title": "job_title",
    "claim_department": "department",
    "claim_region": "region",
    "claim_manager": "manager_email",
    "claim_locale": "locale",
}


class IdentityProvider(models.Model):
    name = models.CharField(
        _("name on the sign-in button"),
        max_length=80,
        help_text=_("People see “Sign in with …” followed by this, e.g. “Acme”."),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        help_text=_("Part of the sign-in addresses; lower case letters, digits and dashes."),
    )
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol.choices, default=Protocol.OIDC
    )
    issuer = SafeURLField(
        _("issuer"),
        max_length=500,
        blank=True,
        help_text=_(
            "OpenID Connect: the identity provider's address; Salon reads its settings from "
            "/.well-known/openid-configuration under it."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    saml_metadata_url = SafeURLField(
        _("metadata URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "SAML: the identity provider's federation metadata address. Salon reads the "
            "entity ID, sign-in address and certificates from it each time you save."
        ),
    )
    saml_entity_id = models.CharField(_("IdP entity ID"), max_length=500, blank=True)
    saml_sso_url = SafeURLField(_("IdP sign-in URL"), max_length=500, blank=True)
    saml_slo_url = SafeURLField(
        _("IdP sign-out URL"),
        max_length=500,
        blank=True,
        help_text=_("Its single logout service; empty if it has none."),
    )
    saml_certificate = models.TextField(
        _("signing certificate"),
        blank=True,
        help_text=_("The identity provider's X.509 signing certificate (PEM or base64)."),
    )
    saml_next_certificate = models.TextField(
        _("next signing certificate"),
        blank=True,
        help_text=_(
            "During a certificate rollover: the certificate the provider will sign with next. "
            "Answers signed with either are accepted; clear it once the rollover is done."
        ),
    )
    single_logout = models.BooleanField(
        _("sign out of the identity provider too"),
        default=False,
        help_text=_(
            "Signing out of Salon also ends the session at the identity provider (SAML single "
            "logout, or OpenID Connect's end_session_endpoint when the provider offers it)."
        ),
    )
    domains = models.TextField(
        _("email domains"),
        help_text=_(
            "One per line, e.g. acme.com. Only addresses in these domains may sign in "
            "through this provider."
        ),
    )
    sso_only = models.BooleanField(
        _("single sign-on only"),
        default=False,
        help_text=_(
            "People with an address in these domains cannot sign in, sign up or reset a "
            "password with a password: they sign in here."
        ),
    )
    is_active = models.BooleanField(_("switched on"), default=True)
    claim_name = models.CharField(_("name claim"), max_length=100, blank=True, default="name")
    claim_title = models.CharField(
        _("job title claim"), max_length=100, blank=True, default="job_title"
    )
    claim_department = models.CharField(
        _("department claim"), max_length=100, blank=True, default="department"
    )
    claim_region = models.CharField(_("region claim"), max_length=100, blank=True, default="region")
    claim_manager = models.CharField(
        _("manager claim"),
        max_length=100,
        blank=True,
        default="manager_email",
        help_text=_("The manager's email address."),
    )
    claim_locale = models.CharField(
        _("language claim"), max_length=100, blank=True, default="locale"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def login_url(self) -> str:
        """Where "Sign in with …" posts to."""
        if self.protocol == Protocol.SAML:
            return reverse("saml_login", kwargs={"organization_slug": self.slug})
        return reverse("openid_connect_login", kwargs={"provider_id": self.slug})

    @property
    def sign_in_address(self) -> str:
        """Where "Sign in with …" leads the browser."""
        return self.saml_sso_url if self.protocol == Protocol.SAML else self.issuer

    @property
    def domain_list(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.domains.split() if d.strip()]

    def claim_map(self) -> dict[str, str]:
        """Profile field (``name``, ``title``…) → the claim it comes from, when set."""
        return {
            field.removeprefix("claim_"): getattr(self, field)
            for field in CLAIM_FIELDS
            if getattr(self, field)
        }


class SignInPolicy(models.Model):
    """The organisation's sign-in rules: one row, made when first saved."""

    require_mfa = models.BooleanField(
        _("require two-step sign-in for password accounts"),
        default=False,
        help_text=_(
            "People who sign in with a password must add an authenticator app or a passkey "
            "before they can use Salon. Single sign-on leaves this to the identity provider."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Sign-in policy"


class SsoProfile(models.Model):
    """What an identity provider last said about a person that Salon has no field for yet
    (their language), and when it last said anything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_profile"
    )
    provider = models.ForeignKey(IdentityProvider, null=True, on_delete=models.SET_NULL)
    locale = models.CharField(max_length=35, blank=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"SSO profile of {self.user_id}"
