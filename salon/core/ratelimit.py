"""Rate limits through the cache (Redis when REDIS_URL is set): one fixed window per scope.

``consume("invitations", str(user.pk), settings.SALON_RATE_INVITATIONS, amount=rows)``
raises ``RateLimited`` when the budget is spent; pages answer it with a 429 page and the API
with a 429 JSON body, both carrying ``Retry-After``.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many requests; try again in {retry_after} seconds.")
        self.retry_after = max(1, retry_after)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/m" → (20, 60); "500/h" → (500, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[:1]]


def consume(scope: str, ident: str, rate: str, amount: int = 1) -> None:
    limit, period = parse_rate(rate)
    now = int(time.time())
    key = f"ratelimit:{scope}:{ident}:{now // period}"
    cache.add(key, 0, timeout=period + 5)
    try:
        used = cache.incr(key, amount)
    except ValueError:  # the key expired between add and incr
        cache.set(key, amount, timeout=period + 5)
        used = amount
    if used > limit:
        raise RateLimited(retry_after=period - now % period)


def too_many_requests(request: HttpRequest, retry_after: int = 60) -> HttpResponse:
    response = HttpResponse(
        render_to_string("429.html", {"retry_after": retry_after}, request=request), status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Turn ``RateLimited`` raised anywhere in a view into a 429 page, and make sure every
    429 (allauth's sign-in limits included) tells the client when to come back."""

    def __init__(self, get_response: object) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)  # type: ignore[operator]
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = "60"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.retry_after)
        return None
