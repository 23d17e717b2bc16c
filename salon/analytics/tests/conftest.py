from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from salon.analytics.tests.world import newcomers
from salon.communities.models import Community


@pytest.fixture
def activity(community: Community, director: Any) -> Callable[..., list[Any]]:
    """``activity(n, start=…)``: see ``world.newcomers``."""
    return newcomers(community, director)
