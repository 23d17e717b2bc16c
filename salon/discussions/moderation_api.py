"""Moderation in the API: flag a post; the stewards' list of flagged posts.

Under the Chatham House rule a flagged post's author is ``null`` here too (as everywhere in
the API); who flagged it is shown, to stewards only.
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut
from salon.communities.access import access_community
from salon.discussions import moderation
from salon.discussions.access import access_post
from salon.discussions.api import AuthorOut
from salon.discussions.models import Flag, FlagReason, Post

router = Router(tags=["discussions"])


class FlagIn(Schema):
    reason: FlagReason
    note: str = Field("", max_length=moderation.MAX_NOTE)


class FlagOut(Schema):
    id: int
    post: int
    reason: FlagReason
    note: str
    flagged_by: AuthorOut | None
    created_at: datetime


class ReasonCountOut(Schema):
    reason: FlagReason
    count: int


class FlaggedPostOut(Schema):
    post: int
    topic: int
    topic_title: str
    number: int
    author: AuthorOut | None = Field(None, description="Null under the Chatham House rule.")
    body: str | None = Field(None, description="Markdown; null when deleted.")
    hidden: bool
    deleted: bool
    flag_count: int
    reasons: list[ReasonCountOut]
    flags: list[FlagOut]
    url: str


def _person(user: Any) -> AuthorOut | None:
    return AuthorOut(id=user.pk, name=user.display_name) if user is not None else None


def _flag_out(flag: Flag) -> FlagOut:
    return FlagOut(
        id=flag.pk,
        post=flag.post_id,
        reason=FlagReason(flag.reason),
        note=flag.note,
        flagged_by=_person(flag.flagged_by),
        created_at=flag.created_at,
    )


def _flagged_out(request: HttpRequest, post: Post) -> FlaggedPostOut:
    topic = post.topic
    return FlaggedPostOut(
        post=post.pk,
        topic=topic.pk,
        topic_title=topic.title,
        number=post.number,
        author=None if topic.is_chatham_house else _person(post.author),
        body=None if post.deleted_at else post.body,
        hidden=post.hidden_at is not None,
        deleted=post.deleted_at is not None,
        flag_count=post.flag_count,  # type: ignore[attr-defined]
        reasons=[
            ReasonCountOut(reason=FlagReason(r.reason), count=r.count)
            for r in post.reason_counts  # type: ignore[attr-defined]
        ],
        flags=[_flag_out(f) for f in post.open_flags],  # type: ignore[attr-defined]
        url=request.build_absolute_uri(post.get_absolute_url()),
    )


@router.post(
    "/posts/{post_id}/flags",
    response={201: FlagOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Flag a post to the community's facilitators (not your own; once while open)",
)
def flag_create(request: HttpRequest, post_id: int, payload: FlagIn) -> Any:
    post = access_post(request.user, post_id, "post.flag")
    flag = moderation.flag_post(
        actor=request.user, post=post, reason=payload.reason, note=payload.note
    )
    return 201, _flag_out(flag)


@router.get(
    "/communities/{slug}/flags",
    response={200: list[FlaggedPostOut], 403: ErrorOut, 404: ErrorOut},
    summary="Posts with open flags, most flagged first (directors and facilitators)",
)
@paginate(Pagination)
def flag_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug, "forum.moderate")
    posts = moderation.flagged_posts(user=request.user, community=community)

    def shape(post: Post) -> FlaggedPostOut:
        moderation.prepare_queue([post], community)
        return _flagged_out(request, post)

    return ShapedPage(posts, shape)
