"""The events part of a member's data export (see ``accounts.services``)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    """Their answers, attendance, feedback and whether they have a calendar feed; what
    others said in feedback is not theirs and stays out."""
    from salon.events.models import Attendance, CalendarFeed, Feedback, Rsvp

    def event_of(row: Any) -> dict[str, Any]:
        return {
            "event": row.event.title,
            "community": row.event.community.slug,
            "starts_at": row.event.starts_at.isoformat(),
        }

    related = ("event__community",)
    return {
        "event_answers": [
            {**event_of(r), "status": r.status, "answered_at": r.requested_at.isoformat()}
            for r in Rsvp.objects.filter(user=user).select_related(*related).order_by("pk")
        ],
        "event_attendance": [
            {**event_of(a), "checked_in_at": a.checked_in_at.isoformat(), "by_host": a.by_host}
            for a in Attendance.objects.filter(user=user).select_related(*related).order_by("pk")
        ],
        "event_feedback": [
            {
                **event_of(f),
                "rating": f.rating,
                "will_apply": f.will_apply,
                "applied": f.applied,
                "applied_note": f.applied_note,
            }
            for f in Feedback.objects.filter(user=user).select_related(*related).order_by("pk")
        ],
        "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }
