"""Signing in through the organisation's SAML identity provider, in a real browser: Salon's
sign-in page, the provider's page (``saml_idp`` on loopback, posting an xmlsec-signed
answer back, as Entra ID does), and back in Salon, signed in."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from salon.accounts.models import User
from salon.sso.models import IdentityProvider, Protocol
from salon.sso.tests.saml_idp import ENTITY_ID, SamlIdp, serving_idp
from tests.browser.conftest import AxeCheck

pytestmark = pytest.mark.browser

ADA = {
    "email": "ada@corp.test",
    "displayname": "Ada Lovelace",
    "jobtitle": "Chief Financial Officer",
    "region": "EMEA",
}


@pytest.fixture
def corp(live_server: LiveServer, db: object) -> Iterator[IdentityProvider]:
    idp = SamlIdp()
    with serving_idp(idp, ADA) as sso_url:
        provider = IdentityProvider.objects.create(
            name="Corp",
            slug="corp",
            protocol=Protocol.SAML,
            saml_entity_id=ENTITY_ID,
            saml_sso_url=sso_url,
            saml_certificate=idp.certificate("current"),
            domains="corp.test",
            sso_only=True,
            claim_name="displayname",
            claim_title="jobtitle",
        )
        # The live server's first page is slow on a busy machine: not what this journey tests.
        requests.get(f"{live_server.url}/accounts/login/", timeout=60)
        yield provider


def test_a_new_executive_signs_in_through_their_saml_provider(
    page: Page, corp: IdentityProvider, assert_accessible: AxeCheck
) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Corp").click()
    # Salon's Content-Security-Policy lets the sign-in go to the provider's page.
    expect(page).to_have_url(re.compile(re.escape(corp.saml_sso_url)))
    page.get_by_role("button", name="Sign in to Salon").click()

    # Back in Salon, signed in, and asked for the time zone like anyone new.
    expect(page).to_have_url(re.compile(r"/welcome/"))
    assert_accessible(page)
    ada = User.objects.get(email="ada@corp.test")
    assert (ada.name, ada.title, ada.region) == ("Ada Lovelace", "Chief Financial Officer", "emea")
