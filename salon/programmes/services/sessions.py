"""An event made from a module: a live session without an event gets one at the fair
planner's best time for its cohort, between the day it opens (or tomorrow) and the day
it is due (or the module's end), and is linked to it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.events import planner
from salon.events.planning import participant_of
from salon.programmes.models import Item, ItemKind

# The planner weighs everyone; beyond this many it weighs this many, the cohort's first.
MOST_PEOPLE = 200
DEFAULT_LENGTH = timedelta(minutes=60)


def _cohort(item: Item) -> list[Any]:
    from salon.accounts.models import User
    from salon.communities.models import PARTICIPANT_ROLES

    programme = item.module.programme
    return list(
        User.objects.filter(
            is_active=True,
            circle_memberships__circle__cohort_programmes=programme,
            circle_memberships__circle__archived_at__isnull=True,
            memberships__community_id=programme.community_id,
            memberships__role__in=PARTICIPANT_ROLES,
        )
        .distinct()
        .order_by("pk")[:MOST_PEOPLE]
    )


@transaction.atomic
def session_event_plan(
    *, actor: Any, item: Item, duration: timedelta = DEFAULT_LENGTH, join_url: str = ""
) -> Any:
    """Make the live session's event at the planner's suggestion, for its cohort circle."""
    from salon.events.models import EventFormat
    from salon.events.services import EventPlan, event_create

    programme = item.module.programme
    require(actor, "cohort_programme.edit", programme)
    if item.kind != ItemKind.SESSION or item.event_id is not None:
        raise ValidationError(_("Only a live session without an event gets one planned."))
    today = timezone.localdate()
    first = max(item.opens_on, today + timedelta(days=1))
    last = max(item.due_on or item.module.ends_on, first)
    people = _cohort(item)
    if not people:
        raise ValidationError(_("The programme has nobody in its cohorts yet."))
    between = (first - timedelta(days=1), last + timedelta(days=1))
    slots = planner.plan_slots(
        [participant_of(p, between=between)[0] for p in people],
        start=datetime.combine(first, time(0), UTC),
        end=datetime.combine(last + timedelta(days=1), time(0), UTC),
        duration=duration,
        limit=1,
    )
    if not slots:
        raise ValidationError(_("The planner found no time in the session's dates."))
    cohorts = list(programme.cohorts.all()[:2])
    zone = actor.timezone or "UTC"
    event = event_create(
        actor=actor,
        community=programme.community,
        plan=EventPlan(
            title=item.title,
            format=EventFormat.objects.filter(slug="workshop").first()
            or EventFormat.objects.order_by("pk").first(),  # type: ignore[arg-type]
            timezone=zone,
            start_local=slots[0].start.astimezone(ZoneInfo(zone)).replace(tzinfo=None),
            duration=duration,
            description=item.instructions,
            circle=cohorts[0] if len(cohorts) == 1 else None,
            join_url=join_url,
        ),
    )
    item.event = event
    item.save(update_fields=["event"])
    audit("programmes.session.planned", actor=actor, target=programme, item=item.pk)
    return event
