from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from salon.accounts.models import TIMEZONE_CHOICES, Language, User
from salon.core.forms import Form, ModelForm
from salon.core.uploads import reencode_image
from salon.sso.guard import check_password_allowed


class FastSelect(forms.Select):
    """A select written in Python. Django renders each option through a template (about a
    tenth of a millisecond each): the 599 time zones alone cost more than a whole page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        parts: list[str] = [format_html("<select{}>", flatatt(final))]
        for option, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option))
                parts.extend(_option(v, text, chosen) for v, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(_option(option, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def _option(value: Any, label: Any, chosen: set[str]) -> str:
    value = "" if value is None else str(value)
    if value in chosen:
        return format_html('<option value="{}" selected>{}</option>', value, label)
    return format_html('<option value="{}">{}</option>', value, label)


class ManagerPicker(FastSelect):
    """The manager: the select holds "not set" and the person chosen; the search beside it
    asks for the people who match what is typed (``accounts:manager_options``) and puts
    them in the select. The member's communities have thousands of people: listing them
    all made the settings page cost about 0.7 s."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '{}<div class="manager-search"><label for="{}_search" class="small">{}</label>'
            '<input type="search" id="{}_search" name="q" autocomplete="off" '
            'hx-get="{}" hx-trigger="input changed delay:300ms, search" hx-target="#{}" '
            'hx-swap="innerHTML" hx-include="#{}"></div>',
            select,
            select_id,
            _("Find someone by name, then choose them above"),
            select_id,
            reverse("accounts:manager_options"),
            select_id,
            select_id,
        )


class TimezoneSelect(FastSelect):
    """A time-zone picker that the page's script pre-selects from the browser's zone."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-guess-timezone": "true", **(attrs or {})})


class ProfileForm(ModelForm):
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-grid"}),
        label=_("Languages you work in"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Salon's pages and the emails it sends you use this language."),
        widget=FastSelect(),
    )
    interests_text = forms.CharField(
        label=_("Interests"),
        required=False,
        help_text=_("Separate with commas, e.g. scenario planning, AI ethics, sailing."),
        max_length=500,
    )

    class Meta:
        model = User
        fields = [
            "name",
            "photo",
            "title",
            "organisation",
            "organisation_unit",
            "manager",
            "function",
            "industry",
            "region",
            "country",
            "timezone",
            "language",
            "work_start",
            "work_end",
            "bio",
        ]
        widgets = {
            # No browser guess here: it would silently replace a zone the member chose.
            "work_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "work_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "bio": forms.Textarea(attrs={"rows": 5}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "manager": ManagerPicker(),
            "function": FastSelect(),
            "region": FastSelect(),
            "timezone": FastSelect(),
        }

    fieldsets = [
        (_("About you"), ["name", "photo", "title", "bio", "interests_text"]),
        (
            _("Your organisation"),
            ["organisation", "organisation_unit", "manager", "function", "industry"],
        ),
        (
            _("Where and when you work"),
            ["region", "country", "timezone", "work_start", "work_end", "languages"],
        ),
        (_("Language"), ["language"]),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        # The manager is chosen among people the member already shares a community with,
        # so the picker never lists the whole organisation.
        manager: Any = self.fields["manager"]
        manager.queryset = manager_choices_for(self.instance)
        manager.empty_label = _("— Not in Salon / not set —")
        current = self.data.get("manager") if self.is_bound else self.instance.manager_id
        manager.widget.choices = manager_options(manager.queryset, current, manager.empty_label)
        language: Any = self.fields["language"]
        language.choices = [("", _("The one my browser asks for")), *settings.LANGUAGES]
        for name, blank in (("function", _("— Choose —")), ("region", _("— Choose —"))):
            field: Any = self.fields[name]
            field.choices = [("", blank), *[c for c in field.choices if c[0]]]
        if self.instance.pk:
            self.fields["languages"].initial = list(self.instance.languages.all())
            self.fields["interests_text"].initial = ", ".join(self.instance.interests or [])

    def grouped_fields(self) -> list[tuple[Any, list[Any]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_interests_text(self) -> list[str]:
        raw = self.cleaned_data.get("interests_text", "")
        items = [item.strip()[:60] for item in raw.split(",") if item.strip()]
        return list(dict.fromkeys(items))[:20]

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo is not self.initial.get("photo") and hasattr(photo, "content_type"):
            return reencode_image(photo, max_side=512, name="photo")
        return photo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("work_start"), data.get("work_end")
        if start and end and start == end:
            self.add_error("work_end", _("Your working day must end at a different time."))
        return data


def manager_choices_for(user: User) -> Any:
    from salon.communities.models import Membership

    if not user.pk:
        return User.objects.none()
    community_ids = Membership.objects.filter(user=user).values("community_id")
    return (
        User.objects.filter(is_active=True, memberships__community_id__in=community_ids)
        .exclude(pk=user.pk)
        .distinct()
        .only("pk", "name", "email")
        .order_by("name")
    )


def manager_options(people: Any, current: Any, empty_label: Any) -> list[tuple[Any, str]]:
    """ "Not set", the person chosen (if they may be chosen) and ``people`` after them."""
    options: list[tuple[Any, str]] = [("", str(empty_label))]
    chosen = str(current or "")
    if chosen.isdigit():
        options += [(p.pk, str(p)) for p in people.filter(pk=int(chosen))[:1]]
    return options


MANAGER_MATCHES = 20


def manager_matches(user: User, query: str) -> list[tuple[Any, str]]:
    """Up to 20 people ``user`` may name as their manager whose name contains ``query``
    (at least two characters; by name only, as profiles name a manager)."""
    query = query.strip()[:60]
    if len(query) < 2:
        return []
    people = manager_choices_for(user).filter(name__icontains=query)
    return [(p.pk, str(p)) for p in people[:MANAGER_MATCHES]]


class TimezoneForm(Form):
    timezone = forms.ChoiceField(
        label=_("Your time zone"), choices=TIMEZONE_CHOICES, widget=TimezoneSelect()
    )


class NewAccountForm(Form):
    """Name and password for someone joining through an invitation or open signup."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A phrase of a few words works well."),
    )
    timezone = forms.ChoiceField(
        label=_("Your time zone"), choices=TIMEZONE_CHOICES, initial="UTC", widget=TimezoneSelect()
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password, User(email=self.email, name=self.data.get("name", "")))
        return password

    def clean(self) -> dict[str, Any]:
        email = self.email or str(self.data.get("email", ""))
        check_password_allowed(email, what="make an account with a password", request=None)
        return super().clean() or {}


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “HR sync”.")
    )
    expires_in = forms.ChoiceField(
        label=_("Expires"),
        choices=[
            ("30", _("In 30 days")),
            ("90", _("In 90 days")),
            ("365", _("In a year")),
            ("never", _("Never")),
        ],
        initial="90",
        required=False,
        help_text=_("A token also stops working when you change your password."),
    )

    def clean_expires_in(self) -> int | None:
        """Days until it expires (90 unless chosen otherwise), or None for never."""
        value = self.cleaned_data.get("expires_in") or "90"
        return None if value == "never" else int(value)


class SelfSignupForm(NewAccountForm):
    email = forms.EmailField(label=_("Work email"))  # type: ignore[assignment]
    field_order = ["name", "email", "password", "timezone"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("There is already an account for this address. Sign in first, then join.")
            )
        return email


class SalonLoginForm(LoginForm):
    """allauth's sign-in form, refusing a password for an address that must use single
    sign-on (with the link that works) before any password is checked."""

    def clean(self) -> dict[str, Any]:
        login = str(self.cleaned_data.get("login") or "")
        if login:
            check_password_allowed(login, what="sign in with a password", request=self.request)
        return super().clean()


class SalonResetPasswordForm(ResetPasswordForm):
    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "")
        check_password_allowed(
            email, what="reset a password", request=getattr(self, "request", None)
        )
        return super().clean_email()


class SalonSignupForm(SignupForm):
    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "")
        check_password_allowed(email, what="sign up with a password", request=None)
        return super().clean_email()
