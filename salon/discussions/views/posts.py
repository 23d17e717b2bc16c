from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.core.access import access_attachment
from salon.core.attachments import detach
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.permissions import can
from salon.core.ratelimit import consume
from salon.discussions import live, selectors
from salon.discussions.access import (
    access_category_by_id,
    access_post,
    access_topic,
)
from salon.discussions.forms import (
    OpeningPostEditForm,
    PostEditForm,
)
from salon.discussions.models import Post, Topic
from salon.discussions.services import posts
from salon.discussions.services.posts import MAX_BODY, reaction_toggle
from salon.discussions.services.topics import opening_post_edit
from salon.discussions.views.common import (
    add_service_errors,
    int_param,
    tags_message,
)

# Forum lists -----------------------------------------------------------------------------


# Writing ---------------------------------------------------------------------------------


# A topic ---------------------------------------------------------------------------------


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
                opening_post_edit(
                    actor=request.user,
                    post=found,
                    body=data["body"],
                    title=data["title"],
                    tags=data["tags"],
                )
            else:
                posts.post_edit(actor=request.user, post=found, body=data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = _("Your changes are saved; the earlier text is kept.")
            note = tags_message(data["tags"]) if with_topic else ""
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
    posts.post_delete(actor=request.user, post=found)
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
    posts.post_hide(actor=request.user, post=found, hidden=hidden)
    messages.success(request, _("The post is hidden.") if hidden else _("The post is shown again."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def react(request: AuthenticatedHttpRequest, post_id: int) -> HttpResponse:
    found = access_post(request.user, post_id, "post.react")
    try:
        reaction_toggle(actor=request.user, post=found, emoji=request.POST.get("emoji", ""))
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
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Markdown live preview (htmx): the text as it will read, sanitised."""
    body = request.POST.get("body", "")[:MAX_BODY]
    return render(request, "discussions/_preview.html", {"html": render_markdown(body)})


@login_required
def mention_suggestions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Whom the @-autocomplete offers: ``?topic=<id>`` (a reply or an edit) or
    ``?category=<id>`` (a new topic), and ``q``, the start of a handle or name. 404 unless
    the requester may see the topic or category; only people who may see it come back, and
    nobody to someone who may not see the directory. Limited per person
    (``SALON_RATE_MENTIONS``): a 429 beyond it."""
    topic_id, category_id = (
        int_param(request.GET.get("topic")),
        int_param(request.GET.get("category")),
    )
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
