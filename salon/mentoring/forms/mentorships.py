"""Forms of the mentoring relationship: the agreement, the goals a mentee shares, a
session (with new action items), an action item, a check-in and ending early."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from salon.core.actions import ActionItemForm as BaseActionItemForm
from salon.core.forms import Form
from salon.goals.models import Goal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCALE = [(n, str(n)) for n in range(1, 6)]


class AgreementForm(Form):
    goals = forms.CharField(
        label=_("What we will work on"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The goals and questions you agreed to work on together. "
            "Markdown works: **bold**, lists, links."
        ),
    )
    cadence = forms.CharField(
        label=_("How often we meet"),
        required=False,
        max_length=200,
        help_text=_("For example “an hour every three weeks”."),
    )
    how = forms.CharField(
        label=_("How we meet"),
        required=False,
        max_length=300,
        help_text=_("In person, by video, by phone; who sends the invitation."),
    )


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_visibility_display()})"


class SharedGoalsForm(Form):
    goals = GoalChoiceField(
        label=_("Tick the goals your mentor may follow"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Your mentor sees the ones you tick in this space: title, progress and the date "
            "of your latest check-in. Goals you keep to yourself (“only me”) are not offered."
        ),
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["goals"]
        field.queryset = goals


def _pair_choices(mentorship: Any) -> list[tuple[int, str]]:
    return [
        (mentorship.mentee_id, f"{mentorship.mentee.display_name} ({_('mentee')})"),
        (mentorship.mentor_id, f"{mentorship.mentor.display_name} ({_('mentor')})"),
    ]


class ActionItemForm(BaseActionItemForm):
    """An action for the mentee or the mentor (the form itself: ``core.actions``)."""

    def __init__(self, *args: Any, mentorship: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, owners=_pair_choices(mentorship), viewer=viewer, **kwargs)


class SessionActionForm(ActionItemForm):
    """A row of the session form: empty rows are skipped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["owner"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due_on") and not data.get("text"):
            self.add_error("text", _("Say what the action is, or clear its date."))
        if data.get("text") and not data.get("owner"):
            self.add_error("owner", _("Choose who does it."))
        return data


SessionActionFormSet = formset_factory(SessionActionForm, extra=2, max_num=10)


class SessionForm(Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=600, initial=60
    )
    notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Both of you see these. Markdown works: **bold**, lists, links."),
    )
    private_note = forms.CharField(
        label=_("My private notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you see these; the other side never does."),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_held_on(self) -> date:
        # The service refuses it too; here the message sits next to the date.
        held_on: date = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError(
                _("Log a session once it has happened: the date is in the future.")
            )
        return held_on


class CheckInForm(Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the mentoring? (1 = not at all, 5 = very)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    progress = forms.TypedChoiceField(
        label=_("How much progress towards your goals? (1 = none, 5 = a great deal)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndForm(Form):
    reason = forms.CharField(
        label=_("Why end it now?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A sentence or two, kindly put: the other side reads it in your space."),
        error_messages={"required": _("Give a reason, so the other side understands.")},
    )
    wants_rematch = forms.BooleanField(
        label=_("I would like to be matched with another mentor"),
        required=False,
    )

    def __init__(self, *args: Any, is_mentee: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_mentee:
            # The mentee did not choose to stop: a rematch is asked for them.
            del self.fields["wants_rematch"]
