"""A session ended anywhere is ended everywhere: with several processes serving pages, one
that signs a session out (or expires it) must not leave another still serving it."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

import salon.settings as configured
from conftest import client_for


# The engine a deployment gets (the test settings cache sessions in memory: one process).
@override_settings(SESSION_ENGINE=configured.SESSION_ENGINE)
def test_a_session_ended_by_another_process_is_not_served_here(member: Any) -> None:
    client = client_for(member)
    assert client.get("/notifications/").status_code == 200  # read once: cached here, if ever
    key = client.session.session_key

    # Another process signs it out: it deletes the row, and whatever cache it shares with
    # this one. A cache in this process's own memory is out of its reach.
    Session.objects.filter(session_key=key).delete()
    if not isinstance(caches["default"], LocMemCache):
        caches["default"].delete(f"django.contrib.sessions.cached_db{key}")

    response = client.get("/notifications/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
