from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES, Circle
from salon.core.forms import Form
from salon.goals.models import (
    Cadence,
    Competency,
    EncouragementKind,
    GoalVisibility,
    KeyResultKind,
    Objective,
)

CONFIDENCE_CHOICES = [("", "—")] + [(n, str(n)) for n in range(1, 11)]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(field: Any, queryset: Any) -> None:
    field.queryset = queryset


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


# Objectives -------------------------------------------------------------------------------


class ObjectiveForm(Form):
    title = forms.CharField(label=_("Objective"), max_length=200)
    why = forms.CharField(
        label=_("Why it matters"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    circle = forms.ModelChoiceField(
        label=_("For"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    period = forms.CharField(
        label=_("Period"), max_length=60, help_text=_("A programme cycle or a quarter: “2026 Q3”.")
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["circle"], Circle.objects.filter(community=community))
        _choices(
            self.fields["owner"],
            User.objects.filter(
                memberships__community=community,
                memberships__role__in=PARTICIPANT_ROLES,
                is_active=True,
            ).order_by("name"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period ends after it starts."))
        return data


class KeyResultForm(Form):
    title = forms.CharField(label=_("Key result"), max_length=200)
    # Empty rows of the formset are skipped: the initial kind is what the select sends, and
    # an empty baseline counts as 0.
    kind = forms.ChoiceField(
        label=_("Measured as"), choices=KeyResultKind.choices, initial=KeyResultKind.NUMBER
    )
    baseline = forms.DecimalField(
        label=_("Baseline"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=_("Where you start; empty is 0."),
    )
    target = forms.DecimalField(
        label=_("Target"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=_("Not needed for done / not done."),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=30)
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("For money: EUR, USD…")
    )
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and kind != KeyResultKind.DONE and data.get("target") is None:
            self.add_error("target", _("Give a target."))
        if kind == KeyResultKind.CURRENCY and len((data.get("currency") or "").strip()) != 3:
            self.add_error("currency", _("A three-letter code, such as EUR."))
        return data


KeyResultFormSet = formset_factory(KeyResultForm, extra=3, max_num=10)


class KeyResultDefinitionForm(KeyResultForm):
    """Change what a key result measures; ``version`` is the one the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, key_result: Any = None, **kwargs: Any) -> None:
        unbound = not args or args[0] is None  # a GET passes ``request.POST or None``
        if key_result is not None and unbound and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": key_result.title,
                "kind": key_result.kind,
                "baseline": key_result.baseline,
                "target": key_result.target,
                "unit": key_result.unit,
                "currency": key_result.currency,
                "due": key_result.due,
                "version": key_result.version,
            }
        super().__init__(*args, **kwargs)


class KeyResultValueForm(Form):
    """Record a key result's new value; ``version`` is the one the person saw."""

    value = forms.DecimalField(label=_("New value"), max_digits=16, decimal_places=2)
    confidence = forms.TypedChoiceField(
        label=_("Confidence (1–10)"),
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, key_result: Any = None, **kwargs: Any) -> None:
        prefix = f"kr{key_result.pk}" if key_result is not None else None
        kwargs.setdefault("prefix", prefix)
        if key_result is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "value": key_result.current,
                "confidence": key_result.confidence,
                "version": key_result.version,
            }
        super().__init__(*args, **kwargs)
        if key_result is not None and key_result.kind == KeyResultKind.DONE:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Status"),
                choices=[("0", _("Not done")), ("1", _("Done"))],
                coerce=int,
            )
            # The stored value is a decimal ("1.00"); the choice must match "1" to show.
            if not self.is_bound:
                self.initial["value"] = "1" if (key_result.current or 0) >= 1 else "0"


# Competencies -----------------------------------------------------------------------------


class CompetencyForm(Form):
    """A competency with its behaviours and one name and description per proficiency level
    (``level_names``: how many levels, and their names when the form is new)."""

    name = forms.CharField(label=_("Competency"), max_length=80)
    description = forms.CharField(
        label=_("Definition"),
        required=False,
        max_length=500,
        help_text=_("One or two sentences."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    behaviours = forms.CharField(
        label=_("Observable behaviours"),
        help_text=_("Three to five things colleagues would see, one a line."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, required=False)

    def __init__(
        self, *args: Any, level_names: list[str], new: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["position"]
        self.level_count = len(level_names)
        for rank, level in enumerate(level_names, start=1):
            self.fields[f"level_{rank}_name"] = forms.CharField(
                label=_("Level %(n)d") % {"n": rank}, max_length=60, initial=level
            )
            self.fields[f"level_{rank}_description"] = forms.CharField(
                label=_("What level %(n)d looks like") % {"n": rank},
                max_length=300,
                required=False,
            )

    def behaviour_list(self) -> list[str]:
        return str(self.cleaned_data["behaviours"]).splitlines()

    def level_list(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data[f"level_{rank}_name"], data[f"level_{rank}_description"])
            for rank in range(1, self.level_count + 1)
        ]

    def main_fields(self) -> list[Any]:
        names = ("name", "description", "behaviours", "position")
        return [self[name] for name in names if name in self.fields]

    def level_fields(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"level_{rank}_name"], self[f"level_{rank}_description"])
            for rank in range(1, self.level_count + 1)
        ]


def competency_initial(competency: Competency) -> dict[str, Any]:
    """What a competency's edit form starts from: its active behaviours and levels loaded by
    ``framework_for``."""
    initial: dict[str, Any] = {
        "name": competency.name,
        "description": competency.description,
        "position": competency.position,
        "behaviours": "\n".join(b.text for b in competency.active_behaviours),  # type: ignore[attr-defined]
    }
    for level in competency.levels.all():
        initial[f"level_{level.rank}_name"] = level.name
        initial[f"level_{level.rank}_description"] = level.description
    return initial


# Goals ------------------------------------------------------------------------------------


class GoalForm(Form):
    title = forms.CharField(
        label=_("Your goal"),
        max_length=200,
        help_text=_("For example “Give my leadership team more room to decide”."),
    )
    competency = forms.ModelChoiceField(
        label=_("Competency it develops"), queryset=Competency.objects.none(), empty_label=None
    )
    objective = forms.ModelChoiceField(
        label=_("Shared objective it serves"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    success_looks_like = forms.CharField(
        label=_("What success looks like"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"),
        choices=GoalVisibility.choices,
        initial=GoalVisibility.CIRCLE,
        widget=forms.RadioSelect,
        help_text=_(
            "Directors see only totals across the community, never a goal not shared with them."
        ),
    )
    circle = forms.ModelChoiceField(
        label=_("Circle"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("—"),
        help_text=_("Only for “My circle”: one of your circles."),
    )
    cadence = forms.ChoiceField(label=_("Check in"), choices=Cadence.choices, initial="biweekly")
    partner = PersonChoiceField(
        label=_("Accountability partner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody for now"),
        help_text=_("They see this goal and your check-ins, whoever else does."),
    )

    def __init__(
        self, *args: Any, owner: Any, community: Any, keep_competency: Any = None, **kwargs: Any
    ) -> None:
        from salon.goals import selectors

        super().__init__(*args, **kwargs)
        competencies = selectors.competencies_of(community=community)
        if keep_competency is not None:
            competencies = Competency.objects.filter(community=community).filter(
                retired_at__isnull=True
            ) | Competency.objects.filter(pk=keep_competency)
        _choices(self.fields["competency"], competencies.order_by("position", "name"))
        _choices(
            self.fields["objective"],
            selectors.objective_choices(user=owner, community=community).order_by("title"),
        )
        circles = Circle.objects.filter(community=community, circle_memberships__user=owner)
        _choices(self.fields["circle"], circles.order_by("name"))
        # The defaults must be a valid answer on the first submit: "My circle" comes with
        # the owner's (first) circle chosen, and someone in no circle starts with "Only me".
        first_circle = circles.order_by("name").values_list("pk", flat=True).first()
        if first_circle is None:
            self.fields["visibility"].initial = GoalVisibility.ONLY_ME
        else:
            self.fields["circle"].initial = first_circle
        _choices(
            self.fields["partner"],
            User.objects.filter(
                memberships__community=community,
                memberships__role__in=PARTICIPANT_ROLES,
                is_active=True,
            )
            .exclude(pk=owner.pk)
            .order_by("name"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("visibility") == GoalVisibility.CIRCLE and not data.get("circle"):
            self.add_error("circle", _("Choose the circle you share it with."))
        return data


class MilestoneForm(Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due = forms.DateField(label=_("By"), required=False, widget=DATE)


MilestoneFormSet = formset_factory(MilestoneForm, extra=3, max_num=12)


class CheckInForm(Form):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5}),
        help_text=_("How far along are you, from 0 to 100?"),
    )
    confidence = forms.TypedChoiceField(
        label=_("Confidence (1–10)"),
        choices=CONFIDENCE_CHOICES[1:],
        coerce=int,
        initial=6,
        help_text=_("How sure are you of getting there?"),
    )
    helped = forms.CharField(
        label=_("What helped"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    blocked = forms.CharField(
        label=_("What got in the way"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step = forms.CharField(
        label=_("Next step"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EncouragementForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, label) for k, label in EncouragementKind.choices if k != "cheer"],
        initial=EncouragementKind.COMMENT,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Your message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
