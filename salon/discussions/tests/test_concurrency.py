"""Concurrent replies lose nothing: numbers come from an F() increment of the topic's
count inside the reply's transaction (see DESIGN: "Concurrent writes lose nothing")."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from salon.accounts.models import User
from salon.discussions.models import Post, Topic
from salon.discussions.services.posts import post_reply


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_people_replying_at_once_get_consecutive_numbers(member: Any, start: Any) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database file that several connections share")
    topic = start(member)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            user = User.objects.get(pk=member.pk)
            for i in range(5):
                fresh = Topic.objects.select_related("category", "community", "circle").get(
                    pk=topic.pk
                )
                post_reply(actor=user, topic=fresh, body=f"Writer {n}, reply {i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    topic.refresh_from_db()
    assert topic.post_count == 41
    numbers = sorted(Post.objects.filter(topic=topic).values_list("number", flat=True))
    assert numbers == list(range(1, 42))
