"""The library's part of a member's data export (see ``accounts.services``): what they
shared or suggested, their marks and comments, and their learning paths with their own
reflections. Others' comments and reflections are theirs, and stay out."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    from salon.resources.models import (
        Comment,
        HiddenRecommendation,
        Mark,
        PathEnrolment,
        Resource,
        StepCompletion,
    )

    return {
        "library_resources_shared": [
            {
                "title": r.title,
                "community": r.community.slug,
                "kind": r.kind,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in Resource.objects.filter(author=user).select_related("community").order_by("pk")
        ],
        "library_marks": [
            {"resource": m.resource.title, "mark": m.kind, "at": m.created_at.isoformat()}
            for m in Mark.objects.filter(user=user).select_related("resource").order_by("pk")
        ],
        "library_comments": [
            {"resource": c.resource.title, "comment": c.body, "at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("resource").order_by("pk")
        ],
        "learning_paths": [
            {
                "path": e.path.title,
                "started_at": e.started_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            }
            for e in PathEnrolment.objects.filter(user=user).select_related("path").order_by("pk")
        ],
        "learning_path_steps_done": [
            {
                "path": s.step.path.title,
                "step": s.step.title,
                "done_at": s.done_at.isoformat(),
                "reflection": s.reflection,
                "goal": s.goal.title if s.goal is not None else None,
            }
            for s in StepCompletion.objects.filter(user=user)
            .select_related("step__path", "goal")
            .order_by("pk")
        ],
        "recommendations_hidden": list(
            HiddenRecommendation.objects.filter(user=user).values("kind", "object_id")
        ),
    }
