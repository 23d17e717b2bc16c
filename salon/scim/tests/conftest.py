from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import make_user
from salon.accounts.models import User
from salon.scim.services import scim_token_create_for_script

SCIM = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Directory:
    """The identity provider's side: a SCIM client with a bearer token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get(f"/scim/v2/{path}", **extra)

    def send(self, method: str, path: str, body: dict[str, Any], **extra: Any) -> Any:
        call = getattr(self.client, method.lower())
        return call(f"/scim/v2/{path}", json.dumps(body), content_type=SCIM, **extra)

    def create_user(self, user_name: str, **fields: Any) -> Any:
        body = {"schemas": [USER, ENTERPRISE], "userName": user_name, **fields}
        return self.send("POST", "Users", body)

    def create_group(self, name: str, members: list[str] = ()) -> Any:  # type: ignore[assignment]
        body = {"schemas": [GROUP], "displayName": name, "members": [{"value": m} for m in members]}
        return self.send("POST", "Groups", body)

    def patch(self, path: str, *operations: dict[str, Any], **extra: Any) -> Any:
        return self.send(
            "PATCH", path, {"schemas": [PATCH], "Operations": list(operations)}, **extra
        )


@pytest.fixture
def directory(db: Any) -> Directory:
    _token, raw = scim_token_create_for_script(name="Entra ID")
    return Directory(raw)


@pytest.fixture
def it_admin(db: Any) -> User:
    return make_user("ines@acme.test", "Ines IT", is_staff=True)
