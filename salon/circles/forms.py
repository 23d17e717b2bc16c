from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.circles.services.nudges import MESSAGE_MAX
from salon.core.forms import Form


class NudgeForm(Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotesForm(Form):
    text = forms.CharField(
        label=_("Shared notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was discussed and decided. Markdown works: **bold**, lists, links."),
    )
