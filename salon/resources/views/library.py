"""The library's pages: the list with its filters, a resource, publishing and suggesting,
new file versions, marks, comments and the review of suggestions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.models import AttachmentStatus
from salon.core.permissions import can
from salon.goals.selectors import competencies_of
from salon.resources import selectors
from salon.resources.access import access_path, access_resource
from salon.resources.forms import CommentForm, ResourceForm, VersionForm
from salon.resources.models import ResourceKind
from salon.resources.recommendations import recommendations_for
from salon.resources.services import library as services

PAGE_SIZE = 24


def _filters(request: AuthenticatedHttpRequest) -> selectors.LibraryFilters:
    competency = request.GET.get("competency", "")
    kind = request.GET.get("kind", "")
    mine = request.GET.get("mine", "")
    return selectors.LibraryFilters(
        kind=kind if kind in ResourceKind.values else "",
        competency=int(competency) if competency.isdigit() and len(competency) < 12 else None,
        tag=request.GET.get("tag", "")[:50],
        mine=mine if mine in {"saved", "done"} else "",
    )


@login_required
def library(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "library.view")
    filters = _filters(request)
    resources = selectors.library_for(user=request.user, community=community, filters=filters)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {
        "kind": filters.kind,
        "competency": filters.competency or "",
        "tag": filters.tag,
        "mine": filters.mine,
    }
    querystring = urlencode({k: v for k, v in query.items() if v})
    query_active = bool(querystring)
    may_review = can(request.user, "library.review", community)
    context: dict[str, Any] = {
        "community": community,
        "page": page,
        "filters": filters,
        "querystring": querystring,
        "kinds": ResourceKind.choices,
        "competencies": competencies_of(community=community),
        "tags": selectors.library_tags(community=community),
        "may_create": can(request.user, "resource.create", community),
        "may_publish": can(request.user, "resource.publish", community),
        "may_review": may_review,
        "waiting": selectors.suggestions_for(user=request.user, community=community).count()
        if may_review
        else 0,
        "my_suggestions": selectors.my_suggestions(user=request.user, community=community),
        "for_you": recommendations_for(user=request.user, community=community, limit=3)
        if not request.htmx and not query_active
        else [],
    }
    template = "resources/_resource_list.html" if request.htmx else "resources/library.html"
    return render(request, template, context)


@login_required
def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "resource.create")
    posted = request.method == "POST"
    form = ResourceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        community=community,
        user=request.user,
    )
    publishes = can(request.user, "resource.publish", community)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                actor=request.user,
                community=community,
                plan=form.plan(),
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if resource.is_published:
                messages.success(request, _("“%(t)s” is in the library.") % {"t": resource.title})
            else:
                messages.success(
                    request,
                    _("Thank you: a facilitator will look at “%(t)s” and add it to the library.")
                    % {"t": resource.title},
                )
            return redirect(resource.get_absolute_url())
    return render(
        request,
        "resources/create.html",
        {
            "community": community,
            "form": form,
            "publishes": publishes,
            "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
        },
        status=400 if form.errors else 200,
    )


@login_required
def suggestions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "library.review")
    return render(
        request,
        "resources/suggestions.html",
        {
            "community": community,
            "resources": selectors.suggestions_for(user=request.user, community=community),
        },
    )


@login_required
def detail(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id)
    services.resource_viewed(actor=request.user, resource=resource)
    shown = selectors.resource_with_viewer(user=request.user, resource=resource)
    may_edit = can(request.user, "resource.edit", resource)
    context = {
        "resource": shown,
        "community": resource.community,
        "body_html": render_markdown(resource.body),
        "versions": selectors.versions_of(resource=resource),
        "comments": selectors.comments_on(resource=resource),
        "comment_form": CommentForm(),
        "version_form": VersionForm(),
        "may_edit": may_edit,
        "may_mark": can(request.user, "resource.mark", resource),
        "may_review": can(request.user, "resource.review", resource),
        "usage": selectors.usage_of(resource=shown)
        if can(request.user, "resource.view_usage", resource)
        else None,
        "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
    }
    return render(request, "resources/detail.html", context)


@login_required
def preview(request: AuthenticatedHttpRequest, resource_id: int, number: int) -> HttpResponseBase:
    """A version's preview picture, to those who may see the resource (streamed through
    the storage, like the file itself, so it works on a private bucket too)."""
    resource = access_resource(request.user, resource_id)
    version = selectors.version_of(resource=resource, number=number)
    # An image the upload gate refused when it rebuilt it is not shown, not even small.
    if (
        version is None
        or not version.preview
        or version.attachment.status == AttachmentStatus.FAILED
    ):
        raise Http404
    try:
        handle = version.preview.open("rb")
    except OSError as exc:
        raise Http404 from exc
    kind = "image/png" if version.preview.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def edit(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, "resource.edit")
    initial = {
        "kind": resource.kind,
        "title": resource.title,
        "summary": resource.summary,
        "url": resource.url,
        "body": resource.body,
        "competencies": list(resource.competencies.all()),
        "tags": ", ".join(t.name for t in resource.tags.all()),
        "circle": resource.circle,
        "path": resource.path,
        "published_on": resource.published_on,
    }
    form = ResourceForm(
        request.POST or None, initial=initial, community=resource.community, user=request.user
    )
    form.fields.pop("file")
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(actor=request.user, resource=resource, plan=form.plan())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(resource.get_absolute_url())
    return render(
        request,
        "resources/edit.html",
        {"community": resource.community, "resource": resource, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def add_version(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, "resource.edit")
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the new file and say what changed."))
        return redirect(resource.get_absolute_url())
    try:
        version = services.resource_add_version(
            actor=request.user,
            resource=resource,
            upload=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Version %(n)s is now the current file.") % {"n": version.number}
        )
    return redirect(resource.get_absolute_url())


@login_required
@require_POST
def mark(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, "resource.mark")
    kind = request.POST.get("kind", "")
    on = request.POST.get("on") == "1"
    try:
        services.resource_mark(actor=request.user, resource=resource, kind=kind, on=on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        shown = selectors.resource_with_viewer(user=request.user, resource=resource)
        return render(request, "resources/_marks.html", {"resource": shown, "may_mark": True})
    return redirect(resource.get_absolute_url())


@login_required
@require_POST
def comment(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, "resource.comment")
    try:
        services.resource_comment(
            actor=request.user, resource=resource, body=request.POST.get("body", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{resource.get_absolute_url()}#comments")


@login_required
@require_POST
def review(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, "resource.review")
    decision = request.POST.get("decision", "")
    if decision not in {"approve", "decline"}:
        messages.error(request, _("Choose to add it to the library or not."))
        return redirect(resource.get_absolute_url())
    try:
        services.resource_review(
            actor=request.user, resource=resource, approve=decision == "approve"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Added to the library.")
            if decision == "approve"
            else _("Declined; the author is told."),
        )
    return redirect(resource.get_absolute_url())


@login_required
@require_POST
def hide_recommendation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "library.view")
    kind, object_id = request.POST.get("kind", ""), request.POST.get("id", "")
    if kind not in {"resource", "path"} or not object_id.isdigit() or len(object_id) > 12:
        messages.error(request, _("Choose what not to recommend."))
        return redirect("resources:library", community.slug)
    item = (access_path if kind == "path" else access_resource)(request.user, int(object_id))
    services.recommendation_hide(actor=request.user, item=item)
    messages.success(request, _("We won't recommend “%(t)s” again.") % {"t": item.title})
    return redirect("resources:library", community.slug)
