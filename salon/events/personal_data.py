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
        **_expert_time(user),
    }


def _expert_time(user: Any) -> dict[str, Any]:
    """Sessions they booked with experts (their questions, ratings and notes), and the
    office hours they offer with the sessions booked in them (who booked and when; the
    member's rating and note are the member's, not the expert's)."""
    from django.db.models import Q

    from salon.events.office_hours.models import Booking, OfficeHours

    bookings = (
        Booking.objects.filter(Q(member=user) | Q(slot__office_hours__expert=user))
        .select_related("member", "slot__office_hours__expert", "slot__office_hours__community")
        .order_by("pk")
    )
    booked, hosted = [], []
    for b in bookings:
        row = {
            "community": b.slot.office_hours.community.slug,
            "starts_at": b.slot.starts_at.isoformat(),
            "ends_at": b.slot.ends_at.isoformat(),
            "status": b.status,
            "question": b.question,
        }
        if b.member_id == user.pk:
            booked.append(
                {
                    **row,
                    "expert": b.slot.office_hours.expert.display_name,
                    "rating": b.rating,
                    "note": b.note,
                }
            )
        else:
            hosted.append({**row, "member": b.member.display_name})
    offers = OfficeHours.objects.filter(expert=user).select_related("community").order_by("pk")
    return {
        "expert_sessions_booked": booked,
        "office_hours_offered": [
            {
                "community": o.community.slug,
                "timezone": o.timezone,
                "minutes": o.slot_minutes,
                "about": o.about,
                "active": o.active,
            }
            for o in offers
        ],
        "office_hours_sessions": hosted,
    }
