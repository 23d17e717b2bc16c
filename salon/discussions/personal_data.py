"""The discussions part of a member's data export (see ``accounts.services``)."""

from __future__ import annotations

from typing import Any


def export(user: Any) -> dict[str, Any]:
    """What the person wrote in forums (their own words: under the Chatham House rule too,
    since it names nobody else), the posts they flagged and the people they blocked."""
    from salon.accounts.models import Block
    from salon.discussions.models import Flag, Post

    posts = (
        Post.objects.filter(author=user)
        .select_related("topic__community")
        .order_by("created_at", "pk")
    )
    return {
        "forum_posts": [
            {
                "community": p.topic.community.slug,
                "topic": p.topic.title,
                "number": p.number,
                "started_topic": p.number == 1,
                "body": p.body,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
                "deleted": p.deleted_at is not None,
                "hidden": p.hidden_at is not None,
            }
            for p in posts
        ],
        "forum_flags": [
            {
                "post": f.post_id,
                "reason": f.reason,
                "note": f.note,
                "created_at": f.created_at.isoformat(),
            }
            for f in Flag.objects.filter(flagged_by=user).order_by("created_at", "pk")
        ],
        "blocked_people": [
            {"name": b.blocked.name, "since": b.created_at.isoformat()}
            for b in Block.objects.filter(blocker=user).select_related("blocked")
        ],
    }
