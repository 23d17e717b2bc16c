"""Believable executives: names, countries, time zones and languages that fit together
(the words are in ``data/people.toml``). Nobody's name is used twice, across communities
too: pass the same ``taken`` set to every call."""

from __future__ import annotations

import random
from dataclasses import dataclass

from salon.demo.content import load


@dataclass(frozen=True)
class Country:
    name: str
    region: str
    timezone: str
    languages: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


_PEOPLE = load("people")
COUNTRIES: list[Country] = [
    Country(
        c["name"],
        c["region"],
        c["timezone"],
        tuple(c["languages"]),
        tuple(c["first_names"]),
        tuple(c["last_names"]),
    )
    for c in _PEOPLE["countries"]
]
GEN_TITLES = [(t["title"], t["function"]) for t in _PEOPLE["titles"]["network"]]
LAB_TITLES = [(t["title"], t["function"]) for t in _PEOPLE["titles"]["lab"]]
GEN_UNITS: list[str] = _PEOPLE["units"]["network"]
LAB_UNITS: list[str] = _PEOPLE["units"]["lab"]
INTERESTS: list[str] = _PEOPLE["interests"]
BIOS: list[str] = _PEOPLE["bios"]


@dataclass
class DemoPerson:
    name: str
    email: str
    country: str
    region: str
    timezone: str
    languages: tuple[str, ...]
    title: str
    function: str
    organisation: str
    organisation_unit: str
    industry: str
    interests: list[str]
    bio: str
    work_start: str
    work_end: str


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part.lower() for part in ascii_name.replace("-", " ").split())


def make_people(
    count: int,
    *,
    seed: int,
    organisation: str,
    industry: str,
    titles: list[tuple[str, str]],
    units: list[str],
    domain: str,
    countries: list[Country] | None = None,
    taken: set[str] | None = None,
) -> list[DemoPerson]:
    """``count`` people; names in ``taken`` are not used, and the new ones are added to it."""
    rng = random.Random(seed)
    pool = countries or COUNTRIES
    people: list[DemoPerson] = []
    used: set[str] = taken if taken is not None else set()
    i = 0
    while len(people) < count:
        country = pool[i % len(pool)]
        i += 1
        first = rng.choice(country.first_names)
        last = rng.choice(country.last_names)
        name = f"{first} {last}"
        if (
            country.region == "apac"
            and country.name in {"China", "South Korea"}
            and rng.random() < 0.5
        ):
            name = f"{last} {first}"
        if name in used:
            if i > 50 * count:
                raise ValueError("Not enough names in data/people.toml for that many people.")
            continue
        used.add(name)
        title, function = rng.choice(titles)
        unit = rng.choice(units)
        interests = rng.sample(INTERESTS, 3)
        bio = rng.choice(BIOS).format(
            n=rng.choice([40, 120, 300, 900]), c=country.name, f=function, u=unit, i=interests[0]
        )
        start = rng.choice(["08:00", "08:30", "09:00"])
        end = rng.choice(["17:00", "17:30", "18:00", "18:30"])
        people.append(
            DemoPerson(
                name=name,
                email=f"{_slug(name)}@{domain}",
                country=country.name.replace(" (West)", ""),
                region=country.region,
                timezone=country.timezone,
                languages=country.languages,
                title=title,
                function=function,
                organisation=organisation,
                organisation_unit=unit,
                industry=industry,
                interests=interests,
                bio=bio,
                work_start=start,
                work_end=end,
            )
        )
    return people
