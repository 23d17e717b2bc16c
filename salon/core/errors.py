"""Domain errors shared by the apps, answered the same way by pages and the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The object changed since the person read it; nothing was written (the API answers 409)."""
