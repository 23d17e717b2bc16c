from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.notifications.registry import Delivery, Kind, all_kinds


class PreferencesForm(forms.Form):
    """One choice per registered kind, and the switch that stops all email."""

    email_off = forms.BooleanField(
        label=_("Send me no email at all"),
        required=False,
        help_text=_("Notifications still appear in Salon; nothing reaches your inbox."),
    )

    def __init__(
        self, *args: Any, deliveries: dict[str, Delivery], email_off: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email_off"].initial = email_off
        self.kinds: list[Kind] = all_kinds()
        for kind in self.kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label),
                choices=[(d.value, d.label) for d in kind.deliveries],
                initial=deliveries.get(kind.key, kind.default),
                widget=forms.RadioSelect,
            )

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[kind.key] for kind in self.kinds]

    def deliveries(self) -> dict[str, str]:
        return {kind.key: self.cleaned_data[kind.key] for kind in self.kinds}
