"""Forums for the conftest personas: a community-wide category, one in the EMEA circle
(open; Maya is in it) and one in the private Board circle (nobody but stewards)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase

from salon.discussions.categories import category_create
from salon.discussions.models import Category, Topic
from salon.discussions.services.topics import topic_create


@pytest.fixture
def general(director: Any, community: Any) -> Category:
    return category_create(actor=director, community=community, name="General")


@pytest.fixture
def emea_category(director: Any, community: Any, circle: Any) -> Category:
    return category_create(actor=director, community=community, name="EMEA talk", circle=circle)


@pytest.fixture
def board_category(director: Any, community: Any, private_circle: Any) -> Category:
    return category_create(
        actor=director, community=community, name="Board room", circle=private_circle
    )


@pytest.fixture
def start(general: Category) -> Any:
    """``start(author, title=..., body=..., category=..., kind=...)``, after commit."""

    def make(author: Any, category: Category | None = None, **fields: Any) -> Topic:
        fields.setdefault("title", "How do you run a strategy offsite?")
        fields.setdefault("body", "Looking for formats that worked.")
        with TestCase.captureOnCommitCallbacks(execute=True):
            return topic_create(actor=author, category=category or general, **fields)

    return make


@pytest.fixture
def committed() -> Any:
    """Run a service and its after-commit work (notifications), as a request would."""

    def run(service: Any, **kwargs: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return service(**kwargs)

    return run
