"""The mentoring part of a member's data export (see ``accounts.services``)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    """Their enrolments, the matches proposed to them with their own answers, and their
    mentorships: the agreement, every session's shared notes with *their own* private
    notes (never the other side's), action items, and *their own* check-ins (the other
    side's answers are the other side's data)."""
    from django.db.models import Prefetch, Q

    from salon.mentoring.models import (
        Enrolment,
        Match,
        MentoringCheckIn,
        MentoringSession,
        Mentorship,
        PrivateNote,
    )

    sessions = MentoringSession.objects.order_by("held_on", "pk").prefetch_related(
        Prefetch("private_notes", queryset=PrivateNote.objects.filter(author=user), to_attr="mine")
    )
    mentorships = (
        Mentorship.objects.filter(Q(mentee=user) | Q(mentor=user))
        .select_related("programme__community", "mentee", "mentor")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions),
            "action_items__owner",
            Prefetch(
                "check_ins",
                queryset=MentoringCheckIn.objects.filter(author=user).order_by("pk"),
                to_attr="my_check_ins",
            ),
            "shared_goals",
        )
        .order_by("started_at", "pk")
    )
    return {
        "mentoring_enrolments": [
            {
                "community": e.programme.community.slug,
                "programme": e.programme.name,
                "side": e.side,
                "hopes": e.hopes,
                "availability": e.availability,
                "withdrawn_at": e.withdrawn_at.isoformat() if e.withdrawn_at else None,
            }
            for e in Enrolment.objects.filter(user=user).select_related("programme__community")
        ],
        "mentoring_matches": [
            {
                "programme": m.programme.name,
                "side": "mentee" if m.mentee_id == user.pk else "mentor",
                "status": m.status,
                "my_answer": m.mentee_answer if m.mentee_id == user.pk else m.mentor_answer,
            }
            for m in Match.objects.filter(Q(mentee=user) | Q(mentor=user))
            .filter(published_at__isnull=False)
            .select_related("programme")
            .order_by("pk")
        ],
        "mentorships": [_mentorship(m, user) for m in mentorships],
    }


def _mentorship(m: Any, user: Any) -> dict[str, Any]:
    is_mentee = m.mentee_id == user.pk
    return {
        "community": m.programme.community.slug,
        "programme": m.programme.name,
        "side": "mentee" if is_mentee else "mentor",
        "with": (m.mentor if is_mentee else m.mentee).display_name,
        "status": m.status,
        "started_at": m.started_at.isoformat(),
        "ended_at": m.ended_at.isoformat() if m.ended_at else None,
        "end_reason": m.end_reason,
        "wants_rematch": m.wants_rematch,
        "agreement": {
            "what_we_work_on": m.agreement_goals,
            "how_often": m.agreement_cadence,
            "how_we_meet": m.agreement_how,
        },
        "shared_goals": [g.title for g in m.shared_goals.all()] if is_mentee else [],
        "sessions": [
            {
                "held_on": s.held_on.isoformat(),
                "minutes": s.minutes,
                "shared_notes": s.notes,
                "my_private_notes": s.mine[0].text if s.mine else "",
            }
            for s in m.sessions.all()
        ],
        "action_items": [
            {
                "text": a.text,
                "mine": a.owner_id == user.pk,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "done": a.done_at is not None,
            }
            for a in m.action_items.all()
        ],
        "my_check_ins": [
            {
                "stage": c.stage,
                "satisfaction": c.satisfaction,
                "progress": c.progress,
                "comment": c.comment,
                "at": c.created_at.isoformat(),
            }
            for c in m.my_check_ins
        ],
    }
