"""Pages of invitations: inviting one by one or from a CSV, accepting, signing up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.accounts.forms import NewAccountForm, SelfSignupForm
from salon.accounts.services import account_create
from salon.communities import selectors, services
from salon.communities.access import access_community, access_invitation
from salon.communities.forms import (
    CsvInviteForm,
    InvitationForm,
)
from salon.core.http import AuthenticatedHttpRequest, HtmxHttpRequest


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
