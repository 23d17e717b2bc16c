from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.core.safe_urls import SafeURLFormField
from salon.webhooks.catalogue import choices


class EndpointForm(forms.Form):
    url = SafeURLFormField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where your system listens, for example https://hooks.example.com/salon."),
    )
    description = forms.CharField(label=_("What it is for"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Send these events"), choices=choices, widget=forms.CheckboxSelectMultiple
    )
