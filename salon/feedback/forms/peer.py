"""Forms for feedback between members, praise, and the community's settings for them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.core.forms import Form
from salon.feedback.selectors.peer import recipient_choices, settings_for
from salon.goals.selectors import competencies_of


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class _InCommunity(Form):
    competency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Competency"), queryset=None, required=False, empty_label=_("— none —")
    )

    def __init__(self, *args: Any, user: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies_of(community=community)  # type: ignore[attr-defined]
        people = recipient_choices(user=user, community=community)
        for name in ("recipients", "receiver"):
            if name in self.fields:
                self.fields[name].queryset = people  # type: ignore[attr-defined]


SITUATION_HELP = _("When and where: “the strategy offsite last Tuesday”.")


class FeedbackRequestForm(_InCommunity):
    recipients = PeopleChoiceField(
        label=_("Whom to ask"),
        queryset=None,
        help_text=_("One to ten people. Hold Ctrl (or ⌘) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    situation = forms.CharField(label=_("The situation"), max_length=500, help_text=SITUATION_HELP)
    field_order = ["recipients", "situation", "competency"]


class SbiForm(Form):
    behaviour = forms.CharField(
        label=_("What they did"),
        max_length=2000,
        help_text=_("What you saw or heard, not what you think of them."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    impact = forms.CharField(
        label=_("The impact"),
        max_length=2000,
        help_text=_("What it did to you, the team or the result."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FeedbackGiveForm(_InCommunity):
    receiver = PersonChoiceField(label=_("For whom"), queryset=None)
    situation = forms.CharField(label=_("The situation"), max_length=500, help_text=SITUATION_HELP)
    behaviour = SbiForm.base_fields["behaviour"]
    impact = SbiForm.base_fields["impact"]
    field_order = ["receiver", "situation", "behaviour", "impact", "competency"]


class PraiseForm(Form):
    receiver = PersonChoiceField(label=_("Whom to praise"), queryset=None)
    competency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("For which competency"), queryset=None
    )
    message = forms.CharField(
        label=_("What they did"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    circle: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Where"),
        queryset=None,
        required=False,
        empty_label=_("The whole community"),
    )
    on_home = forms.BooleanField(
        label=_("Show it on the community home"), required=False, initial=True
    )

    def __init__(self, *args: Any, user: Any, community: Any, circles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = recipient_choices(  # type: ignore[attr-defined]
            user=user, community=community
        )
        self.fields["competency"].queryset = competencies_of(community=community)  # type: ignore[attr-defined]
        self.fields["circle"].queryset = circles  # type: ignore[attr-defined]
        if not settings_for(community).praise_on_home:
            del self.fields["on_home"]


class PeerSettingsForm(Form):
    requests_per_week = forms.IntegerField(
        label=_("Feedback requests one person receives per week, at most"),
        min_value=1,
        max_value=20,
    )
    praise_on_home = forms.BooleanField(
        label=_("Show praise on the community home"), required=False
    )


class GrowthShareForm(Form):
    viewer = PersonChoiceField(label=_("Share with"), queryset=None)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["viewer"].queryset = people  # type: ignore[attr-defined]
