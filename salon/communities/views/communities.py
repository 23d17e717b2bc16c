"""Pages of a community: the list, creating one, its home, settings and directory."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from salon.communities import selectors, services
from salon.communities.access import access_community
from salon.communities.forms import (
    CommunityForm,
    DirectoryFilterForm,
    JoinRequestForm,
    NewCommunityForm,
)
from salon.communities.roles import membership_of
from salon.core.http import AuthenticatedHttpRequest, HtmxHttpRequest
from salon.core.permissions import can, require
from salon.discussions.selectors import recent_topics
from salon.events.selectors import agenda_for

DIRECTORY_PAGE_SIZE = 24
# What a community's home shows of what is happening: the next sessions, the live topics.
HOME_EVENTS = 3
HOME_TOPICS = 5


@login_required
def community_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    communities = selectors.community_list_for_user(user=request.user)
    return render(request, "communities/list.html", {"communities": communities})


@login_required
def community_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "community.create")
    form = NewCommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = services.community_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("“%(name)s” is ready. Invite its first members.") % {"name": community.name}
        )
        return redirect("communities:invite", slug=community.slug)
    return render(request, "communities/create.html", {"form": form})


@login_required
def home(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    membership = membership_of(request.user, community)
    context: dict[str, object] = {"community": community, "membership": membership}
    if membership is not None:
        circles = selectors.circle_list_for_user(user=request.user, community=community)
        context.update(
            # Counting only the circles the viewer can see keeps private circles private.
            stats={**selectors.community_stats(community=community), "circles": len(circles)},
            circles=circles,
            recent=selectors.recent_members(community=community)
            if can(request.user, "community.view_members", community)
            else [],
            upcoming=list(agenda_for(user=request.user, community_id=community.pk)[:HOME_EVENTS]),
            topics=recent_topics(
                user=request.user,
                community=community,
                circle_ids=[c.pk for c in circles],
                limit=HOME_TOPICS,
            ),
        )
        if can(request.user, "community.review_join_requests", community):
            context["join_request_count"] = selectors.pending_join_requests(
                community=community
            ).count()
    else:
        context["pending_request"] = selectors.has_pending_join_request(
            user=request.user, community=community
        )
        context["join_form"] = JoinRequestForm()
    return render(request, "communities/home.html", context)


@login_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.edit")
    form = CommunityForm(request.POST or None, request.FILES or None, instance=community)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        community.refresh_from_db()
        services.community_update(actor=request.user, community=community, **changes)
        messages.success(request, _("Community settings saved."))
        return redirect("communities:home", slug=community.slug)
    return render(request, "communities/edit.html", {"community": community, "form": form})


@login_required
def directory(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.view_members")
    form = DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DirectoryFilters(**{k: v for k, v in data.items() if v})
    members = selectors.member_directory(community=community, filters=filters)
    page = Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "form": form,
        "page": page,
        "filtered": any(data.values()) if data else False,
        "querystring": _querystring_without_page(request),
    }
    if request.htmx:
        return render(request, "communities/_directory_results.html", context)
    context["industries"] = selectors.directory_industries(community=community)
    return render(request, "communities/directory.html", context)


def _querystring_without_page(request: HtmxHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
