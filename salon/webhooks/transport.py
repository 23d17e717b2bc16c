"""Sending one delivery over HTTP: no redirects followed, a short timeout, and no private or
loopback address (an SSRF guard) unless ``SALON_WEBHOOKS_ALLOW_PRIVATE`` says so (tests)."""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT = 10


class Refused(Exception):
    """The address may not be called."""


def check_address(url: str) -> None:
    """Raise ``Refused`` for an address that is not http(s) or that resolves to a private,
    loopback, link-local or otherwise non-public network."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused("Use an http:// or https:// address.")
    if settings.SALON_WEBHOOKS_ALLOW_PRIVATE:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise Refused("That address does not resolve.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise Refused("That address is on a private network.")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        check_address(url)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
        with _opener.open(request, timeout=TIMEOUT) as response:
            return Outcome(response.status, "", took())
    except urllib.error.HTTPError as error:
        return Outcome(error.code, f"HTTP {error.code}", took())
    except Refused as refused:
        return Outcome(None, str(refused), took())
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Outcome(None, str(reason)[:300] or "No answer", took())
