"""Helpers for the notification tests: a test kind, after-commit work, reading emails."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from django.test import TestCase

from salon.core.permissions import can
from salon.notifications import registry
from salon.notifications.registry import Delivery
from salon.notifications.services import notify

TEST_KIND = "tests.community_news"


@pytest.fixture(autouse=True)
def _test_kind() -> Iterator[None]:
    """A kind like a future "new post": everyone who may see the community hears of it."""
    registry._KINDS.pop(TEST_KIND, None)
    registry.register_kind(
        TEST_KIND,
        label="Test news",
        default=Delivery.IMMEDIATE,
        line=lambda data: (
            f"{data['actor']} posted {data.get('title', 'news')} in {data['community']}"
        ),
        may_see=lambda user, community: can(user, "community.view", community),
    )
    yield
    registry._KINDS.pop(TEST_KIND, None)


def tell(recipients: Any, target: Any, actor: Any = None, **kwargs: Any) -> int:
    """notify() the test kind, running its after-commit work (emails, live counts) at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return notify(recipients, TEST_KIND, target, actor, **kwargs)


def text_and_html(message: Message) -> tuple[str, str]:
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()  # type: ignore[union-attr]
    html = parts["text/html"].get_payload(decode=True).decode()  # type: ignore[union-attr]
    return text, html


def path_of(url: str) -> str:
    """The path of one of our absolute links, for the test client."""
    from django.conf import settings

    assert url.startswith(settings.SALON_BASE_URL), url
    return url[len(settings.SALON_BASE_URL) :]
