"""An announcement to a community of 5,000 returns at once: the request queues one task with
ids, and the worker tells everyone (issue #19, "heavy work leaves the request")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import salon.settings as production
from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Membership
from salon.discussions import tasks
from salon.discussions.categories import category_create
from salon.discussions.models import Topic
from salon.notifications.models import EmailSettings, Notification

MEMBERS = 5000


def _crowd(community: Any) -> None:
    """5,000 members who read Salon in the app only (no email), so that the worker's run
    is the fan-out itself and not the sending of 5,000 emails."""
    users = User.objects.bulk_create(
        User(email=f"m{n}@crowd.test", name=f"Member {n}", password="!", timezone_confirmed=True)
        for n in range(MEMBERS)
    )
    Membership.objects.bulk_create(Membership(user=u, community=community) for u in users)
    EmailSettings.objects.bulk_create(EmailSettings(user=u, email_off=True) for u in users)


def _run_worker() -> None:
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


# The worker manages its own connections and transactions, as it does in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_announcement_to_5000_members_is_told_by_the_worker_not_the_request(
    director: Any, member: Any, community: Any, settings: Any
) -> None:
    general = category_create(actor=director, community=community, name="General")
    _crowd(community)
    settings.TASKS = production.TASKS
    client = client_for(director)

    with CaptureQueriesContext(connection) as request_queries:
        response = client.post(
            "/c/acme/forum/new/",
            {
                "category": general.pk,
                "kind": "announcement",
                "title": "The spring retreat moves to Lisbon",
                "body": "Dates unchanged.",
            },
        )

    assert response.status_code == 302
    assert Topic.objects.filter(title="The spring retreat moves to Lisbon").exists()
    # The request wrote the topic and its bookkeeping, a fixed number of rows whatever
    # the community's size, and told nobody yet.
    inserts = [q for q in request_queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) <= 12, [q["sql"][:60] for q in inserts]
    assert Notification.objects.count() == 0

    _run_worker()

    told = Notification.objects.filter(kind="discussions.announcement")
    assert told.count() == MEMBERS + 1  # everyone but the director who announced it
    assert told.filter(recipient=member).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_fan_out_run_twice_tells_nobody_twice(
    director: Any, member: Any, facilitator: Any, community: Any
) -> None:
    general = category_create(actor=director, community=community, name="General")
    client = client_for(director)
    client.post(
        "/c/acme/forum/new/",
        {"category": general.pk, "kind": "announcement", "title": "Agenda", "body": "Soon."},
    )
    topic = Topic.objects.get(title="Agenda")
    assert Notification.objects.filter(kind="discussions.announcement").count() == 2

    # A retried or duplicated task, as a queue may deliver it.
    tasks.tell_topic_created.enqueue(topic_id=topic.pk, mentioned_ids=[])

    assert Notification.objects.filter(kind="discussions.announcement").count() == 2


@pytest.mark.django_db
def test_a_topic_deleted_before_the_worker_came_to_it_tells_nobody(
    director: Any, member: Any
) -> None:
    tasks.tell_topic_created.enqueue(topic_id=987654, mentioned_ids=[member.pk])

    assert not Notification.objects.exists()
