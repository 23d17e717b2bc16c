"""Forms of expert time: the expert's week, the member's question, moving, rating."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from salon.core.forms import Form
from salon.core.safe_urls import SafeURLFormField
from salon.events.office_hours.models import SlotLength, Weekday
from salon.events.office_hours.slots import Window

DAYS = [(int(value), label) for value, label in Weekday.choices]


class OfficeHoursForm(Form):
    """An expert's week: for each day, an optional stretch of time (in their own zone)."""

    about = forms.CharField(
        label=_("What you can help with"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competencies: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Competencies"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Questions in the forum on these reach you."),
    )
    slot_minutes = forms.TypedChoiceField(
        label=_("Length of a session"), choices=SlotLength.choices, coerce=int, initial=30
    )
    weeks_ahead = forms.IntegerField(
        label=_("Weeks open for booking"), min_value=1, max_value=12, initial=4
    )
    join_url = SafeURLFormField(
        label=_("Video link"),
        required=False,
        max_length=500,
        help_text=_("Your meeting room: it goes into every invitation."),
    )

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = community.competencies.filter(  # type: ignore[attr-defined]
            retired_at__isnull=True
        )
        for day, label in DAYS:
            self.fields[f"day{day}_start"] = forms.TimeField(
                label=_("%(day)s from") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"day{day}_end"] = forms.TimeField(
                label=_("%(day)s until") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )

    def day_fields(self) -> list[tuple[Any, Any, Any]]:
        return [(label, self[f"day{day}_start"], self[f"day{day}_end"]) for day, label in DAYS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        windows = []
        for day, label in DAYS:
            start: time | None = data.get(f"day{day}_start")
            end: time | None = data.get(f"day{day}_end")
            if start is None and end is None:
                continue
            if start is None or end is None:
                raise forms.ValidationError(
                    _("Give %(day)s both a start and an end, or neither.") % {"day": label}
                )
            windows.append(Window(day, start, end))
        data["windows"] = tuple(windows)
        return data


class BookingForm(Form):
    question = forms.CharField(
        label=_("What would you like to ask?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences, so the expert can prepare. Only they will read it."),
    )


class RescheduleForm(Form):
    slot = forms.TypedChoiceField(label=_("New time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: Any, slots: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [  # type: ignore[attr-defined]
            (
                slot.pk,
                date_format(timezone.localtime(slot.starts_at), "WEEKDAY_DAY_MONTH_TIME")
                + "–"
                + date_format(timezone.localtime(slot.ends_at), "H:i"),
            )
            for slot in slots
        ]


class RatingForm(Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the session?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful"),
    )
    note = forms.CharField(
        label=_("A note for yourself"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you took away. Only you see it."),
    )


class RulesForm(Form):
    max_upcoming = forms.IntegerField(
        label=_("Upcoming sessions a member may hold at once"), min_value=1, max_value=20
    )
    min_notice_hours = forms.IntegerField(
        label=_("Hours of notice before a session"),
        min_value=0,
        max_value=168,
        help_text=_("Members cannot book a time that starts sooner than this."),
    )
