from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.circles.services.nudges import MESSAGE_MAX


class NudgeForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
