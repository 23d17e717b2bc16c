from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import Function, Language, Region
from salon.communities.models import Circle, Community, Role
from salon.core.forms import Form, ModelForm
from salon.core.uploads import reencode_image


class CommunityForm(ModelForm):
    class Meta:
        model = Community
        fields = [
            "name",
            "tagline",
            "purpose",
            "visibility",
            "self_signup",
            "uses_challenges",
            "interest_groups_need_approval",
            "cover",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
            "cover": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def clean_cover(self) -> Any:
        cover = self.cleaned_data.get("cover")
        if cover and hasattr(cover, "content_type"):
            return reencode_image(cover, max_side=1600, name="cover")
        return cover


class NewCommunityForm(ModelForm):
    class Meta:
        model = Community
        fields = ["name", "tagline", "purpose", "visibility"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5}), "visibility": forms.RadioSelect}


class InvitationForm(Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(label=_("Name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    circle = forms.ModelChoiceField(
        label=_("Also add to circle"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("— No circle —"),
    )
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        circle_field: Any = self.fields["circle"]
        circle_field.queryset = Circle.objects.filter(community=community, archived_at__isnull=True)


class CsvInviteForm(Form):
    """Shares the invite page with InvitationForm, so its ids get their own prefix."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: email (required), name, role, circle. One person per line."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "csv_%s")
        super().__init__(*args, **kwargs)


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinRequestForm(Form):
    message = forms.CharField(
        label=_("Why would you like to join?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class InterestGroupForm(ModelForm):
    class Meta:
        model = Circle
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"description": _("What the group is about, and who you hope will join.")}


class CircleForm(ModelForm):
    class Meta:
        model = Circle
        fields = ["name", "kind", "description", "is_private"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


@functools.cache
def language_choices() -> list[tuple[str, str]]:
    """Languages are reference data loaded by a migration; read them once per process."""
    return list(Language.objects.values_list("code", "name"))


class DirectoryFilterForm(Form):
    q = forms.CharField(label=_("Search people"), required=False, max_length=100)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    function = forms.ChoiceField(
        label=_("Function"), required=False, choices=[("", _("All functions")), *Function.choices]
    )
    # Free text with suggestions (a datalist on the full page), so filtering never needs the
    # list of industries: the live-search partial skips that query.
    industry = forms.CharField(
        label=_("Industry"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"list": "industry-options", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language: Any = self.fields["language"]
        language.choices = [("", _("All languages")), *language_choices()]
