from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from salon.events.models import EventFormat
from salon.events.recurrence import Recurrence
from salon.events.services import EventPlan, event_create


@pytest.fixture
def webinar(db: Any) -> EventFormat:
    return EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]


@pytest.fixture
def plan_event(director: Any, community: Any, webinar: EventFormat) -> Any:
    """``plan_event(title=..., start_local=..., recurrence=...)`` as the director."""

    def plan(
        *,
        title: str = "Strategy webinar",
        start_local: datetime | None = None,
        tz: str = "Europe/London",
        duration: timedelta = timedelta(hours=1),
        recurrence: Recurrence | None = None,
        **extra: Any,
    ) -> Any:
        start = start_local or (datetime.now() + timedelta(days=7)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        return event_create(
            actor=director,
            community=community,
            plan=EventPlan(
                title=title,
                format=extra.pop("format", webinar),
                timezone=tz,
                start_local=start,
                duration=duration,
                **extra,
            ),
            recurrence=recurrence,
        )

    return plan
