"""Dates are written the reader's way: every named format exists in every language."""

from __future__ import annotations

import importlib
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from salon.formats import ENGLISH

ROOT = Path(__file__).resolve().parents[2]
# Patterns that read the same in every language may stay literal.
UNIVERSAL = {"H:i", "D", "l"}


def _used_formats() -> set[str]:
    used: set[str] = set()
    for path in ROOT.rglob("*"):
        if path.suffix not in {".html", ".txt", ".py"} or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        used |= set(re.findall(r'\|date:"([^"]*)"', text))
        used |= set(re.findall(r"date_format\([^\n]*?, [\"']([^\"']*)[\"']\)", text))
    return used


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_language_spells_every_named_date_format(code: str) -> None:
    module = importlib.import_module(f"salon.formats.{code}.formats")

    missing = [name for name in ENGLISH if not getattr(module, name, None)]

    assert not missing, f"salon/formats/{code}/formats.py lacks {missing}"


def test_pages_and_emails_name_their_date_formats() -> None:
    literal = sorted(_used_formats() - set(ENGLISH) - UNIVERSAL)

    assert not literal, (
        f"These date patterns are written out, so every language would get the English "
        f"order: {literal}. Name one from salon/formats/__init__.py instead."
    )


def test_the_same_day_in_three_languages() -> None:
    day = datetime(2027, 12, 6, 14, 30)

    written = {}
    for code in ("en", "de", "ja"):
        with translation.override(code):
            written[code] = date_format(day, "WEEKDAY_DAY_MONTH_YEAR")

    assert written == {
        "en": "Monday 6 December 2027",
        "de": "Montag, 6. Dezember 2027",
        "ja": "2027年12月6日（月曜日）",
    }
