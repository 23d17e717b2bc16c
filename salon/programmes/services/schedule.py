"""Telling a cohort that dates moved: once per person for each change, however many
items moved together, in their digest or at once as they chose (notifications)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from salon.programmes.models import Programme


def cohort_user_ids(programme: Programme) -> list[int]:
    from salon.communities.models import CircleMembership

    return list(
        CircleMembership.objects.filter(
            circle__cohort_programmes=programme, circle__archived_at__isnull=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def tell_cohort_of_new_dates(*, programme: Programme, actor: Any, what: str) -> None:
    """One notification per member of the cohorts, after commit; the change's own key
    keeps it to one even if the caller is retried."""
    from salon.programmes.notifications import dates_changed

    change = uuid.uuid4().hex
    transaction.on_commit(
        lambda: dates_changed(programme=programme, actor=actor, what=what, change=change)
    )
