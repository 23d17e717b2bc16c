from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.core.forms import Form
from salon.core.safe_urls import SafeURLFormField
from salon.programmes.models import ItemKind, Unlock
from salon.programmes.selectors.programmes import cohort_choices
from salon.programmes.services.curriculum import ItemPlan, ModulePlan
from salon.programmes.services.programmes import ProgrammePlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _CohortsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ProgrammeForm(Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("What it is for"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    cohorts = _CohortsField(
        label=_("Cohorts"),
        queryset=None,
        required=False,
        help_text=_("The cohort circles who follow it. Make one under Circles first."),
    )

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["cohorts"].queryset = cohort_choices(community=community)

    def plan(self) -> ProgrammePlan:
        data = self.cleaned_data
        return ProgrammePlan(
            title=data["title"],
            summary=data.get("summary") or "",
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            cohorts=list(data.get("cohorts") or []),
        )


class CopyForm(Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=160)
    starts_on = forms.DateField(
        label=_("The new cohort starts on"),
        widget=DATE,
        help_text=_("Every module and item moves by as many days."),
    )
    cohorts = _CohortsField(label=_("Cohorts"), queryset=None, required=False)

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["cohorts"].queryset = cohort_choices(community=community)


class ModuleForm(Form):
    title = forms.CharField(label=_("Module"), max_length=160)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    competencies: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Competencies it builds"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    move_items = forms.BooleanField(label=_("Move its items with it"), required=False, initial=True)

    def __init__(self, *args: Any, community: Any, editing: bool = False, **kwargs: Any) -> None:
        from salon.goals.selectors import competencies_of

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["competencies"].queryset = competencies_of(community=community)
        if not editing:
            del fields["move_items"]

    def plan(self) -> ModulePlan:
        data = self.cleaned_data
        return ModulePlan(
            title=data["title"],
            purpose=data.get("purpose") or "",
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            competencies=list(data.get("competencies") or []),
        )


class ItemForm(Form):
    kind = forms.ChoiceField(label=_("Kind of item"), choices=ItemKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the resource's, path's or session's title."),
    )
    instructions = forms.CharField(
        label=_("What to do, or the question to answer"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resource: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Resource from the library"), queryset=None, required=False, empty_label=_("None")
    )
    path: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Learning path"), queryset=None, required=False, empty_label=_("None")
    )
    event: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Session"), queryset=None, required=False, empty_label=_("None")
    )
    url = SafeURLFormField(label=_("Link"), required=False, max_length=500)
    unlock = forms.ChoiceField(label=_("Opens"), choices=Unlock.choices, initial=Unlock.DATE)
    opens_on = forms.DateField(
        label=_("Opens on"),
        required=False,
        widget=DATE,
        help_text=_("Empty: when the module starts."),
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    peer_review = forms.BooleanField(
        label=_("Peer review by two cohort members"),
        required=False,
        help_text=_("For an assignment: each submission goes to two peers, chosen fairly."),
    )

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        from salon.resources.selectors import paths_for, step_choices

        super().__init__(*args, **kwargs)
        choices = step_choices(user=user, community=community)
        fields: Any = self.fields
        fields["resource"].queryset = choices["resources"]
        fields["event"].queryset = choices["events"]
        fields["path"].queryset = paths_for(user=user, community=community)

    def plan(self) -> ItemPlan:
        data = self.cleaned_data
        return ItemPlan(
            kind=data["kind"],
            title=data.get("title") or "",
            instructions=data.get("instructions") or "",
            resource=data.get("resource"),
            path=data.get("path"),
            event=data.get("event"),
            url=data.get("url") or "",
            unlock=data["unlock"],
            opens_on=data.get("opens_on"),
            due_on=data.get("due_on"),
            peer_review=bool(data.get("peer_review")),
        )


class DoneForm(Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


RATINGS = [("", _("No rating"))] + [(str(n), str(n)) for n in range(1, 6)]


class ReviewForm(Form):
    works = forms.CharField(
        label=_("What works"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggestion = forms.CharField(
        label=_("One suggestion"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rating = forms.ChoiceField(label=_("Rating"), choices=RATINGS, required=False)

    def __init__(self, *args: Any, competency: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        if competency is not None:
            fields["rating"].label = _("How well it shows “%(name)s” (1 to 5)") % {
                "name": competency.name
            }
        else:
            fields["rating"].label = _("How well it answers the assignment (1 to 5)")
