from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from salon.accounts.forms import NewAccountForm, SelfSignupForm
from salon.accounts.services import account_create
from salon.communities import selectors, services
from salon.communities.access import access_circle, access_community, access_invitation
from salon.communities.forms import (
    CircleForm,
    CommunityForm,
    CsvInviteForm,
    DirectoryFilterForm,
    InvitationForm,
    JoinRequestForm,
    NewCommunityForm,
    RoleForm,
)
from salon.communities.models import (
    Circle,
    Community,
    JoinRequest,
    Membership,
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
def invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.invite")
    form = InvitationForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except services.InvitationError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("communities:invite", slug=slug)
    return render(
        request,
        "communities/invite.html",
        {"community": community, "form": form, "csv_form": CsvInviteForm()},
        status=400 if form.errors else 200,
    )


@login_required
def invite_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.invite")
    if request.method != "POST":
        return redirect("communities:invite", slug=slug)
    csv_form = CsvInviteForm(request.POST, request.FILES)
    context: dict[str, object] = {
        "community": community,
        "form": InvitationForm(community=community),
        "csv_form": csv_form,
    }
    if csv_form.is_valid():
        try:
            result = services.invitations_from_csv(
                actor=request.user,
                community=community,
                data=csv_form.cleaned_data["file"].read(),
                message=csv_form.cleaned_data["message"],
            )
        except services.CsvFileError as exc:
            csv_form.add_error("file", str(exc))
        else:
            context["result"] = result
    return render(
        request, "communities/invite.html", context, status=400 if csv_form.errors else 200
    )


@login_required
@require_POST
def invitation_revoke(
    request: AuthenticatedHttpRequest, slug: str, invitation_id: int
) -> HttpResponse:
    community = access_community(request.user, slug, "community.invite")
    invitation = get_object_or_404(community.invitations, pk=invitation_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return redirect("communities:members", slug=slug)


def invitation(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The page an invitation email links to: create an account or sign in, then accept."""
    invitation = access_invitation(token)
    context: dict[str, object] = {"invitation": invitation}
    if not invitation.is_usable:
        return render(request, "communities/invitation_unusable.html", context, status=410)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except services.InvitationError as exc:
                messages.error(request, str(exc))
                return redirect("communities:invitation", token=token)
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": invitation.community.name}
            )
            return redirect("communities:home", slug=invitation.community.slug)
        return render(request, "communities/invitation.html", context)
    if selectors.account_exists_for(email=invitation.email):
        context["has_account"] = True
        return render(request, "communities/invitation.html", context)
    form = NewAccountForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = account_create(
                email=invitation.email,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
                timezone_name=form.cleaned_data["timezone"],
            )
            services.invitation_accept(invitation=invitation, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.community.name})
        return redirect("communities:home", slug=invitation.community.slug)
    context["form"] = form
    return render(
        request, "communities/invitation.html", context, status=400 if form.errors else 200
    )


def signup(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Open self-signup for a community whose director allowed it."""
    community = selectors.community_open_for_signup(slug=slug)
    if community is None:
        raise Http404
    if request.user.is_authenticated:
        if request.method == "POST":
            services.membership_join_open(user=request.user, community=community)
            return redirect("communities:home", slug=slug)
        return render(request, "communities/signup.html", {"community": community})
    form = SelfSignupForm(request.POST or None, email=request.POST.get("email", ""))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = account_create(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
                timezone_name=form.cleaned_data["timezone"],
            )
            services.membership_join_open(user=user, community=community)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("communities:home", slug=slug)
    return render(
        request,
        "communities/signup.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


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


# Managing a circle -------------------------------------------------------------------------


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
