"""The queue `make demo` and production use (database, or RQ on Redis) really runs tasks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

import salon.settings as production
from conftest import client_for
from salon.communities.models import Invitation


# The worker manages its own connections and transactions, as it does in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_configured_queue_and_worker_deliver_the_invitation_email(
    director: Any, settings: Any
) -> None:
    settings.TASKS = production.TASKS
    client_for(director).post("/c/acme/invite/", {"email": "nina@example.com", "role": "member"})
    assert Invitation.objects.filter(email="nina@example.com").exists()
    assert mail.outbox == []  # queued, not sent inline

    if production.REDIS_URL:
        call_command(
            "rqworker",
            "default",
            burst=True,
            job_class="django_tasks_rq.Job",
            worker_class="rq.SimpleWorker",
        )
    else:
        call_command("db_worker", batch=True, startup_delay=False, queue_name="default")

    assert [m.to for m in mail.outbox] == [["nina@example.com"]]
