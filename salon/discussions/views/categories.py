"""Stewards' pages for a community's forum categories: create, list, edit, reorder,
archive and delete (``category.manage``: directors and facilitators)."""

from __future__ import annotations

from itertools import groupby
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.discussions import categories, selectors
from salon.discussions.access import access_managed_category
from salon.discussions.categories import Direction, category_update
from salon.discussions.forms import CategoryEditForm, CategoryForm


def _back(slug: str) -> HttpResponse:
    return redirect("discussions:categories", slug=slug)


@login_required
def category_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "category.manage")
    every = selectors.category_list_for_stewards(community=community)
    # One group per forum: the community's first, then each circle's, in their order.
    forums = [
        (circle_id, list(group)) for circle_id, group in groupby(every, key=lambda c: c.circle_id)
    ]
    return render(
        request,
        "discussions/categories.html",
        {"community": community, "forums": forums, "tab": "forum"},
    )


@login_required
def category_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "category.manage")
    form = CategoryForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            category = categories.category_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(name)s” is ready.") % {"name": category.name})
            return redirect("discussions:forum", slug=community.slug)
    return render(
        request,
        "discussions/category_create.html",
        {"community": community, "form": form, "tab": "forum"},
        status=400 if form.errors else 200,
    )


@login_required
def category_edit(request: AuthenticatedHttpRequest, slug: str, category_id: int) -> HttpResponse:
    community = access_community(request.user, slug, "category.manage")
    category = access_managed_category(request.user, community, category_id)
    initial: dict[str, Any] = {
        "name": category.name,
        "description": category.description,
        "chatham_house": category.chatham_house,
        "position": category.position,
    }
    form = CategoryEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": category.name})
            return _back(community.slug)
    return render(
        request,
        "discussions/category_edit.html",
        {
            "community": community,
            "category": category,
            "form": form,
            "topic_count": category.topics.count(),
            "tab": "forum",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def category_move(request: AuthenticatedHttpRequest, slug: str, category_id: int) -> HttpResponse:
    community = access_community(request.user, slug, "category.manage")
    category = access_managed_category(request.user, community, category_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a category up or down."))
    else:
        categories.category_move(
            actor=request.user, category=category, direction=cast(Direction, direction)
        )
        messages.success(request, _("“%(name)s” moved.") % {"name": category.name})
    return _back(community.slug)


@login_required
@require_POST
def category_archive(
    request: AuthenticatedHttpRequest, slug: str, category_id: int
) -> HttpResponse:
    community = access_community(request.user, slug, "category.manage")
    category = access_managed_category(request.user, community, category_id)
    archived = request.POST.get("archived") != "0"
    categories.category_archive(actor=request.user, category=category, archived=archived)
    if archived:
        text = _("“%(name)s” is archived: its topics stay readable, no new ones start there.")
    else:
        text = _("“%(name)s” is back in the forum.")
    messages.success(request, text % {"name": category.name})
    return _back(community.slug)


@login_required
def category_delete(request: AuthenticatedHttpRequest, slug: str, category_id: int) -> HttpResponse:
    """Asks first; a category with topics is offered archiving instead."""
    community = access_community(request.user, slug, "category.manage")
    category = access_managed_category(request.user, community, category_id)
    error = None
    if request.method == "POST":
        try:
            categories.category_delete(actor=request.user, category=category)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("“%(name)s” is deleted.") % {"name": category.name})
            return _back(community.slug)
    return render(
        request,
        "discussions/category_delete.html",
        {
            "community": community,
            "category": category,
            "topic_count": category.topics.count(),
            "error": error,
            "tab": "forum",
        },
        status=400 if error else 200,
    )
