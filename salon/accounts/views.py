from __future__ import annotations

import json
from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.account.views import LoginView as AllauthLoginView
from allauth.account.views import LogoutView as AllauthLogoutView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from salon.accounts.blocking import block_create, block_list_for_user, block_remove, is_blocked
from salon.accounts.forms import (
    ApiTokenForm,
    ProfileForm,
    TimezoneForm,
    manager_choices_for,
    manager_matches,
    manager_options,
)
from salon.accounts.models import ApiToken, Block, User
from salon.accounts.services import (
    account_deletion_request,
    api_token_create,
    api_token_revoke,
    personal_data_export,
    profile_update,
    timezone_confirm,
)
from salon.communities.access import access_profile
from salon.communities.models import Membership
from salon.communities.roles import memberships_of
from salon.core.http import AuthenticatedHttpRequest
from salon.core.ratelimit import consume
from salon.sso.selectors import active_providers

# Signing in --------------------------------------------------------------------------------


class LoginView(AllauthLoginView):
    """allauth's sign-in, answering 429 (not 200) once the failed-attempt limit or the
    account lockout refuses a sign-in; the page still says why."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = active_providers()
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if any(
            error.code == "too_many_login_attempts"
            for errors in form.errors.as_data().values()
            for error in errors
        ):
            response.status_code = 429
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no sign-in form of its own: everyone signs in through the site's
    (two-factor, lockout and rate limits included), then comes back here."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    user = request.user
    if user.is_authenticated:
        if user.is_active and user.is_staff:
            return redirect(next_url)
        # Signed in but not staff: sending them to sign in again would go round in circles.
        raise PermissionDenied
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


# Signing out of the admin is signing out of the site, through allauth (its signals, its
# confirmation page for a GET).
admin_logout = AllauthLogoutView.as_view()


@login_required
def profile(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person = access_profile(request.user, user_id)
    # Only communities the viewer shares with this person are shown.
    shared = set(memberships_of(request.user))
    memberships = (
        Membership.objects.filter(user=person, community_id__in=shared)
        .select_related("community")
        .order_by("community__name")
    )
    is_me = person.pk == request.user.pk
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "memberships": memberships,
            "is_me": is_me,
            "blocked": not is_me and is_blocked(request.user.pk, person.pk),
        },
    )


@login_required
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("accounts:profile", user_id=request.user.pk)


@login_required
def settings_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in form.Meta.fields
        }
        if "languages" in form.changed_data:
            changes["languages"] = form.cleaned_data["languages"]
        changes["interests"] = form.cleaned_data["interests_text"]
        changes["timezone"] = form.cleaned_data["timezone"]
        profile_update(user=User.objects.get(pk=user.pk), **changes)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings_profile.html", {"form": form, "section": "profile"})


@login_required
@require_GET
def manager_options_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The manager picker's options for what was typed (``?q=``): "not set", the person
    chosen in the form (``?manager=``, if they may be chosen) and up to 20 matches among the
    people the member shares a community with. Limited per person like mentions."""
    consume("manager-search", str(request.user.pk), settings.SALON_RATE_MENTIONS)
    user: User = request.user
    field: Any = ProfileForm.base_fields["manager"]
    options = manager_options(
        manager_choices_for(user), request.GET.get("manager"), field.empty_label
    )
    chosen = {str(pk) for pk, _label in options}
    options += [
        m for m in manager_matches(user, request.GET.get("q", "")) if str(m[0]) not in chosen
    ]
    selected = request.GET.get("manager", "")
    html = "".join(
        format_html(
            '<option value="{}"{}>{}</option>',
            pk,
            mark_safe(" selected") if str(pk) == selected else "",
            label,
        )
        for pk, label in options
    )
    return HttpResponse(html)


@login_required
def welcome(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = TimezoneForm(request.POST or None, initial={"timezone": user.timezone})
    if request.method == "POST" and form.is_valid():
        timezone_confirm(user=user, timezone_name=form.cleaned_data["timezone"])
        return redirect(next_url or "core:dashboard")
    return render(request, "accounts/welcome.html", {"form": form, "next": next_url})


@login_required
def settings_security(request: AuthenticatedHttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request,
        "accounts/settings_security.html",
        {"tokens": tokens, "token_form": ApiTokenForm(), "section": "security"},
    )


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    if not form.is_valid():
        return render(
            request,
            "accounts/settings_security.html",
            {"tokens": tokens, "token_form": form, "section": "security"},
            status=400,
        )
    _token, raw = api_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        expires_in_days=form.cleaned_data["expires_in"],
    )
    return render(
        request,
        "accounts/settings_security.html",
        {"tokens": tokens, "token_form": ApiTokenForm(), "new_token": raw, "section": "security"},
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:security")


@login_required
def settings_privacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/settings_privacy.html", {"section": "privacy"})


@login_required
@reauthentication_required
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    data = personal_data_export(user=user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="salon-my-data-{stamp}.json"'
    return response


@login_required
@require_POST
@reauthentication_required
def deletion_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    account_deletion_request(user=request.user)
    messages.success(
        request,
        _("We have your request. Your account will be deleted within a week."),
    )
    return redirect("accounts:privacy")


# Blocking (salon/accounts/blocking.py) ---------------------------------------------------


@login_required
def settings_blocked(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/settings_blocked.html",
        {"blocks": block_list_for_user(user=request.user), "section": "blocked"},
    )


@login_required
@require_POST
def block(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Block someone whose profile you may see; they are not told."""
    other = access_profile(request.user, user_id)
    try:
        block_create(user=request.user, other=other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("You blocked %(name)s. They are not told, and you no longer hear from them.")
            % {"name": other.display_name},
        )
    return redirect("accounts:profile", user_id=other.pk)


@login_required
@require_POST
def unblock(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    # Only your own blocks can be found here, so a 404 says nothing about anyone else.
    found = (
        Block.objects.filter(blocker=request.user, blocked_id=user_id)
        .select_related("blocked")
        .first()
    )
    if found is None:
        raise Http404
    block_remove(user=request.user, other=found.blocked)
    messages.success(request, _("You unblocked %(name)s.") % {"name": found.blocked.display_name})
    if request.POST.get("next") == "profile":
        return redirect("accounts:profile", user_id=user_id)
    return redirect("accounts:blocked")
