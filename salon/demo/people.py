"""Believable executives: names, countries, time zones and languages that fit together."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    name: str
    region: str
    timezone: str
    languages: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


COUNTRIES: list[Country] = [
    Country(
        "United Kingdom",
        "emea",
        "Europe/London",
        ("en",),
        ("Olivia", "James", "Amelia", "Oliver", "Harriet", "Rupert"),
        ("Whitfield", "Ashworth", "Pemberton", "Clarke", "Hughes"),
    ),
    Country(
        "Germany",
        "emea",
        "Europe/Berlin",
        ("de", "en"),
        ("Katrin", "Matthias", "Anja", "Tobias", "Sabine", "Florian"),
        ("Brandt", "Hoffmann", "Keller", "Wagner", "Lehmann"),
    ),
    Country(
        "France",
        "emea",
        "Europe/Paris",
        ("fr", "en"),
        ("Camille", "Julien", "Élodie", "Antoine", "Claire", "Mathieu"),
        ("Moreau", "Lefèvre", "Girard", "Dubois", "Fontaine"),
    ),
    Country(
        "Netherlands",
        "emea",
        "Europe/Amsterdam",
        ("nl", "en", "de"),
        ("Sanne", "Joost", "Marieke", "Pieter"),
        ("de Vries", "Bakker", "Visser", "van Dijk"),
    ),
    Country(
        "Sweden",
        "emea",
        "Europe/Stockholm",
        ("sv", "en"),
        ("Ingrid", "Erik", "Astrid", "Henrik"),
        ("Lindqvist", "Johansson", "Berg", "Nyström"),
    ),
    Country(
        "Spain",
        "emea",
        "Europe/Madrid",
        ("es", "en"),
        ("Lucía", "Javier", "Carmen", "Álvaro"),
        ("García", "Navarro", "Ruiz", "Serrano"),
    ),
    Country(
        "Poland",
        "emea",
        "Europe/Warsaw",
        ("pl", "en"),
        ("Agnieszka", "Piotr", "Magdalena", "Tomasz"),
        ("Kowalska", "Nowak", "Wiśniewski", "Zielińska"),
    ),
    Country(
        "United States",
        "americas",
        "America/New_York",
        ("en",),
        ("Jennifer", "Michael", "Alicia", "David", "Rachel", "Marcus"),
        ("Reynolds", "Carter", "Brooks", "Sullivan", "Nguyen"),
    ),
    Country(
        "United States (West)",
        "americas",
        "America/Los_Angeles",
        ("en", "es"),
        ("Megan", "Daniel", "Priya", "Kevin"),
        ("Chen", "Ramirez", "Patel", "Morgan"),
    ),
    Country(
        "Canada",
        "americas",
        "America/Toronto",
        ("en", "fr"),
        ("Geneviève", "Liam", "Chloé", "Ethan"),
        ("Tremblay", "Gagnon", "MacDonald", "Roy"),
    ),
    Country(
        "Brazil",
        "americas",
        "America/Sao_Paulo",
        ("pt", "en", "es"),
        ("Fernanda", "Rafael", "Juliana", "Thiago"),
        ("Silva", "Oliveira", "Costa", "Almeida"),
    ),
    Country(
        "Mexico",
        "americas",
        "America/Mexico_City",
        ("es", "en"),
        ("Sofía", "Alejandro", "Valeria", "Diego"),
        ("Hernández", "López", "Martínez", "Castillo"),
    ),
    Country(
        "Chile",
        "americas",
        "America/Santiago",
        ("es", "en"),
        ("Catalina", "Matías"),
        ("Fuentes", "Rojas"),
    ),
    Country(
        "Japan",
        "apac",
        "Asia/Tokyo",
        ("ja", "en"),
        ("Yuki", "Haruto", "Aiko", "Kenji"),
        ("Tanaka", "Sato", "Nakamura", "Watanabe"),
    ),
    Country(
        "Singapore",
        "apac",
        "Asia/Singapore",
        ("en", "zh", "ms"),
        ("Mei Ling", "Wei Jie", "Siti", "Arjun"),
        ("Tan", "Lim", "Rahman", "Nair"),
    ),
    Country(
        "India",
        "apac",
        "Asia/Kolkata",
        ("en", "hi"),
        ("Ananya", "Rohan", "Kavya", "Vikram", "Meera"),
        ("Iyer", "Sharma", "Reddy", "Mehta", "Kapoor"),
    ),
    Country(
        "Australia",
        "apac",
        "Australia/Sydney",
        ("en",),
        ("Chloe", "Lachlan", "Isla", "Hamish"),
        ("Fraser", "Mitchell", "Kelly", "Walsh"),
    ),
    Country(
        "China",
        "apac",
        "Asia/Shanghai",
        ("zh", "en"),
        ("Li Na", "Zhang Wei", "Wang Fang", "Liu Yang"),
        ("Chen", "Zhao", "Huang", "Xu"),
    ),
    Country(
        "South Korea",
        "apac",
        "Asia/Seoul",
        ("ko", "en"),
        ("Ji-woo", "Min-jun", "Seo-yeon"),
        ("Kim", "Park", "Choi"),
    ),
    Country(
        "United Arab Emirates",
        "mea",
        "Asia/Dubai",
        ("ar", "en"),
        ("Fatima", "Omar", "Layla", "Khalid"),
        ("Al Mansoori", "Haddad", "Al Suwaidi", "Nasser"),
    ),
    Country(
        "Saudi Arabia",
        "mea",
        "Asia/Riyadh",
        ("ar", "en"),
        ("Noura", "Faisal"),
        ("Al Otaibi", "Al Harbi"),
    ),
    Country(
        "South Africa",
        "mea",
        "Africa/Johannesburg",
        ("en", "af", "zu"),
        ("Thandiwe", "Pieter", "Naledi", "Sipho"),
        ("Nkosi", "van der Merwe", "Dlamini", "Botha"),
    ),
    Country(
        "Nigeria",
        "mea",
        "Africa/Lagos",
        ("en", "yo"),
        ("Chiamaka", "Oluwaseun", "Ngozi", "Tunde"),
        ("Adeyemi", "Okafor", "Balogun", "Eze"),
    ),
    Country(
        "Kenya",
        "mea",
        "Africa/Nairobi",
        ("en", "sw"),
        ("Wanjiru", "Kamau", "Achieng"),
        ("Mwangi", "Otieno", "Njoroge"),
    ),
    Country(
        "Egypt",
        "mea",
        "Africa/Cairo",
        ("ar", "en", "fr"),
        ("Nour", "Karim", "Yasmin"),
        ("El-Sayed", "Farouk", "Mansour"),
    ),
]

GEN_TITLES = [
    ("Chief Financial Officer", "finance"),
    ("Chief Operating Officer", "operations"),
    ("Regional President", "general"),
    ("Managing Director", "general"),
    ("Chief People Officer", "people"),
    ("SVP Strategy", "strategy"),
    ("Chief Marketing Officer", "marketing"),
    ("General Counsel", "legal"),
    ("VP Supply Chain", "operations"),
    ("Country Manager", "general"),
    ("Chief Information Officer", "technology"),
    ("VP Commercial Excellence", "marketing"),
    ("Head of Transformation", "strategy"),
    ("VP Research & Development", "research"),
]
LAB_TITLES = [
    ("Chief Technology Officer", "technology"),
    ("VP Engineering", "technology"),
    ("Head of Product", "product"),
    ("VP Product Strategy", "product"),
    ("Director of Data Science", "research"),
    ("VP Platform", "technology"),
    ("Head of Design", "product"),
    ("Director of Innovation", "strategy"),
    ("VP Partnerships", "marketing"),
    ("Head of Venture Studio", "strategy"),
    ("Director of AI Research", "research"),
    ("VP Customer Success", "operations"),
]
GEN_UNITS = [
    "Consumer Health",
    "Industrial Solutions",
    "Corporate Functions",
    "Agriculture",
    "Specialty Materials",
    "Group Finance",
    "Digital & IT",
]
LAB_UNITS = ["Cloud Platform", "Devices", "AI & Data", "Enterprise Software", "Ventures"]
INTERESTS = [
    "scenario planning",
    "AI ethics",
    "negotiation",
    "inclusive leadership",
    "M&A integration",
    "sustainability",
    "storytelling",
    "pricing strategy",
    "cyber risk",
    "coaching",
    "supply-chain resilience",
    "design thinking",
    "public policy",
    "venture building",
    "behavioural economics",
    "board governance",
    "talent mobility",
    "sailing",
    "marathon running",
]
BIOS = [
    "I lead a team of {n} across {c} and care about growing leaders who can work across borders.",
    "Twenty years in {f}; currently focused on making our {u} business simpler and faster.",
    "Happy to talk about turnarounds, building trust in new teams, and anything about {i}.",
    "Joined from a start-up three years ago; still learning how to scale culture in {c}.",
]


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
) -> list[DemoPerson]:
    rng = random.Random(seed)
    pool = countries or COUNTRIES
    people: list[DemoPerson] = []
    used: set[str] = set()
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
