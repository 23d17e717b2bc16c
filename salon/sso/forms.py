from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from salon.sso.models import IdentityProvider
from salon.sso.services import PROVIDER_FIELDS

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class IdentityProviderForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = IdentityProvider
        fields = list(PROVIDER_FIELDS)
        widgets = {"domains": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["client_secret"].required = False
            self.fields["client_secret"].help_text = _("Leave empty to keep the one saved.")

    def clean_issuer(self) -> str:
        issuer = str(self.cleaned_data["issuer"]).rstrip("/")
        if settings.PRODUCTION and not issuer.startswith("https://"):
            raise forms.ValidationError(_("The issuer must start with https://."))
        return issuer

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
