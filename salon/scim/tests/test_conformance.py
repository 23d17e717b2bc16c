"""scim2-tester, the conformance checker identity vendors use, against a running Salon."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from salon.scim.services import scim_token_create_for_script


@pytest.mark.django_db(transaction=True)
def test_scim2_tester_passes_every_check(live_server: Any) -> None:
    _token, raw = scim_token_create_for_script(name="scim2-tester")
    http = Client(base_url=f"{live_server.url}/scim/v2", headers={"Authorization": f"Bearer {raw}"})

    results = check_server(SyncSCIMClient(http))

    failed = [(r.title, r.reason) for r in results if r.status != Status.SUCCESS]
    assert failed == []
    assert Counter(r.status for r in results)[Status.SUCCESS] >= 130
