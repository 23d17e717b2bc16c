"""Forms of feedback cycles, nominations and answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import User
from salon.communities.models import PARTICIPANT_ROLES, Circle
from salon.core import anonymity
from salon.core.forms import Form
from salon.feedback.models import DEFAULT_GROUP_LIMITS, RaterGroup, default_scale
from salon.goals.models import Behaviour, Competency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _members(community: Any, roles: Any = None) -> Any:
    people = User.objects.filter(memberships__community=community, is_active=True)
    if roles is not None:
        people = people.filter(memberships__role__in=roles)
    return people.order_by("name", "email").distinct()


class BehaviourChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.competency.name} — {obj.text}"


class CycleForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    circle = forms.ModelChoiceField(
        label=_("Circle or cohort reviewed"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("Only the people chosen below"),
    )
    people = PeopleChoiceField(
        label=_("People reviewed"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Everyone in the circle is reviewed, and anyone you add here."),
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies to rate"),
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    behaviours = BehaviourChoiceField(
        label=_("Observable behaviours to rate (optional)"),
        queryset=Behaviour.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Raters rate each chosen behaviour, and the report rolls them up to their "
            "competency. A competency with none of its behaviours chosen is rated whole."
        ),
    )
    scale = forms.CharField(
        label=_("Scale, lowest first"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One point per line with what it means. Raters may also say “not observed”."),
    )
    question_1 = forms.CharField(label=_("Open question 1"), max_length=300)
    question_2 = forms.CharField(label=_("Open question 2"), max_length=300)
    question_3 = forms.CharField(
        label=_("Open question 3 (optional)"), max_length=300, required=False
    )
    opens_on = forms.DateField(label=_("Opens"), widget=DATE)
    nominations_close_on = forms.DateField(label=_("Raters chosen by"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes"), widget=DATE)
    threshold = forms.IntegerField(
        label=_("Fewest answers before a group is shown"),
        min_value=anonymity.THRESHOLD,
        max_value=10,
        initial=anonymity.THRESHOLD,
        help_text=_("Three or more. Self and manager are always shown by name."),
    )

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["circle"].queryset = Circle.objects.filter(community=community)  # type: ignore[attr-defined]
        self.fields["people"].queryset = _members(community, PARTICIPANT_ROLES)  # type: ignore[attr-defined]
        self.fields["competencies"].queryset = Competency.objects.filter(  # type: ignore[attr-defined]
            community=community, retired_at__isnull=True
        )
        self.fields["behaviours"].queryset = (  # type: ignore[attr-defined]
            Behaviour.objects.filter(
                competency__community=community,
                competency__retired_at__isnull=True,
                retired_at__isnull=True,
            )
            .select_related("competency")
            .order_by("competency__position", "competency__name", "position", "pk")
        )
        today = timezone.localdate()
        self.fields["scale"].initial = "\n".join(default_scale())
        self.fields["question_1"].initial = _("What should this person keep doing?")
        self.fields["question_2"].initial = _(
            "What could they do differently to be more effective?"
        )
        self.fields["opens_on"].initial = today
        self.fields["nominations_close_on"].initial = today + timedelta(days=7)
        self.fields["closes_on"].initial = today + timedelta(days=28)

    def scale_points(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["scale"].splitlines() if line.strip()]

    def questions(self) -> list[str]:
        return [self.cleaned_data[f"question_{n}"] for n in (1, 2, 3)]


class GroupLimitsForm(Form):
    """How many raters each person reviewed chooses per group: a fewest and a most."""

    MOST = 20

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group, (low, high) in DEFAULT_GROUP_LIMITS.items():
            label = RaterGroup(group).label
            self.fields[f"{group}_min"] = forms.IntegerField(
                label=_("%(group)s: fewest") % {"group": label},
                min_value=0,
                max_value=self.MOST,
                initial=low,
                required=False,
            )
            self.fields[f"{group}_max"] = forms.IntegerField(
                label=_("%(group)s: most") % {"group": label},
                min_value=0,
                max_value=self.MOST,
                initial=high,
                required=False,
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """(group label, fewest field, most field) per group, for the form's table."""
        return [
            (RaterGroup(group).label, self[f"{group}_min"], self[f"{group}_max"])
            for group in DEFAULT_GROUP_LIMITS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for group, (default_low, default_high) in DEFAULT_GROUP_LIMITS.items():
            # A box left empty keeps the default, so a cycle opened without touching the
            # table asks what the framework suggests.
            if data.get(f"{group}_min") is None:
                data[f"{group}_min"] = default_low
            if data.get(f"{group}_max") is None:
                data[f"{group}_max"] = default_high
            low, high = data[f"{group}_min"], data[f"{group}_max"]
            if low > high:
                self.add_error(
                    f"{group}_min",
                    _("%(group)s: the fewest can't be more than the most.")
                    % {"group": RaterGroup(group).label},
                )
        return data

    def limits(self) -> dict[str, list[int]]:
        return {
            group: [self.cleaned_data[f"{group}_min"], self.cleaned_data[f"{group}_max"]]
            for group in DEFAULT_GROUP_LIMITS
        }


class NominationForm(Form):
    rater = PersonChoiceField(label=_("Person"), queryset=User.objects.none())
    group = forms.ChoiceField(
        label=_("They know you as"),
        choices=[(v, label) for v, label in RaterGroup.choices if v != RaterGroup.SELF],
    )

    def __init__(self, *args: Any, participant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = participant.nominations.values_list("rater_id", flat=True)
        self.fields["rater"].queryset = _members(participant.cycle.community).exclude(  # type: ignore[attr-defined]
            pk__in=taken
        )


class ShareForm(Form):
    mentor = PersonChoiceField(label=_("Mentor"), queryset=User.objects.none())

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = User.objects.filter(pk__in=mentors)  # type: ignore[attr-defined]


def answers_from(data: Any, *, items: Any, questions: int) -> tuple[dict[str, Any], list[str]]:
    """The rater's form as posted: ``score-<item>`` (a point or "not_observed") and
    ``comment-<n>`` per open question. Checked by the service."""
    scores = {str(i.pk): data.get(f"score-{i.pk}") or None for i in items}
    comments = [data.get(f"comment-{n}", "") for n in range(questions)]
    return scores, comments
