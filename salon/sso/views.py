"""The organisation's sign-in settings page, for its IT administrators (site staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import require
from salon.sso import selectors, services
from salon.sso.access import access_identity_provider
from salon.sso.forms import IdentityProviderForm, SignInPolicyForm


def _page(request: AuthenticatedHttpRequest, status: int = 200, **extra: object) -> HttpResponse:
    policy = selectors.sign_in_policy()
    context = {
        "providers": selectors.provider_list(),
        "policy_form": SignInPolicyForm(initial={"require_mfa": policy.require_mfa}),
        "callback_example": request.build_absolute_uri("/accounts/oidc/SHORT-NAME/login/callback/"),
        **extra,
    }
    return render(request, "sso/sign_in_settings.html", context, status=status)


@login_required
def sign_in_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "sso.manage", hide=True)
    return _page(request)


@login_required
@require_POST
def policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "sso.manage", hide=True)
    form = SignInPolicyForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    services.policy_update(actor=request.user, require_mfa=form.cleaned_data["require_mfa"])
    messages.success(request, _("Sign-in rules saved."))
    return redirect("sso:settings")


def _provider_page(
    request: AuthenticatedHttpRequest, form: IdentityProviderForm, status: int = 200
) -> HttpResponse:
    callback = None
    if form.instance.pk:
        callback = request.build_absolute_uri(
            f"/accounts/oidc/{form.instance.slug}/login/callback/"
        )
    context = {"form": form, "provider": form.instance, "callback": callback}
    return render(request, "sso/provider_form.html", context, status=status)


@login_required
def provider_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "sso.manage", hide=True)
    form = IdentityProviderForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _provider_page(request, form, status=400)
        provider = services.provider_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s added.") % {"name": provider.name})
        return redirect("sso:provider", provider_id=provider.pk)
    return _provider_page(request, form)


@login_required
def provider_edit(request: AuthenticatedHttpRequest, provider_id: int) -> HttpResponse:
    provider = access_identity_provider(request.user, provider_id)
    form = IdentityProviderForm(request.POST or None, instance=provider)
    if request.method == "POST":
        if not form.is_valid():
            return _provider_page(request, form, status=400)
        # The form leaves its instance changed: the service compares with what is saved.
        saved = access_identity_provider(request.user, provider_id)
        services.provider_update(actor=request.user, provider=saved, **form.cleaned_data)
        messages.success(request, _("%(name)s saved.") % {"name": saved.name})
        return redirect("sso:provider", provider_id=provider_id)
    return _provider_page(request, form)
