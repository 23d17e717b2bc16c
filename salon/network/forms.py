from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.core.forms import Form
from salon.network.models import WhoMayMessage


class ConnectForm(Form):
    note = forms.CharField(
        label=_("A note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say why you would like to connect: where you met, what you share."),
    )


class IntroductionForm(Form):
    first = forms.TypedChoiceField(label=_("Introduce"), coerce=int)
    second = forms.TypedChoiceField(label=_("to"), coerce=int)
    note = forms.CharField(
        label=_("Why they should meet"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Both see this note. It opens their conversation once both accept."),
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", "—"),
            *((p.pk, f"{p.display_name} · {p.get_region_display() or '—'}") for p in people),
        ]
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices


class MessageForm(Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("**bold**, *italic*, [links](https://…) and lists work."),
    )


class NewConversationForm(MessageForm):
    title = forms.CharField(label=_("Name of the group (optional)"), required=False, max_length=120)


class ReportForm(Form):
    messages = forms.TypedMultipleChoiceField(
        label=_("Messages to show the moderators"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The moderators see these messages and nothing else of the conversation."),
    )
    reason = forms.CharField(
        label=_("What is wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, messages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["messages"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                m.pk,
                f"{m.author.display_name if m.author else _('Former member')}: {m.body[:120]}",
            )
            for m in messages
        ]


class MessagingSettingsForm(Form):
    who_may_message = forms.ChoiceField(
        label=_("Who may message whom"),
        choices=WhoMayMessage.choices,
        widget=forms.RadioSelect,
    )


class WorkingStyleForm(Form):
    name_pronunciation = forms.CharField(
        label=_("How to say my name"),
        required=False,
        max_length=120,
        help_text=_("For example: “Ah-DAY-oh-lah”."),
    )
    working_notes = forms.CharField(
        label=_("How to work with me"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "How you like to meet, when you answer messages, what you would rather avoid. "
            "Members of your communities see it on your profile. Markdown works."
        ),
    )


class CountryNoteForm(Form):
    country = forms.ChoiceField(label=_("Country"))
    body = forms.CharField(
        label=_("Note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Meeting customs, the working week, forms of address: what helps colleagues "
            "elsewhere work well with members there. Members see it on those profiles."
        ),
    )

    def __init__(self, *args: Any, countries: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((c, c) for c in countries)]


class CoffeeRoundForm(Form):
    meet_by = forms.DateField(
        label=_("Pairs meet by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Each pair gets a half-hour time fair to both before this day."),
    )
