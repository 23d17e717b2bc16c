from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase


@pytest.fixture
def committed() -> Any:
    """Run a service and its after-commit work (notifications, live messages)."""

    def run(service: Any, **kwargs: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
