"""Forms of feedback cycles and answers."""

from __future__ import annotations
