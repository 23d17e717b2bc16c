"""Signing in through the organisation's identity provider, in a real browser: Salon's
sign-in page, the provider's own page (panva's oidc-provider on loopback), and back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from salon.accounts.models import User
from salon.sso.models import IdentityProvider
from salon.sso.tests.idp import CLIENT_ID, CLIENT_SECRET, OidcProvider, running_provider
from tests.browser.conftest import AxeCheck

pytestmark = pytest.mark.browser


@pytest.fixture
def idp(live_server: LiveServer, tmp_path: Path) -> Iterator[OidcProvider]:
    callback = f"{live_server.url}/accounts/oidc/corp/login/callback/"
    with running_provider(tmp_path, [callback]) as provider:
        # The live server's first page is slow on a busy machine: not what this journey tests.
        requests.get(f"{live_server.url}/accounts/login/", timeout=60)
        yield provider


def _no_fonts_from_the_internet(route: Route) -> None:
    # The test provider's page asks Google for a font; the tests stay on this machine.
    route.fulfill(status=200, content_type="text/css", body="")


def test_a_new_executive_signs_in_through_their_organisation(
    page: Page, idp: OidcProvider, assert_accessible: AxeCheck
) -> None:
    IdentityProvider.objects.create(
        name="Corp",
        slug="corp",
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        domains="corp.test",
        sso_only=True,
    )
    idp.set_accounts(
        {
            "ada": {
                "email": "ada@corp.test",
                "name": "Ada Lovelace",
                "job_title": "Chief Financial Officer",
                "region": "EMEA",
            }
        }
    )
    page.route(re.compile(r"https://fonts\.googleapis\.com/.*"), _no_fonts_from_the_internet)

    page.goto("/accounts/login/")
    assert_accessible(page)
    # A password is no way in for Corp's people: the page says where to go instead.
    page.get_by_label("Email").fill("ada@corp.test")
    page.get_by_label("Password").fill("anything at all, really")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Your organisation signs you in through Corp")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sign in with Corp").click()
    # The link's page asks to continue (a GET never starts a sign-in by itself).
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(re.escape(idp.issuer) + r"/interaction/"))
    page.locator("input[name=login]").fill("ada")
    page.locator("input[name=password]").fill("the provider checks this, not Salon")
    page.locator("button[type=submit]").click()

    # Back in Salon, signed in, and asked for the time zone like anyone new.
    expect(page).to_have_url(re.compile(r"/welcome/"))
    assert_accessible(page)
    ada = User.objects.get(email="ada@corp.test")
    assert (ada.name, ada.title, ada.region) == ("Ada Lovelace", "Chief Financial Officer", "emea")
