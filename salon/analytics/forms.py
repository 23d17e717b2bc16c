from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SponsorForm(forms.Form):
    email = forms.EmailField(
        label=_("Sponsor's email"),
        help_text=_("They will see these figures, read-only, and nothing else of the community."),
    )
