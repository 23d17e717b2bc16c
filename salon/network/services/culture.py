"""Cultural context that people write: a member's "how to work with me" and how to say
their name, and a community's notes about working with people in each country."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.accounts.models import User
from salon.core.audit import audit
from salon.core.permissions import require
from salon.network.models import CountryNote, NetworkSettings


@transaction.atomic
def working_style_update(*, actor: Any, name_pronunciation: str, working_notes: str) -> None:
    """What ``actor`` tells colleagues about working with them (shown on their profile)."""
    require(actor, "profile.edit", actor)
    NetworkSettings.objects.update_or_create(
        user=actor,
        defaults={
            "name_pronunciation": name_pronunciation.strip(),
            "working_notes": working_notes.strip(),
        },
    )
    audit("network.working_style.changed", actor=actor, target=actor)


def countries_of(community: Any) -> list[str]:
    """The countries the community's members give, for the facilitators' choice."""
    rows = (
        User.objects.filter(memberships__community=community, is_active=True)
        .exclude(country="")
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(set(rows))


@transaction.atomic
def country_note_save(*, actor: Any, community: Any, country: str, body: str) -> CountryNote:
    """Write or rewrite the community's note about one of its members' countries."""
    require(actor, "country_note.edit", community)
    country, body = country.strip(), body.strip()
    if country not in countries_of(community):
        raise ValidationError(_("Choose a country that members of this community give."))
    if not body:
        raise ValidationError(_("Write the note, or delete it instead."))
    note, created = CountryNote.objects.update_or_create(
        community=community,
        country=country,
        defaults={"body": body, "updated_by": actor, "updated_at": timezone.now()},
    )
    audit(
        "network.country_note.added" if created else "network.country_note.changed",
        actor=actor,
        target=note,
        community=community,
        country=country,
    )
    return note


@transaction.atomic
def country_note_delete(*, actor: Any, note: CountryNote) -> None:
    require(actor, "country_note.edit", note.community)
    audit(
        "network.country_note.deleted",
        actor=actor,
        target=note,
        community=note.community,
        country=note.country,
    )
    note.delete()
