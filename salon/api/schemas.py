"""Schemas every part of the API shares: the error bodies and bounded inputs."""

from __future__ import annotations

import zoneinfo
from datetime import date, time
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema


class ErrorOut(Schema):
    """Every 4xx but 422: ``{"detail": "what went wrong, in words"}``."""

    detail: str


class ValidationErrorOut(Schema):
    """422: each parameter or field that failed validation, where and why."""

    detail: list[dict[str, Any]]


# Dates the domain can work with: a date near year 1 or 9999 overflows as soon as a
# duration is added to it, so they are refused here, before any service sees them.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
_DATE_PATTERN = r"^(19|2[01])\d\d-\d\d-\d\d$"


def _text(value: Any) -> Any:
    """Dates and times come as JSON strings, as the schema says (pydantic would also read
    a number of seconds since 1970)."""
    if not isinstance(value, str | date | time):
        raise ValueError("Give it as text, as the schema shows.")
    return value


def _in_range(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"Give a date between {FIRST_DATE} and {LAST_DATE}.")
    return value


BoundedDate = Annotated[
    date,
    BeforeValidator(_text),
    AfterValidator(_in_range),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE_PATTERN}),
]
"""A ``date`` from 1900 to 2199."""

# A wall-clock time without an offset, "09:00" or "09:00:00" (JSON Schema's "time" format
# would demand an offset, which a time of day in someone's own zone does not have).
LocalTime = Annotated[
    time,
    BeforeValidator(_text),
    AfterValidator(lambda value: value.replace(tzinfo=None)),
    WithJsonSchema(
        {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"}
    ),
]

# Ids are positive 64-bit integers: anything larger cannot reach the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# The same list as the profile's time-zone choices (accounts.models.TIMEZONE_CHOICES).
_ZONES = sorted(zoneinfo.available_timezones())


def _known_zone(value: str) -> str:
    if value not in _ZONES:
        raise ValueError("Give an IANA time zone, such as Europe/London.")
    return value


TimeZoneName = Annotated[
    str, AfterValidator(_known_zone), WithJsonSchema({"type": "string", "enum": _ZONES})
]
"""An IANA time zone name."""

Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]
"""The slug of a community, circle, category or event format."""


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**constraints: Any) -> Any:
    """A PATCH field that may be left out (it keeps its value) but not sent as ``null``:
    ``title: str = omittable(max_length=200)``. Read the fields sent with
    ``payload.dict(exclude_unset=True)``."""
    return Field(None, json_schema_extra=_no_default, **constraints)
