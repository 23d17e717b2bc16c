from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from salon.sso.models import IdentityProvider, Protocol
from salon.sso.tests.idp import CLIENT_ID, CLIENT_SECRET, OidcProvider, running_provider
from salon.sso.tests.saml_idp import ENTITY_ID, SLO_URL, SSO_URL, SamlIdp

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


@pytest.fixture(scope="session")
def saml_idp() -> SamlIdp:
    return SamlIdp()


@pytest.fixture
def corp_saml(db: Any, saml_idp: SamlIdp) -> IdentityProvider:
    """Corp's SAML identity provider, as an administrator set it up on the sign-in page
    (attribute names as Entra ID sends them)."""
    return IdentityProvider.objects.create(
        name="Corp",
        slug="corp",
        protocol=Protocol.SAML,
        saml_entity_id=ENTITY_ID,
        saml_sso_url=SSO_URL,
        saml_slo_url=SLO_URL,
        saml_certificate=saml_idp.certificate("current"),
        domains="corp.test",
        claim_name="http://schemas.microsoft.com/identity/claims/displayname",
        claim_title="jobtitle",
        claim_department="department",
        claim_region="region",
        claim_manager="manager",
        claim_locale="preferredlanguage",
    )
