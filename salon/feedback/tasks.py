"""Background work of feedback: invitations and reminders to raters."""

from __future__ import annotations
