"""What the page views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, which is then refused with its errors),
    or None for a GET: ``request.POST or None`` would show an empty post the blank form."""
    return request.POST if request.method == "POST" else None
