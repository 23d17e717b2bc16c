"""``{{ value|safe_url }}``: a stored address, only if it is one we may link to (else "").

Addresses are checked when written (``salon.core.safe_urls``); this keeps one that was
stored before, or by another path, from ever becoming a ``javascript:`` link on a page.
"""

from __future__ import annotations

from typing import Any

from django import template

from salon.core.safe_urls import is_safe_url

register = template.Library()


@register.filter
def safe_url(value: Any) -> str:
    return str(value) if is_safe_url(value) else ""
