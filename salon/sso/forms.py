from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from salon.sso import saml
from salon.sso.models import IdentityProvider, Protocol
from salon.sso.services import PROVIDER_FIELDS

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class IdentityProviderForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    saml_metadata_xml = forms.CharField(
        label=_("Metadata XML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "SAML, instead of a metadata URL: paste the identity provider's metadata file; "
            "Salon reads the entity ID, sign-in address and certificates from it."
        ),
    )

    class Meta:
        model = IdentityProvider
        fields = list(PROVIDER_FIELDS)
        widgets = {
            "domains": forms.Textarea(attrs={"rows": 3}),
            "saml_certificate": forms.Textarea(attrs={"rows": 4}),
            "saml_next_certificate": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["client_secret"].help_text = _("Leave empty to keep the one saved.")

    def provider_fields(self) -> dict[str, Any]:
        """What the services take (the pasted metadata has been read into fields)."""
        return {name: self.cleaned_data[name] for name in PROVIDER_FIELDS}

    def clean_issuer(self) -> str:
        issuer = str(self.cleaned_data["issuer"]).rstrip("/")
        if issuer and settings.PRODUCTION and not issuer.startswith("https://"):
            raise forms.ValidationError(_("The issuer must start with https://."))
        return issuer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("protocol") == Protocol.SAML:
            self._clean_saml(data)
        else:
            required = ["issuer", "client_id"] + ([] if self.instance.pk else ["client_secret"])
            for name in required:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("OpenID Connect needs this."))
        return data

    def _clean_saml(self, data: dict[str, Any]) -> None:
        url, xml = data.get("saml_metadata_url"), data.get("saml_metadata_xml")
        if url or xml:
            try:
                data.update(saml.read_metadata(url=str(url or ""), xml=str(xml or "")))
            except saml.MetadataError as e:
                self.add_error("saml_metadata_url" if url else "saml_metadata_xml", str(e))
                return
        for name in ("saml_entity_id", "saml_sso_url", "saml_certificate"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Give the metadata URL or XML, or fill this in by hand."))
        for name in ("saml_certificate", "saml_next_certificate"):
            cert = str(data.get(name) or "").strip()
            data[name] = cert
            error = saml.certificate_error(cert) if cert else None
            if error:
                self.add_error(name, error)

    def clean_domains(self) -> str:
        domains = [
            d.strip().lower().lstrip("@")
            for d in str(self.cleaned_data["domains"]).replace(",", " ").split()
        ]
        wrong = [d for d in domains if not DOMAIN.match(d)]
        if wrong:
            raise forms.ValidationError(
                _("These are not email domains: %(wrong)s") % {"wrong": ", ".join(wrong)}
            )
        if not domains:
            raise forms.ValidationError(_("Give at least one email domain, e.g. acme.com."))
        taken = (
            IdentityProvider.objects.exclude(pk=self.instance.pk)
            .filter(is_active=True)
            .values_list("name", "domains")
        )
        for name, other in taken:
            clash = set(domains) & {d.strip().lower() for d in other.split()}
            if clash:
                raise forms.ValidationError(
                    _("%(domains)s already signs in through %(name)s.")
                    % {"domains": ", ".join(sorted(clash)), "name": name}
                )
        return "\n".join(dict.fromkeys(domains))


class SignInPolicyForm(forms.Form):
    require_mfa = forms.BooleanField(
        label=_("Require two-step sign-in for people who sign in with a password"),
        required=False,
        help_text=_(
            "They add an authenticator app or a passkey at their next sign-in, before "
            "anything else. Single sign-on leaves two-step to your identity provider."
        ),
    )
