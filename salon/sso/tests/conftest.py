from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from salon.sso.models import IdentityProvider
from salon.sso.tests.idp import CLIENT_ID, CLIENT_SECRET, OidcProvider, running_provider

CALLBACK = "http://testserver/accounts/oidc/corp/login/callback/"


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    with running_provider(tmp_path_factory.mktemp("idp"), [CALLBACK]) as idp:
        yield idp


@pytest.fixture
def corp_idp(db: Any, oidc_idp: OidcProvider) -> IdentityProvider:
    """Corp's identity provider, as an administrator set it up on the sign-in page."""
    return IdentityProvider.objects.create(
        name="Corp",
        slug="corp",
        issuer=oidc_idp.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        domains="corp.test",
    )
