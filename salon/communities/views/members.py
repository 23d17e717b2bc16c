"""Pages of membership: the members list and roles, leaving, and requests to join."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities import selectors, services
from salon.communities.access import access_community
from salon.communities.forms import (
    JoinRequestForm,
    RoleForm,
)
from salon.communities.models import (
    JoinRequest,
    Membership,
)
from salon.communities.roles import membership_of
from salon.core.http import AuthenticatedHttpRequest


@login_required
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.invite")
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "memberships": Membership.objects.filter(community=community)
            .select_related("user")
            .order_by("user__name"),
            "invitations": selectors.pending_invitations(community=community),
            "join_requests": selectors.pending_join_requests(community=community),
            "role_form": RoleForm(),
        },
    )


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community = access_community(request.user, slug, "community.manage_members")
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"),
        pk=membership_id,
        community=community,
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user.display_name, "role": membership.get_role_display()},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("communities:members", slug=slug)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community = access_community(request.user, slug, "community.manage_members")
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"),
        pk=membership_id,
        community=community,
    )
    try:
        services.membership_remove(actor=request.user, membership=membership)
        messages.success(
            request, _("%(name)s was removed.") % {"name": membership.user.display_name}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("communities:members", slug=slug)


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.leave")
    membership = membership_of(request.user, community)
    assert membership is not None
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("communities:home", slug=slug)
    messages.success(request, _("You have left %(name)s.") % {"name": community.name})
    return redirect("communities:list")


@login_required
@require_POST
def join_request(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.request_to_join")
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        services.join_request_create(
            user=request.user, community=community, message=form.cleaned_data["message"]
        )
        messages.success(request, _("Your request is with the community's directors."))
    return redirect("communities:home", slug=slug)


@login_required
@require_POST
def join_request_decide(
    request: AuthenticatedHttpRequest, slug: str, request_id: int
) -> HttpResponse:
    community = access_community(request.user, slug, "community.review_join_requests")
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user", "community"), pk=request_id, community=community
    )
    approve = request.POST.get("decision") == "approve"
    services.join_request_decide(actor=request.user, join_request=join_request, approve=approve)
    messages.success(
        request,
        (_("%(name)s is now a member.") if approve else _("You declined %(name)s's request."))
        % {"name": join_request.user.display_name},
    )
    return redirect("communities:members", slug=slug)
