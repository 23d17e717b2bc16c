"""Forums in the API: topics of a community, a topic with a page of its posts, a topic's
title and tags, replies, edits, deletes, reactions, files, accepted answers and subscription levels.

Under the Chatham House rule the API names no author (``author`` is null; ``is_mine``
still tells a person their own posts): what scripts export must not attribute.
"""

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, File, Query, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut, Id
from salon.communities.access import access_community
from salon.core.access import access_attachment
from salon.core.attachments import detach
from salon.core.models import Attachment
from salon.discussions import live, selectors
from salon.discussions.access import access_category, access_forum, access_post, access_topic
from salon.discussions.models import PAGE_SIZE, Emoji, Level, Post, Topic, TopicKind
from salon.discussions.services import posts, topics
from salon.discussions.services.posts import post_edit, post_files_add, post_reply, reaction_toggle
from salon.discussions.services.reading import subscription_set, topic_mark_read
from salon.discussions.services.topics import answer_accept, topic_edit
from salon.discussions.views.common import limit_posting

router = Router(tags=["discussions"])


class AuthorOut(Schema):
    id: int
    name: str


class TopicOut(Schema):
    id: int
    community: str
    circle: str | None
    category: str
    kind: TopicKind
    title: str
    author: AuthorOut | None
    tags: list[str]
    pinned: bool
    locked: bool
    closed: bool
    archived: bool
    chatham_house: bool
    accepted_answer: int | None
    post_count: int
    unread: int | None = Field(None, description="Posts you have not read; null if never opened.")
    created_at: datetime
    last_activity_at: datetime
    url: str


class ReactionOut(Schema):
    emoji: Emoji
    symbol: str
    count: int
    mine: bool


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str
    status: Literal["ready", "processing", "failed"] = Field(
        description="An image is `processing` until it has been rebuilt, then `ready`; "
        "`url` answers 404 until then (and for one that `failed` to be read)."
    )


class PostOut(Schema):
    id: int
    topic: int
    number: int
    author: AuthorOut | None
    is_mine: bool
    body: str | None = Field(None, description="Markdown; null when deleted or hidden.")
    body_html: str | None
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    hidden: bool
    reactions: list[ReactionOut]
    attachments: list[AttachmentOut] = Field(
        default_factory=list, description="Files; empty when the post is deleted or hidden."
    )
    url: str


class PostPageOut(Schema):
    items: list[PostOut]
    count: int
    page: int
    pages: int
    page_size: int


class TopicDetailOut(TopicOut):
    subscription: Level
    posts: PostPageOut


class TopicIn(Schema):
    category: str = Field(..., min_length=1, max_length=60, description="Slug of a category.")
    kind: TopicKind = TopicKind.DISCUSSION
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20000, description="Markdown.")
    tags: list[str] = Field(default_factory=list, max_length=5)


class TopicPatchIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    tags: list[str] | None = Field(
        None, max_length=5, description="The whole new set (cleaned as when starting one)."
    )


class PostIn(Schema):
    body: str = Field(..., min_length=1, max_length=20000, description="Markdown.")


class ReactionIn(Schema):
    emoji: Emoji


class AcceptIn(Schema):
    post: Id | None = Field(..., description="The reply to accept, or null to unmark.")


class SubscriptionIn(Schema):
    level: Level


class SubscriptionOut(Schema):
    topic: int
    level: Level


class TopicQuery(Schema):
    category: str = Field("", max_length=60)
    tag: str = Field("", max_length=40)
    circle: str = Field("", max_length=60, description="Slug of a circle: its forum only.")
    kind: TopicKind | None = None
    unanswered: bool = False
    archived: bool = False


class TopicPageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(PAGE_SIZE, ge=1, le=100)


def _author(user: Any, topic: Topic) -> AuthorOut | None:
    if user is None or topic.is_chatham_house:
        return None
    return AuthorOut(id=user.pk, name=user.display_name)


def _topic_fields(request: HttpRequest, topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.pk,
        "community": topic.community.slug,
        "circle": topic.circle.slug if topic.circle else None,
        "category": topic.category.slug,
        "kind": topic.kind,
        "title": topic.title,
        "author": _author(topic.author, topic),
        "tags": list(topic.tag_names),
        "pinned": topic.pinned,
        "locked": topic.locked,
        "closed": topic.closed,
        "archived": topic.archived,
        "chatham_house": topic.is_chatham_house,
        "accepted_answer": topic.accepted_answer_id,
        "post_count": topic.post_count,
        "unread": topic.unread,
        "created_at": topic.created_at,
        "last_activity_at": topic.last_activity_at,
        "url": request.build_absolute_uri(topic.get_absolute_url()),
    }


def _topic_out(request: HttpRequest, topic: Topic) -> TopicOut:
    return TopicOut(**_topic_fields(request, topic))


def _attachment_out(request: HttpRequest, attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        name=attachment.name,
        content_type=attachment.content_type,
        size=attachment.size,
        url=request.build_absolute_uri(attachment.get_absolute_url()),
        status=attachment.status,  # type: ignore[arg-type]
    )


def _post_out(
    request: HttpRequest,
    post: Post,
    reactions: list[selectors.ReactionCount],
    files: list[Attachment],
) -> PostOut:
    topic = post.topic
    removed = post.is_removed
    return PostOut(
        id=post.pk,
        topic=topic.pk,
        number=post.number,
        author=_author(post.author, topic),
        is_mine=post.author_id == request.user.pk,
        body=None if removed else post.body,
        body_html=None if removed else post.body_html,
        created_at=post.created_at,
        edited_at=post.edited_at,
        deleted=post.deleted_at is not None,
        hidden=post.hidden_at is not None,
        reactions=[ReactionOut(**vars(r)) for r in reactions],
        attachments=[] if removed else [_attachment_out(request, f) for f in files],
        url=request.build_absolute_uri(post.get_absolute_url()),
    )


def _single_post(request: HttpRequest, post: Post) -> PostOut:
    files = selectors.post_files(posts=[post]).get(post.pk, [])
    return _post_out(request, post, selectors.reactions_of(post=post, user=request.user), files)


@router.get(
    "/communities/{slug}/topics",
    response={200: list[TopicOut], 403: ErrorOut, 404: ErrorOut},
    summary="Topics of a community you can see, pinned first, then by latest activity",
)
@paginate(Pagination)
def topic_list(request: HttpRequest, slug: str, filters: Query[TopicQuery]) -> Any:
    community = access_forum(request.user, slug, "forum.view")
    circles = selectors.forum_circles(user=request.user, community=community)
    circle = None
    if filters.circle:
        circle = next((c for c in circles if c.slug == filters.circle), None)
        if circle is None:
            raise HttpError(404, "Not found.")
    if filters.unanswered:
        access_forum(request.user, slug, "forum.view_unanswered")
    qs = selectors.topic_list(
        user=request.user,
        community=community,
        circle_ids=[c.pk for c in circles],
        filters=selectors.TopicFilters(
            category=filters.category,
            tag=filters.tag,
            circle=circle,
            kind=filters.kind or "",
            unanswered=filters.unanswered,
            archived=filters.archived,
        ),
    )
    return ShapedPage(qs, lambda topic: _topic_out(request, topic))


@router.post(
    "/communities/{slug}/topics",
    response={201: TopicOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Start a topic (announcements: directors and facilitators)",
)
def topic_create(request: HttpRequest, slug: str, payload: TopicIn) -> Any:
    community = access_community(request.user, slug, "forum.start_topic")
    category = access_category(request.user, community, payload.category, "topic.create")
    limit_posting(request)
    topic = topics.topic_create(
        actor=request.user,
        category=category,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
    )
    return 201, _topic_out(request, _annotated(request, topic.pk))


def _annotated(request: HttpRequest, topic_id: int) -> Topic:
    return selectors.with_viewer(Topic.objects.filter(pk=topic_id), user=request.user).get()


@router.get(
    "/topics/{topic_id}",
    response={200: TopicDetailOut, 404: ErrorOut},
    summary="One topic with a page of its posts (marks them read)",
)
def topic_detail(request: HttpRequest, topic_id: int, query: Query[TopicPageQuery]) -> Any:
    topic = access_topic(request.user, topic_id)
    pages = max((topic.post_count - 1) // query.page_size + 1, 1)
    page = min(query.page, pages)
    posts = selectors.post_page(topic=topic, page=page, size=query.page_size)
    reactions = selectors.reactions_for(posts=posts, user=request.user)
    files = selectors.post_files(posts=posts)
    fields = _topic_fields(request, topic)
    if posts:
        topic_mark_read(user=request.user, topic=topic, number=posts[-1].number)
    return TopicDetailOut(
        **fields,
        subscription=Level(selectors.subscription_level(user=request.user, topic=topic)),
        posts=PostPageOut(
            items=[_post_out(request, p, reactions[p.pk], files.get(p.pk, [])) for p in posts],
            count=topic.post_count,
            page=page,
            pages=pages,
            page_size=query.page_size,
        ),
    )


@router.patch(
    "/topics/{topic_id}",
    response={200: TopicOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change a topic's title and/or tags (its author while open; stewards)",
)
def topic_patch(request: HttpRequest, topic_id: int, payload: TopicPatchIn) -> Any:
    topic = access_topic(request.user, topic_id, "topic.edit")
    topic_edit(actor=request.user, topic=topic, title=payload.title, tags=payload.tags)
    return _topic_out(request, _annotated(request, topic.pk))


@router.post(
    "/topics/{topic_id}/posts",
    response={201: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Reply to a topic",
)
def post_create(request: HttpRequest, topic_id: int, payload: PostIn) -> Any:
    topic = access_topic(request.user, topic_id, "topic.reply")
    limit_posting(request)
    post = post_reply(actor=request.user, topic=topic, body=payload.body)
    return 201, _single_post(request, post)


@router.patch(
    "/posts/{post_id}",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Edit a post (the earlier text is kept in its history)",
)
def post_patch(request: HttpRequest, post_id: int, payload: PostIn) -> Any:
    post = access_post(request.user, post_id, "post.edit")
    post_edit(actor=request.user, post=post, body=payload.body)
    return _single_post(request, post)


@router.delete(
    "/posts/{post_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a post (the thread shows that a post was deleted)",
)
def post_delete(request: HttpRequest, post_id: int) -> Any:
    post = access_post(request.user, post_id, "post.delete")
    posts.post_delete(actor=request.user, post=post)
    return 204, None


@router.post(
    "/posts/{post_id}/attachments",
    response={201: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Attach files to a post (multipart, field `files`; its author or a steward)",
)
def post_attach(request: HttpRequest, post_id: int, files: File[list[UploadedFile]]) -> Any:
    post = access_post(request.user, post_id, "post.edit")
    limit_posting(request)
    post_files_add(actor=request.user, post=post, files=files)
    return 201, _single_post(request, post)


@router.delete(
    "/posts/{post_id}/attachments/{attachment_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Remove a file from a post (its author or a steward)",
)
def post_detach(request: HttpRequest, post_id: int, attachment_id: int) -> Any:
    post = access_post(request.user, post_id)
    attachment = access_attachment(request.user, attachment_id)
    if attachment.owner_type.model_class() is not Post or attachment.owner_id != post.pk:
        raise Http404
    detach(actor=request.user, attachment=attachment)
    live.post_changed(post)
    return 204, None


@router.post(
    "/posts/{post_id}/reactions",
    response={200: PostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add a reaction, or take yours back (a toggle)",
)
def post_react(request: HttpRequest, post_id: int, payload: ReactionIn) -> Any:
    post = access_post(request.user, post_id, "post.react")
    reaction_toggle(actor=request.user, post=post, emoji=payload.emoji)
    return _single_post(request, post)


@router.post(
    "/topics/{topic_id}/accept",
    response={200: TopicOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept a reply as the answer to a question (null unmarks it)",
)
def topic_accept(request: HttpRequest, topic_id: int, payload: AcceptIn) -> Any:
    topic = access_topic(request.user, topic_id, "answer.accept")
    answer = None
    if payload.post is not None:
        answer = Post.objects.filter(pk=payload.post, topic=topic).first()
        if answer is None:
            raise HttpError(400, "That post is not a reply in this topic.")
    answer_accept(actor=request.user, topic=topic, post=answer)
    return _topic_out(request, _annotated(request, topic.pk))


@router.put(
    "/topics/{topic_id}/subscription",
    response={200: SubscriptionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Watch, track or mute a topic",
)
def topic_subscription(request: HttpRequest, topic_id: int, payload: SubscriptionIn) -> Any:
    topic = access_topic(request.user, topic_id, "topic.subscribe")
    subscription = subscription_set(user=request.user, topic=topic, level=payload.level)
    return SubscriptionOut(topic=topic.pk, level=Level(subscription.level))
