"""The forum lists (a community's forum, unanswered questions) and starting a topic."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.discussions import selectors
from salon.discussions.access import (
    access_forum,
)
from salon.discussions.forms import (
    TopicForm,
)
from salon.discussions.models import TopicKind
from salon.discussions.services import topics
from salon.discussions.views.common import (
    add_service_errors,
    limit_posting,
    querystring_without_page,
    tags_message,
)
from salon.notifications.selectors import unread_count_subquery

TOPICS_PER_PAGE = 30


@login_required
def forum(
    request: AuthenticatedHttpRequest, slug: str, circle_slug: str | None = None
) -> HttpResponse:
    community = access_forum(request.user, slug, "forum.view")
    circles = selectors.forum_circles(user=request.user, community=community)
    circle = None
    if circle_slug is not None:
        circle = next((c for c in circles if c.slug == circle_slug), None)
        if circle is None:
            raise Http404
    filters = selectors.TopicFilters(
        category=request.GET.get("category", "")[:60],
        tag=request.GET.get("tag", "")[:40],
        circle=circle,
        kind=request.GET.get("kind", "")[:20],
        archived=request.GET.get("archived") == "1",
    )
    topics = selectors.topic_list(
        user=request.user,
        community=community,
        circle_ids=[c.pk for c in circles],
        filters=filters,
    )
    # The bell's count rides on the page's query (the partial has no bell).
    scalars = {} if request.htmx else {"bell": unread_count_subquery(user=request.user)}
    page = selectors.counted_page(topics, request.GET.get("page"), TOPICS_PER_PAGE, **scalars)
    context: dict[str, Any] = {
        "community": community,
        "circle": circle,
        "page": page,
        "filters": filters,
        "querystring": querystring_without_page(request),
        "tab": "forum",
    }
    if request.htmx:
        return render(request, "discussions/_topic_list.html", context)
    if page.object_list:
        context["unread_plain_count"] = page.object_list[0].bell
    categories = selectors.category_list(user=request.user, community=community, circles=circles)
    context.update(
        categories=[c for c in categories if circle is None or c.circle_id == circle.pk],
        circles=[c for c in circles if circle is None],
        kinds=TopicKind.choices,
    )
    return render(request, "discussions/forum.html", context)


@login_required
def unanswered(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_forum(request.user, slug, "forum.view_unanswered")
    circles = selectors.forum_circles(user=request.user, community=community)
    topics = selectors.topic_list(
        user=request.user,
        community=community,
        circle_ids=[c.pk for c in circles],
        filters=selectors.TopicFilters(unanswered=True),
    )
    page = selectors.counted_page(
        topics,
        request.GET.get("page"),
        TOPICS_PER_PAGE,
        bell=unread_count_subquery(user=request.user),
    )
    context = {"community": community, "page": page, "tab": "forum", "querystring": ""}
    if page.object_list:
        context["unread_plain_count"] = page.object_list[0].bell
    return render(request, "discussions/unanswered.html", context)


@login_required
def topic_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "forum.start_topic")
    circles = selectors.forum_circles(user=request.user, community=community)
    categories = [
        c
        for c in selectors.category_list(user=request.user, community=community, circles=circles)
        if can(request.user, "topic.create", c)
    ]
    may_announce = any(can(request.user, "topic.announce", c) for c in categories)
    chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
    if request.method == "POST":
        limit_posting(request)
    form = TopicForm(
        request.POST or None,
        categories=categories,
        may_announce=may_announce,
        initial={"category": chosen.pk if chosen else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = next(c for c in categories if c.pk == data["category"].pk)
        try:
            topic = topics.topic_create(
                actor=request.user,
                category=category,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            note = tags_message(data["tags"])
            if note:
                messages.info(request, note)
            return redirect(topic.get_absolute_url())
    return render(
        request,
        "discussions/topic_create.html",
        {
            "community": community,
            "form": form,
            "categories": categories,
            "tab": "forum",
            "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
        },
        status=400 if form.errors else 200,
    )
