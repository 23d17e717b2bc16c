"""Forms of the programme pages: a programme's settings (stewards) and a person's
enrolment. The services check everything again, for the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import User
from salon.communities.models import Role
from salon.core.forms import Form
from salon.goals.forms import DATE
from salon.goals.models import Competency, Goal, GoalStatus
from salon.goals.selectors import competencies_of
from salon.mentoring.models import (
    DEFAULT_WEIGHTS,
    MatchingMode,
    Preference,
    Programme,
    Side,
    TargetAttribute,
)
from salon.mentoring.services.programmes import MAX_CAPACITY, MAX_COMPETENCIES_WANTED

# The roles that take part in a community, in the order people read them.
ROLE_CHOICES = [
    (role, label)
    for role, label in Role.choices
    if role in ("director", "facilitator", "member", "mentor", "expert")
]

NO_WEIGHT = _("Give at least one criterion a weight above 0, or matching has nothing to go on.")

# Each criterion of the engine, in plain words.
WEIGHT_HELP: dict[str, tuple[Any, Any]] = {
    "competencies": (
        _("Competencies"),
        _("What the mentee wants to develop against what the mentor offers."),
    ),
    "shared_hours": (
        _("Shared working hours"),
        _("How much their working hours overlap in a week."),
    ),
    "cross_region": (_("Across regions"), _("Mentor and mentee work in different regions.")),
    "cross_function": (
        _("Across functions"),
        _("Mentor and mentee work in different functions."),
    ),
    "goals": (_("Goals"), _("The mentor has experience of what the mentee's goals are about.")),
    "industry": (_("Same industry"), _("Mentor and mentee work in the same industry.")),
    "preferences": (
        _("The mentee's preferences"),
        _(
            "What the mentee asked for: a mentor of the same or a different region, first "
            "language, industry or function."
        ),
    ),
}


def _weight_field(key: str) -> forms.DecimalField:
    label, help_text = WEIGHT_HELP[key]
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=10,
        max_digits=3,
        decimal_places=1,
        initial=DEFAULT_WEIGHTS[key],
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )


class ProgrammeForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("For example “Cross-regional mentoring 2027”."),
    )
    description = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(label=_("Cycle starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Cycle ends"), widget=DATE)
    enrolment_closes_on = forms.DateField(
        label=_("Enrolment closes"),
        required=False,
        widget=DATE,
        help_text=_("The last day people can enrol; empty until you move on to matching."),
    )
    mode = forms.ChoiceField(
        label=_("Matching"),
        choices=MatchingMode.choices,
        initial=MatchingMode.PROGRAMME,
        widget=forms.RadioSelect,
    )
    reverse = forms.BooleanField(
        label=_("Reverse mentoring"),
        required=False,
        help_text=_("Junior people mentor senior ones on a topic, such as digital or AI."),
    )
    reverse_topic = forms.CharField(
        label=_("Reverse mentoring topic"),
        required=False,
        max_length=150,
        help_text=_("Needed for reverse mentoring."),
    )
    mentee_roles = forms.MultipleChoiceField(
        label=_("Who may enrol as mentee"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role that may enrol as mentee.")},
    )
    mentor_roles = forms.MultipleChoiceField(
        label=_("Who may enrol as mentor"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role that may enrol as mentor.")},
    )
    default_capacity = forms.IntegerField(
        label=_("Mentees per mentor"),
        min_value=1,
        max_value=MAX_CAPACITY,
        initial=2,
        help_text=_("Each mentor can change it for themselves when they enrol."),
    )
    weight_competencies = _weight_field("competencies")
    weight_shared_hours = _weight_field("shared_hours")
    weight_cross_region = _weight_field("cross_region")
    weight_cross_function = _weight_field("cross_function")
    weight_goals = _weight_field("goals")
    weight_industry = _weight_field("industry")
    weight_preferences = _weight_field("preferences")
    min_shared_hours = forms.DecimalField(
        label=_("Shared working hours a week, at least"),
        min_value=0,
        max_value=40,
        max_digits=4,
        decimal_places=1,
        initial=Decimal(2),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=_("Pairs with fewer hours in common are never proposed."),
    )
    allow_repeat_pairs = forms.BooleanField(
        label=_("Allow pairs from earlier cycles"), required=False
    )
    allow_same_unit = forms.BooleanField(
        label=_("Allow pairs from the same organisation unit"), required=False, initial=True
    )
    target_attribute = forms.ChoiceField(
        label=_("Aim for"),
        choices=TargetAttribute.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    target_share = forms.IntegerField(
        label=_("Target share of pairs (%)"),
        min_value=1,
        max_value=100,
        initial=80,
        help_text=_("Matching gives up as little as it can to reach it."),
    )
    response_days = forms.IntegerField(
        label=_("Days to accept or decline a match"), min_value=1, max_value=60, initial=7
    )
    session_every_days = forms.IntegerField(
        label=_("A session at least every (days)"),
        min_value=7,
        max_value=120,
        initial=30,
        help_text=_("Pairs who have not met for longer get a reminder."),
    )
    suggestions = forms.IntegerField(
        label=_("Suggestions shown to each mentee"),
        min_value=1,
        max_value=10,
        initial=3,
        help_text=_("When mentees choose their mentor."),
    )

    # The form's sections: legend and fields.
    SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (
            _("The programme"),
            ("name", "description", "starts_on", "ends_on", "enrolment_closes_on"),
        ),
        (_("How pairs are made"), ("mode", "reverse", "reverse_topic")),
        (_("Who may enrol"), ("mentee_roles", "mentor_roles", "default_capacity")),
        (
            _("What matching weighs (0 to 10)"),
            tuple(f"weight_{key}" for key in DEFAULT_WEIGHTS),
        ),
        (_("Hard rules"), ("min_shared_hours", "allow_repeat_pairs", "allow_same_unit")),
        (_("Programme target"), ("target_attribute", "target_share")),
        (_("Rhythm"), ("response_days", "session_every_days", "suggestions")),
    )

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        if programme is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(programme)
        super().__init__(*args, **kwargs)
        if programme is None and not self.is_bound:
            blank = Programme()
            self.initial.setdefault("mentee_roles", blank.mentee_roles)
            self.initial.setdefault("mentor_roles", blank.mentor_roles)

    @staticmethod
    def initial_from(programme: Programme) -> dict[str, Any]:
        from salon.mentoring.services.programmes import PROGRAMME_FIELDS

        initial = {name: getattr(programme, name) for name in PROGRAMME_FIELDS if name != "weights"}
        for key, default in DEFAULT_WEIGHTS.items():
            initial[f"weight_{key}"] = programme.weights.get(key, default)
        return initial

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The cycle must end after it starts."))
        closes = data.get("enrolment_closes_on")
        if closes and ends and closes > ends:
            self.add_error("enrolment_closes_on", _("Enrolment must close before the cycle ends."))
        if data.get("reverse") and not (data.get("reverse_topic") or "").strip():
            self.add_error("reverse_topic", _("Give the topic of the reverse mentoring."))
        weights = [data.get(f"weight_{key}") for key in DEFAULT_WEIGHTS]
        if all(w is not None for w in weights) and not any(weights):
            self.add_error(None, NO_WEIGHT)
        return data

    def programme_fields(self) -> dict[str, Any]:
        """The cleaned data as the programme's fields (the weights in one dict)."""
        data = dict(self.cleaned_data)
        data["weights"] = {key: float(data.pop(f"weight_{key}")) for key in DEFAULT_WEIGHTS}
        data["target_attribute"] = data.get("target_attribute") or ""
        return data


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class GoalMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class EnrolmentForm(Form):
    side = forms.ChoiceField(label=_("I enrol as"), choices=Side.choices, widget=forms.RadioSelect)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "As a mentee: what you want to develop (one to three). As a mentor: what you can "
            "help with."
        ),
    )
    goals = GoalMultipleChoiceField(
        label=_("Goals to share with your mentor"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your mentor will see the goals you tick, and their check-ins."),
    )
    hopes = forms.CharField(
        label=_("What you hope for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    region_preference = forms.ChoiceField(
        label=_("Your mentor's region"), choices=Preference.choices, required=False
    )
    language_preference = forms.ChoiceField(
        label=_("Your mentor's first language"), choices=Preference.choices, required=False
    )
    industry_preference = forms.ChoiceField(
        label=_("Your mentor's industry"), choices=Preference.choices, required=False
    )
    function_preference = forms.ChoiceField(
        label=_("Your mentor's function"), choices=Preference.choices, required=False
    )
    capacity = forms.IntegerField(
        label=_("Mentees you can take"), min_value=1, max_value=MAX_CAPACITY, required=False
    )
    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        max_length=300,
        help_text=_("For example “Two calls a month, not in August”."),
    )
    avoid = PersonMultipleChoiceField(
        label=_("People you would rather not be matched with"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Nobody is told. Hold Ctrl (or ⌘ on a Mac) to choose several; type a name to jump."
        ),
    )

    MENTEE_FIELDS = (
        "goals",
        "hopes",
        "region_preference",
        "language_preference",
        "industry_preference",
        "function_preference",
    )
    MENTOR_FIELDS = ("capacity", "availability")

    def __init__(
        self, *args: Any, user: Any, programme: Programme, sides: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        community = programme.community
        choices = [(v, label) for v, label in Side.choices if v in sides]
        self.fields["side"].choices = choices  # type: ignore[attr-defined]
        if len(sides) == 1:
            self.fields["side"].initial = sides[0]
        self.fields["competencies"].queryset = competencies_of(community=community)  # type: ignore[attr-defined]
        self.fields["goals"].queryset = Goal.objects.filter(  # type: ignore[attr-defined]
            owner_id=user.pk, community=community, status=GoalStatus.ACTIVE
        ).order_by("title")
        self.fields["avoid"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__community=community, is_active=True)
            .exclude(pk=user.pk)
            .order_by("name")
        )
        self.fields["capacity"].help_text = _("Leave empty for the programme's default: %(n)d.") % {
            "n": programme.default_capacity
        }
        if Side.MENTEE not in sides:
            for name in self.MENTEE_FIELDS:
                del self.fields[name]
        if Side.MENTOR not in sides:
            for name in self.MENTOR_FIELDS:
                del self.fields[name]

    def mentee_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MENTEE_FIELDS if name in self.fields]

    def mentor_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MENTOR_FIELDS if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        side = data.get("side")
        chosen = data.get("competencies")
        if side and chosen is not None:
            if not chosen:
                self.add_error(
                    "competencies",
                    _("Choose at least one competency you want to develop.")
                    if side == Side.MENTEE
                    else _("Choose at least one competency you can help with."),
                )
            elif side == Side.MENTEE and len(chosen) > MAX_COMPETENCIES_WANTED:
                self.add_error(
                    "competencies",
                    _("Choose at most %(n)d competencies to develop.")
                    % {"n": MAX_COMPETENCIES_WANTED},
                )
        return data

    @staticmethod
    def initial_from(enrolment: Any) -> dict[str, Any]:
        initial = {
            name: getattr(enrolment, name)
            for name in (
                "side",
                "hopes",
                "region_preference",
                "language_preference",
                "industry_preference",
                "function_preference",
                "capacity",
                "availability",
            )
        }
        initial["competencies"] = [c.pk for c in enrolment.competencies.all()]
        initial["goals"] = [g.pk for g in enrolment.goals.all()]
        initial["avoid"] = [u.pk for u in enrolment.avoid.all()]
        return initial
