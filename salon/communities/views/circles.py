"""Pages of circles: the list, a circle, joining and leaving, and managing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from salon.circles.selectors.notes import open_actions_of_circle, under_chatham_house
from salon.communities import selectors, services
from salon.communities.access import access_circle, access_community
from salon.communities.forms import (
    CircleForm,
)
from salon.communities.models import (
    Circle,
    Community,
)
from salon.communities.roles import membership_of
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can, require
from salon.goals.services.goals import local_today


@login_required
def circles(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    if membership_of(request.user, community) is None:
        raise Http404
    return render(
        request,
        "communities/circles.html",
        {
            "community": community,
            "circles": selectors.circle_list_for_user(user=request.user, community=community),
            "archived": selectors.archived_circles(community=community)
            if can(request.user, "circle.create", community)
            else [],
        },
    )


@login_required
def circle_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "circle.create")
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        circle = services.circle_create(
            actor=request.user, community=community, **form.cleaned_data
        )
        return redirect(circle.get_absolute_url())
    return render(request, "communities/circle_create.html", {"community": community, "form": form})


@login_required
def circle(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug)
    return render(
        request,
        "communities/circle.html",
        {
            "community": community,
            "circle": circle,
            "members": selectors.circle_members(circle=circle),
            # What the circle's meetings left open (salon/circles keeps the notes).
            "actions": open_actions_of_circle(circle=circle, today=local_today(request.user)),
            "hide_owners": under_chatham_house(circle),
        },
    )


@login_required
@require_POST
def circle_join(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.join")
    services.circle_join(user=request.user, circle=circle)
    messages.success(request, _("You joined %(name)s.") % {"name": circle.name})
    return redirect(circle.get_absolute_url())


@login_required
@require_POST
def circle_leave(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.leave")
    services.circle_leave(user=request.user, circle=circle)
    messages.success(request, _("You left %(name)s.") % {"name": circle.name})
    return redirect("communities:circles", slug=slug)


def _people_context(request: AuthenticatedHttpRequest, circle: Circle) -> dict[str, object]:
    q = request.GET.get("q", "")[:100]
    return {
        "community": circle.community,
        "circle": circle,
        "members": selectors.circle_members(circle=circle),
        "candidates": selectors.circle_member_candidates(circle=circle, q=q),
        "q": q,
        "may_edit": can(request.user, "circle.edit", circle),
    }


def _people_response(request: AuthenticatedHttpRequest, circle: Circle) -> HttpResponse:
    """After a change: the people panel for HTMX, else back to the management page."""
    if request.htmx:
        return render(request, "communities/_circle_people.html", _people_context(request, circle))
    return redirect(
        "communities:circle_manage", slug=circle.community.slug, circle_slug=circle.slug
    )


@login_required
def circle_manage(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    """Stewards and the circle's leads manage its people; stewards also its settings."""
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.manage_members")
    context = _people_context(request, circle)
    form = None
    if context["may_edit"]:
        form = CircleForm(request.POST or None, instance=circle, prefix="settings")
        if request.method == "POST" and form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            circle.refresh_from_db(fields=list(changes) or None)
            try:
                services.circle_update(actor=request.user, circle=circle, **changes)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Circle settings saved."))
                return redirect("communities:circle_manage", slug=slug, circle_slug=circle.slug)
    elif request.method == "POST":
        require(request.user, "circle.edit", circle)
    context["form"] = form
    return render(
        request,
        "communities/circle_manage.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def circle_candidates(
    request: AuthenticatedHttpRequest, slug: str, circle_slug: str
) -> HttpResponse:
    """Community members not in the circle yet, matching the search as you type."""
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.manage_members")
    template = (
        "communities/_circle_candidates.html" if request.htmx else "communities/circle_manage.html"
    )
    context = _people_context(request, circle)
    if not request.htmx and context["may_edit"]:
        context["form"] = CircleForm(instance=circle, prefix="settings")
    return render(request, template, context)


@login_required
@require_POST
def circle_members_add(
    request: AuthenticatedHttpRequest, slug: str, circle_slug: str
) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.manage_members")
    ids = [int(v) for v in request.POST.getlist("people") if v.isdigit() and len(v) < 12]
    people = selectors.community_people(community=community, user_ids=ids)
    if not people:
        messages.error(request, _("Tick the people to add."))
        return _people_response(request, circle)
    try:
        added = services.circle_members_add(actor=request.user, circle=circle, users=people)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d person added to %(circle)s; they have been told.",
                "%(n)d people added to %(circle)s; they have been told.",
                len(added),
            )
            % {"n": len(added), "circle": circle.name},
        )
    return _people_response(request, circle)


def _circle_person(community: Community, user_id: int) -> Any:
    people = selectors.community_people(community=community, user_ids=[user_id])
    if not people:
        raise Http404
    return people[0]


@login_required
@require_POST
def circle_member_remove(
    request: AuthenticatedHttpRequest, slug: str, circle_slug: str, user_id: int
) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.manage_members")
    person = _circle_person(community, user_id)
    services.circle_member_remove(actor=request.user, circle=circle, user=person)
    messages.success(
        request,
        _("%(name)s is no longer in %(circle)s.")
        % {"name": person.display_name, "circle": circle.name},
    )
    return _people_response(request, circle)


@login_required
@require_POST
def circle_lead(
    request: AuthenticatedHttpRequest, slug: str, circle_slug: str, user_id: int
) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.edit")
    person = _circle_person(community, user_id)
    is_lead = request.POST.get("is_lead") == "1"
    try:
        services.circle_lead_set(actor=request.user, circle=circle, user=person, is_lead=is_lead)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (
                _("%(name)s now leads %(circle)s.")
                if is_lead
                else _("%(name)s no longer leads %(circle)s.")
            )
            % {"name": person.display_name, "circle": circle.name},
        )
    return _people_response(request, circle)


@login_required
@require_POST
def circle_archive(request: AuthenticatedHttpRequest, slug: str, circle_slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    circle = access_circle(request.user, community, circle_slug, "circle.edit")
    archived = request.POST.get("archived") != "0"
    services.circle_update(actor=request.user, circle=circle, archived=archived)
    if archived:
        messages.success(
            request,
            _("%(circle)s is archived: it no longer shows in lists, and nothing in it is lost.")
            % {"circle": circle.name},
        )
    else:
        messages.success(request, _("%(circle)s is back.") % {"circle": circle.name})
    return redirect("communities:circle_manage", slug=slug, circle_slug=circle.slug)
