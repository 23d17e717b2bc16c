"""A topic's page and what is done to the topic: reply, accept an answer, moderate, and
subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.core.socket_relay import sockets_served
from salon.discussions import selectors
from salon.discussions.access import (
    access_category,
    access_topic,
)
from salon.discussions.forms import (
    LevelForm,
    ReplyForm,
)
from salon.discussions.models import PAGE_SIZE, Level, Topic
from salon.discussions.services.posts import post_reply, quote_for
from salon.discussions.services.reading import subscription_set, topic_mark_read
from salon.discussions.services.topics import answer_accept, topic_moderate
from salon.discussions.views.common import (
    field_for,
    int_param,
    limit_posting,
)


def _topic_page(
    request: AuthenticatedHttpRequest, topic: Topic, page: int, form: ReplyForm | None = None
) -> HttpResponse:
    posts = selectors.post_page(topic=topic, page=page, viewer=request.user)
    last_read = topic.last_read  # type: ignore[attr-defined]
    # Where "new since your last visit" goes: before the first post after the last read.
    marker = last_read + 1 if last_read and last_read < topic.post_count else None
    if posts:
        topic_mark_read(user=request.user, topic=topic, number=posts[-1].number)
    if form is None:
        quoted = _quoted(request, topic)
        form = ReplyForm(initial={"body": quoted}) if quoted else ReplyForm()
    reactions = selectors.reactions_for(posts=posts, user=request.user)
    files = selectors.post_files(posts=posts)
    for post in posts:
        post.reaction_counts = reactions[post.pk]  # type: ignore[attr-defined]
        post.shown_files = files.get(post.pk, [])  # type: ignore[attr-defined]
    accepted = topic.accepted_answer
    context = {
        "topic": topic,
        "community": topic.community,
        "posts": posts,
        "page_number": page,
        "pages": range(1, topic.pages + 1),
        "marker": marker,
        "form": form,
        "level": selectors.subscription_level(user=request.user, topic=topic),
        "levels": Level.choices,
        "accepted": accepted if accepted is not None and not accepted.is_removed else None,
        "may_reply": can(request.user, "topic.reply", topic),
        "may_moderate": can(request.user, "topic.moderate", topic),
        "may_accept": can(request.user, "answer.accept", topic),
        "chatham_house": topic.is_chatham_house,
        "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
        # Only a page an ASGI server served opens the live socket (WSGI routes no /ws/).
        "live_socket": f"/ws/topics/{topic.pk}/" if sockets_served(request) else "",
    }
    bell = getattr(topic, "unread_notifications", None)
    if bell is not None:
        context["unread_plain_count"] = bell
    return render(request, "discussions/topic.html", context, status=400 if form.errors else 200)


def _quoted(request: AuthenticatedHttpRequest, topic: Topic) -> str:
    quote_id = int_param(request.GET.get("quote"))
    if not quote_id:
        return ""
    post = selectors.post_in_topic(topic=topic, post_id=quote_id)
    if post is None:
        return ""
    return quote_for(post, attribute=not topic.is_chatham_house)


@login_required
def topic(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, bell=True)
    last_read = topic.last_read  # type: ignore[attr-defined]
    if "page" not in request.GET or "unread" in request.GET:
        # Keep the reader's place: open at the first post they have not read (or the last
        # one they read, when they read everything).
        if last_read:
            target = min(last_read + 1, topic.post_count)
            page = (target - 1) // PAGE_SIZE + 1
            if page > 1 or "unread" in request.GET:
                return redirect(f"{topic.get_absolute_url()}?page={page}#post-{target}")
        return _topic_page(request, topic, 1)
    page = min(max(int_param(request.GET.get("page"), 1), 1), topic.pages)
    return _topic_page(request, topic, page)


@login_required
@require_POST
def reply(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "topic.reply")
    limit_posting(request)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = post_reply(
                actor=request.user,
                topic=topic,
                body=form.cleaned_data["body"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            form.add_error(field_for(exc), exc)
        else:
            return redirect(f"{topic.get_absolute_url()}?page={post.page}#post-{post.number}")
    return _topic_page(request, topic, topic.pages, form)


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "answer.accept")
    post_id = int_param(request.POST.get("post"))
    answer = selectors.post_in_topic(topic=topic, post_id=post_id) if post_id else None
    if post_id and answer is None:
        raise Http404
    try:
        answer_accept(actor=request.user, topic=topic, post=answer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Answer accepted.") if answer else _("The answer is no longer marked.")
        )
    return redirect(topic.get_absolute_url() + "?page=1")


@login_required
@require_POST
def moderate(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "topic.moderate")
    try:
        topic_moderate(actor=request.user, topic=topic, action=request.POST.get("action", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(topic.get_absolute_url() + "?page=1")


@login_required
@require_POST
def subscription(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "topic.subscribe")
    form = LevelForm(request.POST)
    if form.is_valid():
        subscription_set(user=request.user, topic=topic, level=form.cleaned_data["level"])
        messages.success(request, _("Notification level saved."))
    return redirect(topic.get_absolute_url() + "?page=1")


@login_required
@require_POST
def category_subscription(
    request: AuthenticatedHttpRequest, slug: str, category_slug: str
) -> HttpResponse:
    community = access_community(request.user, slug, "forum.view")
    category = access_category(request.user, community, category_slug)
    form = LevelForm(request.POST)
    if form.is_valid():
        subscription_set(user=request.user, category=category, level=form.cleaned_data["level"])
        messages.success(request, _("Notification level saved."))
    return redirect(
        f"{reverse('discussions:forum', args=[community.slug])}?category={category.slug}"
    )
