from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from salon.communities.models import Circle
from salon.core.forms import Form
from salon.discussions.models import Category, Level, TopicKind
from salon.discussions.services.topics import clean_tags


class MarkdownArea(forms.Textarea):
    """A Markdown textarea whose preview (``#<id>-preview``) follows as you type (htmx)."""

    def __init__(self, rows: int = 8) -> None:
        super().__init__(
            attrs={
                "rows": rows,
                "hx-post": reverse_lazy("discussions:preview"),
                "hx-trigger": "input changed delay:500ms",
                "hx-swap": "innerHTML",
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id", name)
        context["widget"]["attrs"]["hx-target"] = f"#{widget_id}-preview"
        return context


def _body_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20000,
        widget=MarkdownArea(),
        help_text=_("Markdown is fine. Mention people with @their-name."),
    )


class TopicForm(Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TopicKind.choices, initial="discussion")
    title = forms.CharField(label=_("Title"), max_length=200)
    body = _body_field(_("What would you like to discuss?"))
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=250,
        help_text=_("Up to five, separated by commas."),
    )

    def __init__(
        self, *args: Any, categories: list[Category], may_announce: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["category"]
        field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
        if not may_announce:
            kind: Any = self.fields["kind"]
            kind.choices = [c for c in TopicKind.choices if c[0] != TopicKind.ANNOUNCEMENT]

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])


def split_tags(text: str) -> list[str]:
    """The tags typed in a form's field, separated by commas, as typed (the service
    cleans them; refused here already, a too long tag, say, is shown under the field with
    the form's other errors)."""
    typed = [t for t in text.split(",") if t.strip()]
    clean_tags(typed)
    return typed


class ReplyForm(Form):
    body = _body_field(_("Your reply"))


class PostEditForm(Form):
    body = _body_field(_("Text"))


class OpeningPostEditForm(Form):
    """The opening post for those who may also change its topic (``topic.edit``): the
    title and the tags with the text, cleaned and checked as when the topic was started."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = _body_field(_("Text"))
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=250,
        help_text=_("Up to five, separated by commas."),
    )

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])


class CategoryForm(Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    circle = forms.ModelChoiceField(
        label=_("Forum of"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    chatham_house = forms.BooleanField(
        label=_("Chatham House rule"),
        required=False,
        help_text=_("What is said may be used, but notifications and digests name nobody."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["circle"]
        field.queryset = Circle.objects.filter(community=community)


class CategoryEditForm(Form):
    """A category's name, description, rule and place; its forum (community or circle)
    stays, as moving it would change who may read its topics."""

    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    chatham_house = forms.BooleanField(
        label=_("Chatham House rule"),
        required=False,
        help_text=_(
            "Changing this changes, from now on, how the category's existing topics are "
            "attributed in notifications, digests and the API (topics with a rule of their "
            "own keep it). What was already sent stays as it was."
        ),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=1000,
        help_text=_("Lower comes first in its forum; or use “Move up” and “Move down”."),
    )


class LevelForm(Form):
    level = forms.ChoiceField(choices=Level.choices)
