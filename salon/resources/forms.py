from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.communities.models import Circle
from salon.communities.selectors import circle_visibility
from salon.core.forms import Form
from salon.core.safe_urls import SafeURLFormField
from salon.goals.models import Competency, Goal
from salon.resources.models import LearningPath, ResourceKind, StepKind
from salon.resources.selectors import step_choices
from salon.resources.services.library import ResourcePlan
from salon.resources.services.paths import PathPlan, StepPlan


def _circles(user: Any, community: Any) -> Any:
    return Circle.objects.filter(circle_visibility(user=user), community=community).filter(
        archived_at__isnull=True
    )


def _competencies(community: Any) -> Any:
    return Competency.objects.filter(community=community, retired_at__isnull=True)


class ResourceForm(Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=ResourceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("In one or two sentences"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What a busy member gets from it, and how long it takes."),
    )
    url = SafeURLFormField(
        label=_("Web address"),
        required=False,
        max_length=500,
        help_text=_("For a link or a video: where it lives."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, PowerPoint, Excel, text or an image. Its words become searchable."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("For an article or a case study. Markdown is fine."),
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies it builds"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Separated by commas, e.g. negotiation, Asia, board."),
    )
    circle = forms.ModelChoiceField(
        label=_("Who sees it"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    path = forms.ModelChoiceField(
        label=_("Part of a learning path"),
        queryset=LearningPath.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    published_on = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["competencies"].queryset = _competencies(community)
        fields["circle"].queryset = _circles(user, community)
        fields["path"].queryset = LearningPath.objects.filter(community=community)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind in {ResourceKind.LINK, ResourceKind.VIDEO} and not data.get("url"):
            self.add_error("url", _("A link or a video needs its web address."))
        if kind == ResourceKind.ARTICLE and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the article's text."))
        return data

    def plan(self) -> ResourcePlan:
        data = self.cleaned_data
        return ResourcePlan(
            kind=data["kind"],
            title=data["title"],
            summary=data.get("summary") or "",
            body=data.get("body") or "",
            url=data.get("url") or "",
            tags=[t for t in (data.get("tags") or "").split(",") if t.strip()],
            competencies=list(data.get("competencies") or []),
            circle=data.get("circle"),
            path=data.get("path"),
            published_on=data.get("published_on"),
        )


class VersionForm(Form):
    file = forms.FileField(label=_("New file"))
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("One line, e.g. “Updated the figures for 2027”."),
    )


class CommentForm(Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PathForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("What members gain"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    circle = forms.ModelChoiceField(
        label=_("For a cohort or circle"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("Anyone in the community who chooses it"),
        help_text=_("A cohort's path shows each member's progress and the due dates."),
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies it builds"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["circle"].queryset = _circles(user, community)
        fields["competencies"].queryset = _competencies(community)

    def plan(self) -> PathPlan:
        data = self.cleaned_data
        return PathPlan(
            title=data["title"],
            summary=data.get("summary") or "",
            circle=data.get("circle"),
            competencies=list(data.get("competencies") or []),
        )


class StepForm(Form):
    kind = forms.ChoiceField(label=_("Kind of step"), choices=StepKind.choices)
    title = forms.CharField(
        label=_("Step"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the resource's or session's title."),
    )
    instructions = forms.CharField(
        label=_("What to do, or the question to reflect on"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resource: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Resource"), queryset=None, required=False, empty_label=_("None")
    )
    event: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Session"), queryset=None, required=False, empty_label=_("None")
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = step_choices(user=user, community=community)
        fields: Any = self.fields
        fields["resource"].queryset = choices["resources"]
        fields["event"].queryset = choices["events"]

    def plan(self) -> StepPlan:
        data = self.cleaned_data
        return StepPlan(
            kind=data["kind"],
            title=data.get("title") or "",
            instructions=data.get("instructions") or "",
            resource=data.get("resource"),
            event=data.get("event"),
            due_on=data.get("due_on"),
        )


class StepDoneForm(Form):
    reflection = forms.CharField(
        label=_("Your reflection"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by you, your mentor and the programme's facilitators."),
    )
    goal = forms.ModelChoiceField(
        label=_("The goal you set"), queryset=Goal.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["goal"].queryset = Goal.objects.filter(owner_id=user.pk, community=community)
