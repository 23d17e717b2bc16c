from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.communities.models import Role


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What uses it"),
        max_length=100,
        help_text=_("For example “Entra ID” or “Okta”."),
    )


class GroupLinkForm(forms.Form):
    target = forms.CharField(label=_("Leads to"), required=False)
    role = forms.ChoiceField(label=_("Role in the community"), choices=Role.choices)
