"""The demo's words live in ``data/*.toml`` (forum threads, goals, people, programmes);
the seed's modules only read them. Texts may name years relative to the day of seeding:
``{year}``, ``{last_year}`` and ``{next_year}``."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


@cache
def load(name: str) -> dict[str, Any]:
    """One data file, by name (``load("goals")`` reads ``data/goals.toml``)."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def dated(text: str, today: date) -> str:
    """The text with its years filled in for a demo seeded on ``today``."""
    return (
        text.replace("{year}", str(today.year))
        .replace("{last_year}", str(today.year - 1))
        .replace("{next_year}", str(today.year + 1))
    )
