"""From an identity provider's claims to a Salon profile: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salon.accounts.models import Region

# Words identity providers commonly use for a region, beyond Salon's own codes and names.
REGION_ALIASES = {
    "europe": Region.EMEA,
    "eu": Region.EMEA,
    "emea": Region.EMEA,
    "na": Region.AMERICAS,
    "latam": Region.AMERICAS,
    "north america": Region.AMERICAS,
    "south america": Region.AMERICAS,
    "asia": Region.APAC,
    "asia pacific": Region.APAC,
    "asia-pacific": Region.APAC,
    "middle east": Region.MEA,
    "africa": Region.MEA,
}

# Profile field -> the User field it fills (manager and locale are handled apart).
USER_FIELDS = {"name": "name", "title": "title", "department": "organisation_unit"}


def claim(claims: Mapping[str, Any], path: str) -> str:
    """The claim at ``path`` (dots reach into objects, e.g. ``address.region``, unless the
    whole path is a name, as SAML attribute URIs are) as text; the first item of a list;
    "" when absent."""
    value: Any = claims
    if path in claims:
        value = claims[path]
    else:
        for part in path.split("."):
            if not isinstance(value, Mapping):
                return ""
            value = value.get(part)
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None or isinstance(value, (dict, bool)):
        return ""
    return str(value).strip()


def region_code(value: str) -> str:
    """Salon's region code for what the provider said, or "" when it is not one."""
    key = value.strip().lower()
    if not key:
        return ""
    for code, label in Region.choices:
        if key in {code, str(label).lower()}:
            return str(code)
    return str(REGION_ALIASES.get(key, ""))


def profile_from_claims(claims: Mapping[str, Any], claim_map: Mapping[str, str]) -> dict[str, str]:
    """Only what the provider actually said: a claim that is absent or empty changes nothing.

    Keys: ``name``, ``title``, ``department``, ``region`` (a Salon code), ``manager`` (an
    email address) and ``locale``."""
    profile: dict[str, str] = {}
    for field, path in claim_map.items():
        value = claim(claims, path)
        if field == "region":
            value = region_code(value)
        elif field == "manager":
            value = value.lower()
        elif field == "locale":
            value = value.replace("_", "-")[:35]
        if value:
            profile[field] = value[:150]
    if "name" not in profile:
        given, family = claim(claims, "given_name"), claim(claims, "family_name")
        if given or family:
            profile["name"] = f"{given} {family}".strip()[:150]
    return profile
