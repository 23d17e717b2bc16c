from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import User
from salon.communities.models import Circle
from salon.core.forms import Form
from salon.goals.models import Competency
from salon.innovation.models import BoardStatus, Decider, NoteColour, Voting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ChallengeForm(Form):
    title = forms.CharField(label=_("Challenge"), max_length=200)
    problem = forms.CharField(
        label=_("Problem statement"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What hurts, for whom, and what a good answer would change. Markdown is fine."),
    )
    circle = forms.ModelChoiceField(
        label=_("Owned by"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    sponsor = PersonChoiceField(
        label=_("Sponsor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The executive who funds the winning ideas and decides at their gates."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    submit_until = forms.DateField(label=_("Ideas until"), widget=DATE)
    refine_until = forms.DateField(label=_("Refining until"), widget=DATE)
    evaluate_until = forms.DateField(label=_("Evaluation until"), widget=DATE)
    decide_until = forms.DateField(label=_("Decision by"), widget=DATE)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies it builds"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    business_areas = forms.CharField(
        label=_("Business areas"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas: “Operations, Customer service”."),
    )
    voting = forms.ChoiceField(label=_("Voting"), choices=Voting.choices, initial=Voting.SUPPORT)
    vote_budget = forms.IntegerField(
        label=_("Votes per member"),
        min_value=1,
        max_value=100,
        initial=10,
        help_text=_("Used when members spread a budget of votes."),
    )
    hide_totals = forms.BooleanField(
        label=_("Hide vote totals until voting closes"), required=False
    )
    scorecard = forms.CharField(
        label=_("Experts' scorecard"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One criterion a line with its weight, “Value to customers: 40”. Leave it empty "
            "for value to customers, feasibility and strategic fit."
        ),
    )

    def clean_scorecard(self) -> list[tuple[str, int]]:
        criteria = []
        for line in self.cleaned_data.get("scorecard", "").splitlines():
            if not line.strip():
                continue
            name, _colon, weight = line.rpartition(":")
            if not name.strip() or not weight.strip().isdigit():
                raise forms.ValidationError(
                    _("Write each line as “criterion: weight”, such as “Feasibility: 30”.")
                )
            criteria.append((name.strip(), int(weight)))
        return criteria

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["circle"].queryset = Circle.objects.filter(  # type: ignore[attr-defined]
            community=community, archived_at__isnull=True
        )
        self.fields["sponsor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__community=community, is_active=True
        ).order_by("name")
        self.fields["competencies"].queryset = Competency.objects.filter(  # type: ignore[attr-defined]
            community=community, retired_at__isnull=True
        )
        if not self.is_bound and not self.initial:
            today = timezone.localdate()
            self.initial.update(
                opens_on=today,
                submit_until=today + timedelta(days=28),
                refine_until=today + timedelta(days=42),
                evaluate_until=today + timedelta(days=56),
                decide_until=today + timedelta(days=63),
            )

    def areas(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data.get("business_areas", "").split(",")]


class IdeaForm(Form):
    title = forms.CharField(
        label=_("Your idea in a line"),
        max_length=200,
        help_text=_("Similar ideas appear as you type: you can join one instead."),
    )
    problem = forms.CharField(
        label=_("The problem"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    proposal = forms.CharField(
        label=_("What you propose"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown is fine."),
    )
    impact = forms.CharField(
        label=_("Expected impact"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What would change, and how you would measure it."),
    )


class VoteForm(Form):
    votes = forms.IntegerField(label=_("Your votes"), min_value=0, max_value=100)


class MoveForm(Form):
    stage = forms.TypedChoiceField(label=_("Move to"), coerce=int, choices=())
    note = forms.CharField(
        label=_("Note for the authors"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, against the gate's criteria: the authors are told."),
    )

    def __init__(self, *args: Any, stages: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stages  # type: ignore[attr-defined]


class StageForm(Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    deciders = forms.MultipleChoiceField(
        label=_("Who decides"),
        choices=Decider.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.CharField(
        label=_("Gate criteria"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScoreForm(Form):
    comment = forms.CharField(
        label=_("Comment for the decision meeting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s)")
                % {"name": criterion.name, "weight": criterion.weight},
                choices=choices,
                coerce=int,
                help_text=_("1 weak, 5 excellent"),
            )
        self.order_fields([*(f"c{c.pk}" for c in criteria), "comment"])

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


# Brainstorming boards ---------------------------------------------------------------------


class BoardForm(Form):
    title = forms.CharField(label=_("Board"), max_length=200)
    prompt = forms.CharField(
        label=_("The question on the board"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What everyone writes notes about, such as “What slows our launches?”"),
    )
    challenge = forms.TypedChoiceField(
        label=_("For the challenge"), required=False, coerce=int, empty_value=None
    )
    event = forms.TypedChoiceField(
        label=_("In the workshop"), required=False, coerce=int, empty_value=None
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous notes"),
        required=False,
        help_text=_("Nobody sees who wrote a note; ideas made from notes still credit them."),
    )
    dot_budget = forms.IntegerField(
        label=_("Dots per person"), min_value=1, max_value=50, initial=5
    )

    def __init__(
        self,
        *args: Any,
        challenges: list[tuple[int, str]],
        events: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = [("", _("None")), *challenges]  # type: ignore[attr-defined]
        self.fields["event"].choices = [("", _("None")), *events]  # type: ignore[attr-defined]


class NoteForm(Form):
    text = forms.CharField(
        label=_("Your note"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    colour = forms.ChoiceField(label=_("Colour"), choices=NoteColour.choices, required=False)
    cluster = forms.IntegerField(required=False, widget=forms.HiddenInput)


class NoteEditForm(Form):
    text = forms.CharField(label=_("Note"), max_length=500, required=False)
    colour = forms.ChoiceField(label=_("Colour"), choices=NoteColour.choices, required=False)


class NoteMoveForm(Form):
    # "" leaves the note ungrouped; otherwise a cluster's id.
    cluster = forms.CharField(label=_("Move to"), required=False, max_length=20)
    position = forms.FloatField(required=False, widget=forms.HiddenInput)

    def clean_cluster(self) -> int | None:
        value = self.cleaned_data.get("cluster") or ""
        if value in ("", "none"):
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("Choose a cluster."))
        return int(value)


class DotForm(Form):
    change = forms.TypedChoiceField(
        choices=[("1", "+1"), ("-1", "-1")], coerce=int, widget=forms.HiddenInput
    )


class ClusterForm(Form):
    name = forms.CharField(label=_("Cluster name"), max_length=80)


class PhaseForm(Form):
    status = forms.ChoiceField(label=_("Phase"), choices=BoardStatus.choices)


class TimerForm(Form):
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=240,
        required=False,
        help_text=_("Leave empty to stop the timer."),
    )
    lock = forms.BooleanField(label=_("Lock the board when time is up"), required=False)


class PromoteForm(Form):
    challenge = forms.TypedChoiceField(label=_("Challenge"), coerce=int)
    title = forms.CharField(label=_("Title of the idea"), max_length=200)
    problem = forms.CharField(
        label=_("The problem"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposal = forms.CharField(
        label=_("What it proposes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, challenges: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = challenges  # type: ignore[attr-defined]
