"""What the forum pages share: reading numbers from the address, the posting rate limit,
and service refusals shown on forms."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from salon.core.http import AuthenticatedHttpRequest, client_ip
from salon.core.ratelimit import consume, parse_rate
from salon.discussions.services.topics import tags_altered

# A room of people at a workshop shares one address: it gets ten people's budget.
POSTING_PEOPLE_PER_ADDRESS = 10


def int_param(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() and len(value) < 9 else default


def querystring_without_page(request: AuthenticatedHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def limit_posting(request: HttpRequest) -> None:
    """Topics, replies and files, from pages and the API: ``SALON_RATE_POST`` per person
    and ten times that per address. Raises ``RateLimited`` (a 429 with Retry-After)."""
    rate = settings.SALON_RATE_POST
    consume("posts", str(request.user.pk), rate)
    count, _seconds = parse_rate(rate)
    per_address = f"{count * POSTING_PEOPLE_PER_ADDRESS}/{rate.partition('/')[2]}"
    consume("posts-ip", client_ip(request) or "-", per_address)


def field_for(exc: ValidationError) -> str | None:
    """Where a service's refusal belongs on the form: a refused file is said above the
    form, anything else under the text."""
    return None if any(e.code == "files" for e in exc.error_list) else "body"


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal under the field it names (``title``, ``tags``, ``body``, by
    its code or as errors by field); anything else, a refused file say, above the form."""
    if hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for error in exc.error_list:
        form.add_error(error.code if error.code in form.fields else None, error)


def tags_message(typed: list[str]) -> str:
    """Which tags lost characters on the way in ("a&b" became "ab"), or ""."""
    altered = tags_altered(typed)
    if not altered:
        return ""
    changes = ", ".join(
        _("“%(typed)s” became “%(tag)s”") % {"typed": typed_tag, "tag": tag}
        if tag
        else _("“%(typed)s” was left out") % {"typed": typed_tag}
        for typed_tag, tag in altered
    )
    return _("Tags keep letters, digits and hyphens only: %(changes)s.") % {"changes": changes}
