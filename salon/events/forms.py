from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from salon.accounts.forms import TimezoneSelect
from salon.accounts.models import TIMEZONE_CHOICES
from salon.communities.models import Circle
from salon.core.forms import Form
from salon.core.safe_urls import SafeURLFormField
from salon.events.models import Applied, EventFormat, Frequency, Mode

REPEAT_CHOICES = [("", _("Does not repeat")), *Frequency.choices]


class EventForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ModelChoiceField(
        label=_("Format"), queryset=EventFormat.objects.all(), empty_label=None
    )
    circle = forms.ModelChoiceField(
        label=_("For"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    timezone = forms.ChoiceField(
        label=_("Time zone it is planned in"),
        choices=TIMEZONE_CHOICES,
        help_text=_("Everyone sees the time in their own zone as well."),
    )
    duration = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=3 * 24 * 60, initial=60
    )
    mode = forms.ChoiceField(label=_("Where"), choices=Mode.choices, initial=Mode.ONLINE)
    join_url = SafeURLFormField(
        label=_("Video link"),
        required=False,
        help_text=_("Leave empty for a fresh video room."),
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=300)
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, min_value=1, help_text=_("Empty for no limit.")
    )
    description = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("Markdown is fine."),
    )
    repeat = forms.ChoiceField(label=_("Repeats"), choices=REPEAT_CHOICES, required=False)
    interval = forms.IntegerField(
        label=_("Every how many"),
        min_value=1,
        max_value=52,
        initial=1,
        required=False,
        help_text=_("2 with “every week” means every other week."),
    )
    count = forms.IntegerField(
        label=_("How many times"), min_value=1, max_value=104, required=False
    )
    until = forms.DateField(
        label=_("…or until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        circle: Any = self.fields["circle"]
        circle.queryset = Circle.objects.filter(community=community, archived_at__isnull=True)
        if not settings.SALON_VIDEO_HOST:
            self.fields["join_url"].help_text = _(
                "Online and hybrid sessions need the link of your video meeting."
            )
        self.fields["timezone"].initial = user.timezone
        self.fields["timezone"].widget = (
            TimezoneSelect() if user.timezone == "UTC" else forms.Select(choices=TIMEZONE_CHOICES)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") in {Mode.IN_PERSON, Mode.HYBRID} and not data.get("venue"):
            self.add_error("venue", _("Say where people meet."))
        if data.get("repeat") and not (data.get("count") or data.get("until")):
            self.add_error("count", _("Say how many times, or until when."))
        if data.get("until") and data.get("date") and data["until"] < data["date"]:
            self.add_error("until", _("The series must end after it starts."))
        return data

    @property
    def duration_delta(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["duration"])


class CheckInForm(Form):
    code = forms.CharField(label=_("Check-in code"), max_length=12)


SCOPE_CHOICES = [
    ("this", _("Only this session")),
    ("following", _("This and all following sessions")),
]


class CancelForm(Form):
    scope = forms.ChoiceField(
        label=_("Cancel"), choices=SCOPE_CHOICES, initial="this", widget=forms.RadioSelect
    )


class FeedbackForm(Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful"),
    )
    will_apply = forms.CharField(
        label=_("What will you apply?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EventEditForm(EventForm):
    """Change a planned event; for a series, this session only or it and the following."""

    recording_url = SafeURLFormField(label=_("Recording link"), required=False, max_length=500)
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Slides, reading, links: one per line."),
    )
    scope = forms.ChoiceField(
        label=_("Apply the changes to"),
        choices=SCOPE_CHOICES,
        initial="this",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, event: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, community=event.community, user=user, **kwargs)
        for name in ("repeat", "interval", "count", "until", "timezone"):
            del self.fields[name]
        if not event.series_id:
            del self.fields["scope"]
        self.fields["time"].help_text = _("In %(zone)s, the zone it was planned in.") % {
            "zone": event.timezone
        }
        self.fields["join_url"].help_text = ""

    @staticmethod
    def initial_for(event: Any) -> dict[str, Any]:
        from zoneinfo import ZoneInfo

        local = event.starts_at.astimezone(ZoneInfo(event.timezone))
        return {
            "title": event.title,
            "format": event.format_id,
            "circle": event.circle_id,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration": int((event.ends_at - event.starts_at).total_seconds() // 60),
            "mode": event.mode,
            "join_url": event.join_url,
            "venue": event.venue,
            "capacity": event.capacity,
            "description": event.description,
            "recording_url": event.recording_url,
            "materials": event.materials,
            "scope": "this",
        }


class FollowUpForm(Form):
    """Two weeks on: did you apply it? (and the rating, from those who never gave one)."""

    applied = forms.ChoiceField(
        label=_("Did you apply it?"), choices=Applied.choices, widget=forms.RadioSelect
    )
    applied_note = forms.CharField(
        label=_("How did it go?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hosts see the answers together, never by name."),
    )
    rating = forms.TypedChoiceField(
        label=_("How useful was the session?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful"),
    )

    def __init__(self, *args: Any, needs_rating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_rating:
            del self.fields["rating"]
