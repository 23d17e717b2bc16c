"""Two people (eight, here) updating one key result at once: exactly one update per version
wins, the others are refused, and the history has no gaps or overwrites."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from salon.accounts.models import User
from salon.goals.models import KeyResult, KeyResultUpdate
from salon.goals.services.objectives import StaleKeyResult, key_result_record


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_people_updating_a_key_result_at_once_never_overwrite_each_other(
    director: Any, objective: Any
) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("needs a database file that several connections share")
    kr_id = objective.key_results.order_by("position").values_list("pk", flat=True)[0]
    won: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []
    ready = threading.Barrier(8, timeout=60)

    def write(n: int) -> None:
        try:
            user = User.objects.get(pk=director.pk)
            key_result = KeyResult.objects.select_related("objective__community").get(pk=kr_id)
            ready.wait()  # all eight read version 1 before anyone writes
            try:
                key_result_record(
                    actor=user, key_result=key_result, value=10 + n, expected_version=1
                )
                won.append(n)
            except StaleKeyResult:
                refused.append(n)
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
    assert len(won) == 1
    assert len(refused) == 7
    key_result = KeyResult.objects.get(pk=kr_id)
    assert key_result.version == 2
    assert key_result.current == Decimal(10 + won[0])
    (update,) = KeyResultUpdate.objects.filter(key_result_id=kr_id)
    assert (update.old_value, update.new_value) == (Decimal(0), Decimal(10 + won[0]))
