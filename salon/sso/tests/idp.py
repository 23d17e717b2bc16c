"""A real OpenID Connect provider for the tests: panva's ``oidc-provider`` (npm), run by node
on a free loopback port (tests/idp/oidc.mjs; ``make idp`` installs it). Nothing of Salon's is
mocked: Salon discovers the provider, sends people to it, and fetches tokens and claims
from it over HTTP, as it would from Entra ID or Okta."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[3]
IDP_DIR = ROOT / "tests" / "idp"
CLIENT_ID = "salon-test"
CLIENT_SECRET = "a-long-client-secret-for-the-loopback-provider"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OidcProvider:
    def __init__(self, world: Path, issuer: str) -> None:
        self.world = world
        self.issuer = issuer

    def set_accounts(self, accounts: dict[str, dict[str, Any]]) -> None:
        """Who the provider knows and what it says about them (read at each sign-in)."""
        data = json.loads(self.world.read_text())
        data["accounts"] = accounts
        self.world.write_text(json.dumps(data))

    def set_clock_offset(self, seconds: int) -> None:
        """Make the provider's clock run ``seconds`` ahead of the machine's (0: in step)."""
        data = json.loads(self.world.read_text())
        data["clock_offset"] = seconds
        self.world.write_text(json.dumps(data))

    def sign_in(self, authorize_url: str, sub: str, *, until: str) -> str:
        """Do what the person does on the provider's pages: follow its redirects, type their
        login on its form, and come back. Returns the address the provider sends them back
        to (starting with ``until``)."""
        browser = requests.Session()
        url = authorize_url
        for _step in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["Location"])
                if url.startswith(until):
                    return url
                continue
            assert response.status_code == 200, response.text[:500]
            assert "/interaction/" in url, f"Unexpected page from the provider: {url}"
            response = browser.post(
                url.rstrip("/") if url.endswith("/") else url,
                data={"prompt": "login", "login": sub, "password": "anything"},
                allow_redirects=False,
                timeout=10,
            )
            assert response.status_code in (302, 303), response.text[:500]
            url = urljoin(url, response.headers["Location"])
            if url.startswith(until):
                return url
        raise AssertionError("The provider never sent the person back")


def node() -> str | None:
    return shutil.which("node")


@contextmanager
def running_provider(tmp: Path, redirect_uris: list[str]) -> Iterator[OidcProvider]:
    if not node() or not (IDP_DIR / "node_modules" / "oidc-provider").exists():
        raise RuntimeError("The test identity provider is not installed: run `make idp`.")
    port = _free_port()
    world = tmp / "idp-world.json"
    world.write_text(
        json.dumps(
            {
                "clients": [
                    {
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "redirect_uris": redirect_uris,
                        # Single logout brings people back to Salon's home page.
                        "post_logout_redirect_uris": sorted(
                            {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/" for u in redirect_uris}
                        ),
                    }
                ],
                "accounts": {},
            }
        )
    )
    process = subprocess.Popen(
        [node() or "node", str(IDP_DIR / "oidc.mjs"), str(port), str(world)],
        cwd=IDP_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError("The test identity provider did not start") from None
                time.sleep(0.1)
        else:
            raise RuntimeError("The test identity provider did not answer in 30 s")
        yield OidcProvider(world, issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
