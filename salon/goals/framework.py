"""The default leadership competency framework every community starts from.

Plain data, no Django: the content lives in ``data/default_framework.toml`` (a programme
director's words, not code). The data migrations and the ``post_save`` receiver that
gives each new community its own editable copy all read it (docs/goals.md, "Competencies").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "default_framework.toml"

# How many observable behaviours a competency has: enough to rate, few enough to remember.
MIN_BEHAVIOURS, MAX_BEHAVIOURS = 3, 5


@dataclass(frozen=True)
class DefaultCompetency:
    name: str
    definition: str
    behaviours: tuple[str, ...]
    levels: tuple[tuple[str, str], ...]  # (level name, what it looks like), first to highest


@dataclass(frozen=True)
class DefaultFramework:
    version: int
    level_names: tuple[str, ...]
    competencies: tuple[DefaultCompetency, ...]

    def by_name(self) -> dict[str, DefaultCompetency]:
        return {c.name: c for c in self.competencies}


def _load(text: str) -> DefaultFramework:
    data = tomllib.loads(text)
    names = tuple(data["level_names"])
    competencies = []
    for item in data["competency"]:
        behaviours = tuple(item["behaviours"])
        levels = tuple(item["levels"])
        if not MIN_BEHAVIOURS <= len(behaviours) <= MAX_BEHAVIOURS:
            raise ValueError(f"{item['name']}: give three to five behaviours")
        if len(levels) != len(names):
            raise ValueError(f"{item['name']}: describe each of the {len(names)} levels")
        competencies.append(
            DefaultCompetency(
                name=item["name"],
                definition=item["definition"],
                behaviours=behaviours,
                levels=tuple(zip(names, levels, strict=True)),
            )
        )
    return DefaultFramework(
        version=int(data["version"]), level_names=names, competencies=tuple(competencies)
    )


@cache
def default_framework() -> DefaultFramework:
    return _load(DATA_FILE.read_text(encoding="utf-8"))


# The names and definitions, as migration 0002 first used them.
DEFAULT_COMPETENCIES: tuple[tuple[str, str], ...] = tuple(
    (c.name, c.definition) for c in default_framework().competencies
)
