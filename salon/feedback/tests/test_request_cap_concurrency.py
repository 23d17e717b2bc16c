"""Eight people asking the same person for feedback at once: the weekly cap (three) holds,
exactly three requests go through and five are refused, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Community, Role
from salon.feedback.models import FeedbackRequest, PeerFeedback
from salon.feedback.services.peer import RequestCapReached, feedback_request_create


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_people_asking_one_person_at_once_never_exceed_the_weekly_cap(community: Any) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database file that several connections share")
    busy = make_user("busy@acme.test", "Busy Person")
    join(busy, community, Role.MEMBER)
    askers = [make_user(f"asker{n}@acme.test", f"Asker {n}") for n in range(8)]
    for asker in askers:
        join(asker, community, Role.MEMBER)
    sent: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []
    ready = threading.Barrier(8, timeout=60)

    def ask(n: int) -> None:
        try:
            actor = User.objects.get(pk=askers[n].pk)
            place = Community.objects.get(pk=community.pk)
            ready.wait()  # all eight have read everything before anyone writes
            try:
                feedback_request_create(
                    actor=actor, community=place, recipients=[busy.pk], situation=f"Talk {n}"
                )
                sent.append(n)
            except RequestCapReached:
                refused.append(n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(sent) == 3
    assert len(refused) == 5
    assert PeerFeedback.objects.filter(giver=busy).count() == 3
    assert FeedbackRequest.objects.count() == 3
