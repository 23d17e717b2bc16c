"""Forms of hackathon pages: setting one up, a team, a submission, judges, conflicts and a
judge's rubric."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.core.forms import Form
from salon.core.safe_urls import SafeURLFormField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HackathonForm(Form):
    event = forms.TypedChoiceField(label=_("Hackathon event"), coerce=int)
    challenge = forms.TypedChoiceField(
        label=_("Challenge it answers"), coerce=int, required=False, empty_value=None
    )
    team_min = forms.IntegerField(label=_("Smallest team"), min_value=1, max_value=20, initial=2)
    team_max = forms.IntegerField(label=_("Largest team"), min_value=1, max_value=20, initial=5)
    teams_until = forms.DateTimeField(label=_("Teams form until"), widget=DATETIME)
    submit_until = forms.DateTimeField(label=_("Submissions until"), widget=DATETIME)
    judge_until = forms.DateTimeField(label=_("Judging until"), widget=DATETIME)
    prizes = forms.CharField(
        label=_("Prizes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rubric = forms.CharField(
        label=_("Judges' rubric"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One criterion a line with its weight, “Working demo: 30”. Leave it empty for "
            "value to customers, working demo and originality."
        ),
    )

    def __init__(
        self,
        *args: Any,
        events: list[tuple[int, str]],
        challenges: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = events  # type: ignore[attr-defined]
        self.fields["challenge"].choices = [("", _("None")), *challenges]  # type: ignore[attr-defined]
        if not self.is_bound and "teams_until" not in self.initial:
            now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            self.initial.update(
                teams_until=now + timedelta(days=7),
                submit_until=now + timedelta(days=9),
                judge_until=now + timedelta(days=12),
            )

    def clean_rubric(self) -> list[tuple[str, int]]:
        lines = []
        for line in self.cleaned_data.get("rubric", "").splitlines():
            if not line.strip():
                continue
            name, _colon, weight = line.rpartition(":")
            if not name.strip() or not weight.strip().isdigit():
                raise forms.ValidationError(
                    _("Write each line as “criterion: weight”, such as “Working demo: 30”.")
                )
            lines.append((name.strip(), int(weight)))
        return lines


class TeamForm(Form):
    name = forms.CharField(label=_("Team name"), max_length=80)
    idea = forms.TypedChoiceField(
        label=_("The idea you build"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, ideas: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idea"].choices = [("", _("Our own idea")), *ideas]  # type: ignore[attr-defined]


class SubmissionForm(Form):
    pitch = forms.CharField(
        label=_("Pitch"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you built, for whom, and what it changes."),
    )
    repository_url = SafeURLFormField(label=_("Repository"), required=False, max_length=500)
    demo_url = SafeURLFormField(label=_("Demo"), required=False, max_length=500)
    video_url = SafeURLFormField(label=_("Video"), required=False, max_length=500)


class JudgeForm(Form):
    user = forms.TypedChoiceField(label=_("Expert"), coerce=int)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = people  # type: ignore[attr-defined]


class InviteForm(Form):
    user = forms.TypedChoiceField(label=_("Person without a team"), coerce=int)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = people  # type: ignore[attr-defined]


class WinnersForm(Form):
    teams = forms.TypedMultipleChoiceField(
        label=_("Winning teams"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their ideas move to the experiment stage, with the team as co-authors."),
    )
    note = forms.CharField(
        label=_("Note for the authors"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why these, and what the experiment should show: the authors read it."),
    )

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].choices = teams  # type: ignore[attr-defined]


class ConflictsForm(Form):
    people = forms.TypedMultipleChoiceField(
        label=_("People you have a conflict of interest with"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Someone who reports to you, a relative, a business partner. You will not score "
            "their team. Teams with someone from one of your circles are left out too."
        ),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people  # type: ignore[attr-defined]


class RubricForm(Form):
    comment = forms.CharField(
        label=_("Comment for the team"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight})",
                choices=[(str(v), str(v)) for v in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([f"c{c.pk}" for c in criteria] + ["comment"])

    def values(self) -> dict[int, int]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("c") and name[1:].isdigit()
        }
