"""Pages of feedback: the cycle, nominations, the rater's form, the report, the overview."""

from __future__ import annotations
