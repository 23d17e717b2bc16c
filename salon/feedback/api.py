"""Feedback in the REST API: cycles, nominations, answers and the member's reports."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["feedback"])
