"""The API keeps its published contract: schemathesis generates requests from
``/api/v1/openapi.json`` (valid and invalid ones) and sends them in-process, through WSGI,
as a community's director with a personal access token.

Every answer must be no 5xx, a status the schema documents, the content type it
documents, and a body matching its schema. Examples are few (``SALON_CONTRACT_EXAMPLES``,
default 6 per operation and mode) so the whole API runs in a minute or two; the demo run
described in docs/api.md tries thousands.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import join, make_user
from salon.accounts.services import api_token_create
from salon.communities.models import Role
from salon.discussions.models import Category
from salon.discussions.services.topics import topic_create
from salon.events.models import EventFormat
from salon.events.services import EventPlan, event_create
from salon.mentoring.models import Programme, ProgrammeStatus

EXAMPLES = int(os.environ.get("SALON_CONTRACT_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def tenant(director: Any, facilitator: Any, member: Any, community: Any) -> dict[str, Any]:
    """A community with a facilitator, members, an event, a topic and a programme, and a
    token for its director."""
    for n in range(3):
        join(make_user(f"peer{n}@acme.test", f"Peer {n}"), community, Role.MEMBER)
    webinar = EventFormat.objects.get_or_create(slug="webinar", defaults={"name": "Webinar"})[0]
    event_create(
        actor=director,
        community=community,
        plan=EventPlan(
            title="Strategy webinar",
            format=webinar,
            timezone="Europe/London",
            start_local=(datetime.now() + timedelta(days=7)).replace(hour=9, minute=0),
            duration=timedelta(hours=1),
        ),
    )
    category = Category.objects.filter(community=community).first()
    if category is not None:
        topic_create(
            actor=member, category=category, kind="discussion", title="Hello", body="First post."
        )
    Programme.objects.create(
        community=community,
        name="Cross-regional mentoring",
        starts_on=date.today() + timedelta(days=30),
        ends_on=date.today() + timedelta(days=200),
        status=ProgrammeStatus.ENROLLING,
        created_by=director,
    )
    _token, raw = api_token_create(user=director, name="contract test")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def api_schema(db: Any, settings: Any) -> Any:
    settings.SALON_RATE_API = "1000000/m"
    settings.SALON_RATE_POST = "1000000/m"
    settings.SALON_RATE_INVITATIONS = "1000000/h"
    # As Django's test client does: requests must not close the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_keeps_the_contract(api_schema: Any, tenant: dict[str, str]) -> None:
    broken: dict[str, str] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def call(case: Any) -> None:
                case.call_and_validate(headers=tenant, checks=CHECKS)

            try:
                call()
            except (Exception, BaseExceptionGroup) as exc:  # collected, then shown at once
                broken[f"{operation.label} ({mode})"] = str(exc)[:2000]

    assert broken == {}
