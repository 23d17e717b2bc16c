from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from salon.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request a ``@login_required`` view receives."""

    user: User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person, for rate limits, the audit log and /metrics' network check.

    Behind ``SALON_TRUSTED_PROXY_COUNT`` proxies, each of which appends the address it was
    called from to ``X-Forwarded-For``, the person's address is that many entries from the
    right. Entries further left were written by the caller and are never believed, so a
    forged header can't pick another address's rate limit. A request that did not pass
    through every proxy (too few entries, or none) is counted by the address it came from.
    """
    if request is None:
        return None
    proxies = settings.SALON_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None
