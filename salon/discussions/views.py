from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.access import access_attachment
from salon.core.attachments import detach
from salon.core.http import AuthenticatedHttpRequest, client_ip
from salon.core.markdown import render_markdown
from salon.core.permissions import can
from salon.core.ratelimit import consume, parse_rate
from salon.discussions import live, selectors, services
from salon.discussions.access import (
    access_category,
    access_category_by_id,
    access_forum,
    access_post,
    access_topic,
)
from salon.discussions.forms import (
    LevelForm,
    OpeningPostEditForm,
    PostEditForm,
    ReplyForm,
    TopicForm,
)
from salon.discussions.models import PAGE_SIZE, Level, Post, Topic, TopicKind
from salon.notifications.selectors import unread_count_subquery

TOPICS_PER_PAGE = 30


def _int(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() and len(value) < 9 else default


def _querystring_without_page(request: AuthenticatedHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# A room of people at a workshop shares one address: it gets ten people's budget.
POSTING_PEOPLE_PER_ADDRESS = 10


def limit_posting(request: HttpRequest) -> None:
    """Topics, replies and files, from pages and the API: ``SALON_RATE_POST`` per person
    and ten times that per address. Raises ``RateLimited`` (a 429 with Retry-After)."""
    rate = settings.SALON_RATE_POST
    consume("posts", str(request.user.pk), rate)
    count, _seconds = parse_rate(rate)
    per_address = f"{count * POSTING_PEOPLE_PER_ADDRESS}/{rate.partition('/')[2]}"
    consume("posts-ip", client_ip(request) or "-", per_address)


def _field_for(exc: ValidationError) -> str | None:
    """Where a service's refusal belongs on the form: a refused file is said above the
    form, anything else under the text."""
    return None if any(e.code == "files" for e in exc.error_list) else "body"


def _add_service_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal under the field it names (``title``, ``tags``, ``body``, by
    its code or as errors by field); anything else, a refused file say, above the form."""
    if hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for error in exc.error_list:
        form.add_error(error.code if error.code in form.fields else None, error)


def _tags_message(typed: list[str]) -> str:
    """Which tags lost characters on the way in ("a&b" became "ab"), or ""."""
    altered = services.tags_altered(typed)
    if not altered:
        return ""
    changes = ", ".join(
        _("“%(typed)s” became “%(tag)s”") % {"typed": typed_tag, "tag": tag}
        if tag
        else _("“%(typed)s” was left out") % {"typed": typed_tag}
        for typed_tag, tag in altered
    )
    return _("Tags keep letters, digits and hyphens only: %(changes)s.") % {"changes": changes}


# Forum lists -----------------------------------------------------------------------------


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
        "querystring": _querystring_without_page(request),
        "tab": "forum",
    }
    if request.htmx:
        return render(request, "discussions/_topic_list.html", context)
    if page.object_list:
        context["unread_count"] = page.object_list[0].bell
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
        context["unread_count"] = page.object_list[0].bell
    return render(request, "discussions/unanswered.html", context)


# Writing ---------------------------------------------------------------------------------


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
            topic = services.topic_create(
                actor=request.user,
                category=category,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            note = _tags_message(data["tags"])
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


# A topic ---------------------------------------------------------------------------------


def _topic_page(
    request: AuthenticatedHttpRequest, topic: Topic, page: int, form: ReplyForm | None = None
) -> HttpResponse:
    posts = selectors.post_page(topic=topic, page=page, viewer=request.user)
    last_read = topic.last_read  # type: ignore[attr-defined]
    # Where "new since your last visit" goes: before the first post after the last read.
    marker = last_read + 1 if last_read and last_read < topic.post_count else None
    if posts:
        services.topic_mark_read(user=request.user, topic=topic, number=posts[-1].number)
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
        "live_socket": f"/ws/topics/{topic.pk}/" if isinstance(request, ASGIRequest) else "",
    }
    bell = getattr(topic, "unread_notifications", None)
    if bell is not None:
        context["unread_count"] = bell
    return render(request, "discussions/topic.html", context, status=400 if form.errors else 200)


def _quoted(request: AuthenticatedHttpRequest, topic: Topic) -> str:
    quote_id = _int(request.GET.get("quote"))
    if not quote_id:
        return ""
    post = Post.objects.select_related("author").filter(pk=quote_id, topic=topic).first()
    if post is None:
        return ""
    return services.quote_for(post, attribute=not topic.is_chatham_house)


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
    page = min(max(_int(request.GET.get("page"), 1), 1), topic.pages)
    return _topic_page(request, topic, page)


@login_required
@require_POST
def reply(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "topic.reply")
    limit_posting(request)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_reply(
                actor=request.user,
                topic=topic,
                body=form.cleaned_data["body"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            form.add_error(_field_for(exc), exc)
        else:
            return redirect(f"{topic.get_absolute_url()}?page={post.page}#post-{post.number}")
    return _topic_page(request, topic, topic.pages, form)


@login_required
def post(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    """A post's address: its place in its topic."""
    found = access_post(request.user, post_id)
    return redirect(f"{found.topic.get_absolute_url()}?page={found.page}#post-{found.number}")


@login_required
def post_edit(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    """Edit a post; the opening post, for its topic's author or a steward
    (``topic.edit``), with the topic's title and tags."""
    found = access_post(request.user, post_id, "post.edit")
    topic = found.topic
    with_topic = found.number == 1 and can(request.user, "topic.edit", topic)
    form: PostEditForm | OpeningPostEditForm
    if with_topic:
        form = OpeningPostEditForm(
            request.POST or None,
            initial={"title": topic.title, "body": found.body, "tags": ", ".join(topic.tag_names)},
        )
    else:
        form = PostEditForm(request.POST or None, initial={"body": found.body})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if with_topic:
                services.opening_post_edit(
                    actor=request.user,
                    post=found,
                    body=data["body"],
                    title=data["title"],
                    tags=data["tags"],
                )
            else:
                services.post_edit(actor=request.user, post=found, body=data["body"])
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            saved = _("Your changes are saved; the earlier text is kept.")
            note = _tags_message(data["tags"]) if with_topic else ""
            messages.success(request, f"{saved} {note}" if note else saved)
            return redirect(found.get_absolute_url())
    return render(
        request,
        "discussions/post_edit.html",
        {
            "post": found,
            "topic": topic,
            "community": topic.community,
            "form": form,
            "with_topic": with_topic,
        },
        status=400 if form.errors else 200,
    )


@login_required
def post_history(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    found = access_post(request.user, post_id)
    if found.is_removed and not can(request.user, "topic.moderate", found.topic):
        raise Http404
    revisions = list(found.revisions.select_related("edited_by"))
    return render(
        request,
        "discussions/post_history.html",
        {
            "post": found,
            "topic": found.topic,
            "community": found.topic.community,
            "versions": [(r, render_markdown(r.body)) for r in revisions],
            "chatham_house": found.topic.is_chatham_house,
        },
    )


@login_required
@require_POST
def post_delete(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    found = access_post(request.user, post_id, "post.delete")
    services.post_delete(actor=request.user, post=found)
    messages.success(request, _("The post is deleted."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def post_file_remove(request: AuthenticatedHttpRequest, post_id: int, file_id: int) -> HttpResponse:
    """Take a file off a post (its author or a steward); audited, the stored file goes."""
    found = access_post(request.user, post_id)
    attachment = access_attachment(request.user, file_id)
    if attachment.owner_type.model_class() is not Post or attachment.owner_id != found.pk:
        raise Http404
    detach(actor=request.user, attachment=attachment)
    live.post_changed(found)
    messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.name})
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def post_hide(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    found = access_post(request.user, post_id, "post.hide")
    hidden = request.POST.get("hidden") != "0"
    services.post_hide(actor=request.user, post=found, hidden=hidden)
    messages.success(request, _("The post is hidden.") if hidden else _("The post is shown again."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def react(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    found = access_post(request.user, post_id, "post.react")
    try:
        services.reaction_toggle(
            actor=request.user, post=found, emoji=request.POST.get("emoji", "")
        )
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(" ".join(exc.messages), status=400)
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(
            request,
            "discussions/_reactions.html",
            {
                "post": found,
                "counts": selectors.reactions_of(post=found, user=request.user),
                "may_react": True,
            },
        )
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "answer.accept")
    post_id = _int(request.POST.get("post"))
    answer = Post.objects.filter(pk=post_id, topic=topic).first() if post_id else None
    if post_id and answer is None:
        raise Http404
    try:
        services.answer_accept(actor=request.user, topic=topic, post=answer)
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
        services.topic_moderate(
            actor=request.user, topic=topic, action=request.POST.get("action", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(topic.get_absolute_url() + "?page=1")


@login_required
@require_POST
def subscription(request: AuthenticatedHttpRequest, topic_id: int) -> HttpResponse:
    topic = access_topic(request.user, topic_id, "topic.subscribe")
    form = LevelForm(request.POST)
    if form.is_valid():
        services.subscription_set(user=request.user, topic=topic, level=form.cleaned_data["level"])
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
        services.subscription_set(
            user=request.user, category=category, level=form.cleaned_data["level"]
        )
        messages.success(request, _("Notification level saved."))
    return redirect(
        f"{reverse('discussions:forum', args=[community.slug])}?category={category.slug}"
    )


@login_required
@require_POST
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Markdown live preview (htmx): the text as it will read, sanitised."""
    body = request.POST.get("body", "")[: services.MAX_BODY]
    return render(request, "discussions/_preview.html", {"html": render_markdown(body)})


@login_required
def mention_suggestions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Whom the @-autocomplete offers: ``?topic=<id>`` (a reply or an edit) or
    ``?category=<id>`` (a new topic), and ``q``, the start of a handle or name. 404 unless
    the requester may see the topic or category; only people who may see it come back, and
    nobody to someone who may not see the directory. Limited per person
    (``SALON_RATE_MENTIONS``): a 429 beyond it."""
    topic_id, category_id = _int(request.GET.get("topic")), _int(request.GET.get("category"))
    if topic_id:
        place = access_topic(request.user, topic_id)
    elif category_id:
        category = access_category_by_id(request.user, category_id)
        # The topic as it would be once started: the category's community and circle.
        place = Topic(category=category, community=category.community, circle=category.circle)
    else:
        raise Http404
    consume("mentions", str(request.user.pk), settings.SALON_RATE_MENTIONS)
    people = selectors.mention_suggestions(
        viewer=request.user, topic=place, query=request.GET.get("q", "")[:60]
    )
    response = JsonResponse(
        {"results": [{"handle": p.handle, "name": p.name, "title": p.title} for p in people]}
    )
    # Typing, deleting and typing again asks the same question: let the browser answer.
    response["Cache-Control"] = "private, max-age=30"
    return response
