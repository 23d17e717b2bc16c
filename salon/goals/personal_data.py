"""The goals part of a member's data export (see ``accounts.services``)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    """Their goals with milestones and check-ins, and what they wrote to encourage others
    (not what others wrote to them, beyond the words addressed to their goals)."""
    from salon.goals.models import Encouragement, Goal, KeyResultUpdate

    goals = (
        Goal.objects.filter(owner=user)
        .select_related("community", "competency", "objective")
        .prefetch_related("milestones", "check_ins", "encouragements")
        .order_by("created_at", "pk")
    )
    return {
        "goals": [
            {
                "community": g.community.slug,
                "title": g.title,
                "success_looks_like": g.success_looks_like,
                "competency": g.competency.name if g.competency else None,
                "objective": g.objective.title if g.objective else None,
                "visibility": g.visibility,
                "cadence": g.cadence,
                "status": g.status,
                "milestones": [
                    {
                        "title": m.title,
                        "due": m.due.isoformat() if m.due else None,
                        "done": m.done_at is not None,
                    }
                    for m in g.milestones.all()
                ],
                "check_ins": [
                    {
                        "at": c.at.isoformat(),
                        "progress": c.progress,
                        "confidence": c.confidence,
                        "helped": c.helped,
                        "blocked": c.blocked,
                        "next_step": c.next_step,
                    }
                    for c in g.check_ins.all()
                ],
                "encouragements_received": [e.body for e in g.encouragements.all() if e.body],
            }
            for g in goals
        ],
        "encouragements_given": [
            {"kind": e.kind, "body": e.body, "created_at": e.created_at.isoformat()}
            for e in Encouragement.objects.filter(author=user).order_by("pk")
        ],
        "key_result_updates": [
            {
                "key_result": u.key_result.title,
                "at": u.at.isoformat(),
                "from": str(u.old_value),
                "to": str(u.new_value),
                "comment": u.comment,
            }
            for u in KeyResultUpdate.objects.filter(by=user).select_related("key_result")
        ],
    }
