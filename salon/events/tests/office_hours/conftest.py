"""Expert time personas: Eve, an expert in New York, offering office hours to Acme."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from conftest import join, make_user
from salon.communities.models import Role
from salon.events.office_hours.services import OfficeHoursPlan, office_hours_publish
from salon.events.office_hours.slots import Window


@pytest.fixture
def expert(community: Any) -> Any:
    user = make_user(
        "eve@acme.test",
        "Eve Expert",
        timezone="America/New_York",
        work_start=time(8),
        work_end=time(18),
    )
    join(user, community, Role.EXPERT)
    return user


@pytest.fixture
def publish(expert: Any, community: Any) -> Any:
    """``publish(windows=[Window(...)], minutes=30)`` as the expert."""

    def run(
        *, windows: list[Window] | None = None, minutes: int = 30, weeks: int = 2, **extra: Any
    ) -> Any:
        week = windows or [Window(day, time(9), time(11)) for day in range(5)]
        return office_hours_publish(
            actor=extra.pop("actor", expert),
            community=community,
            plan=OfficeHoursPlan(
                windows=tuple(week), slot_minutes=minutes, weeks_ahead=weeks, **extra
            ),
        )

    return run


@pytest.fixture
def offer(publish: Any) -> Any:
    return publish(join_url="https://meet.example.com/eve")
