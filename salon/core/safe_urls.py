"""Web addresses people type in (video links, recordings, …): one rule, asked everywhere.

Only ``http`` and ``https`` (and ``mailto`` where a field allows it) are accepted: a
``javascript:`` or ``data:`` address shown as a link would run in the reader's session.
Every URL field uses what is here:

- models: ``SafeURLField`` (a ``URLField`` whose validator is ``validate_safe_url``);
- forms: ``SafeURLFormField``;
- API schemas: ``SafeURL`` (``OptionalSafeURL``), refused with a 422 before anything runs;
- services: ``check_url(value)`` before writing;
- templates: ``{{ value|safe_url }}`` is the address, or empty when it is not one we link.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

WEB_SCHEMES = ("http", "https")
MESSAGE = _("Enter a web address that starts with https:// or http://.")


def is_safe_url(value: Any, *, schemes: tuple[str, ...] = WEB_SCHEMES) -> bool:
    """True for an address we may put in a link's ``href``. Control characters and spaces
    are refused outright: browsers strip some of them before reading the scheme."""
    if not isinstance(value, str) or not value:
        return False
    if any(ord(c) < 33 or ord(c) == 127 for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme.lower() not in schemes:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


class SafeURLValidator(URLValidator):
    """Django's URL validator, limited to web addresses, with our message."""

    message = MESSAGE

    def __init__(self, schemes: tuple[str, ...] = WEB_SCHEMES, **kwargs: Any) -> None:
        super().__init__(schemes=list(schemes), **kwargs)

    def __call__(self, value: Any) -> None:
        if not is_safe_url(value, schemes=tuple(self.schemes)):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        if "mailto" not in self.schemes or not str(value).lower().startswith("mailto:"):
            super().__call__(value)


validate_safe_url = SafeURLValidator()


def check_url(value: str | None, *, schemes: tuple[str, ...] = WEB_SCHEMES) -> str:
    """``value`` stripped, or ``ValidationError``; empty stays empty (the field is optional)."""
    text = (value or "").strip()
    if text:
        SafeURLValidator(schemes)(text)
    return text


class SafeURLField(models.URLField):
    """A ``URLField`` that accepts web addresses only. It migrates as a plain ``URLField``:
    validators are Python-side only, so the column does not change."""

    default_validators = [validate_safe_url]

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"form_class": SafeURLFormField, **kwargs})


class SafeURLFormField(forms.URLField):
    default_validators = [validate_safe_url]
    default_error_messages = {"invalid": MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


def _schema_check(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_url(value)
    except ValidationError as exc:
        raise ValueError(str(MESSAGE)) from exc


# What the API schema says a link is: empty, or http(s):// and a host, with no spaces. The
# validator above is the rule (it also checks the host's name); this lets a client, or a
# fuzzer, know the shape before it sends anything. Letters either case, as servers read them.
URL_PATTERN = r"^(?:[hH][tT][tT][pP][sS]?://[^\s/?#]+(?:[/?#]\S*)?)?$"


class _WebAddressSchema:
    """Adds the pattern to whatever else the field says (its length, its default)."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["pattern"] = URL_PATTERN
        schema.setdefault(
            "description", "A web address starting with https:// or http://, or empty for none."
        )
        return schema


_URL_SCHEMA = _WebAddressSchema()

SafeURL = Annotated[str, AfterValidator(_schema_check), _URL_SCHEMA]
OptionalSafeURL = Annotated[str | None, AfterValidator(_schema_check)]
