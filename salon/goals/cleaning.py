"""Cleaning what people type, for every goals service: one clear message per refusal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from salon.goals.models import DECIMALS, MAX_DIGITS

MAX_VALUE = Decimal(10) ** (MAX_DIGITS - DECIMALS)


def clean_text(value: str | None, *, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("%(field)s cannot be empty.") % {"field": label})
    if len(text) > max_length:
        raise ValidationError(
            _("%(field)s has at most %(n)d characters.") % {"field": label, "n": max_length}
        )
    return text


def clean_line(value: str | None, *, label: str, max_length: int, required: bool = True) -> str:
    """One line: runs of spaces and line breaks become one space."""
    return " ".join(
        clean_text(value, label=label, max_length=max_length, required=required).split()
    )


def clean_confidence(value: int | None) -> int | None:
    """A confidence from 1 to 10, or None when none was given."""
    if value is None:
        return None
    if not 1 <= int(value) <= 10:
        raise ValidationError(_("Confidence goes from 1 to 10."))
    return int(value)


def required_confidence(value: int | None) -> int:
    confidence = clean_confidence(value)
    if confidence is None:
        raise ValidationError(_("Say how confident you are, from 1 to 10."))
    return confidence


def clean_amount(value: Any, *, label: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("%(field)s must be a number.") % {"field": label}) from None
    if not amount.is_finite() or abs(amount) >= MAX_VALUE:
        raise ValidationError(_("%(field)s is too large.") % {"field": label})
    return amount
