"""The organisation's sign-in settings page, for its IT administrators (site staff)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
    request: AuthenticatedHttpRequest,
    form: IdentityProviderForm,
    status: int = 200,
    slug: str = "",
) -> HttpResponse:
    # What the administrator gives their identity provider about Salon, with the saved
    # short name (each protocol's addresses; the page shows the one in use).
    saved = bool(slug)
    slug = slug or "SHORT-NAME"

    def absolute(name: str, **kwargs: str) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    context = {
        "form": form,
        "provider": form.instance,
        "saved": saved,
        "callback": absolute("openid_connect_callback", provider_id=slug),
        "post_logout": request.build_absolute_uri("/"),
        "saml_metadata": absolute("saml_metadata", organization_slug=slug),
        "saml_acs": absolute("saml_acs", organization_slug=slug),
        "saml_sls": absolute("saml_sls", organization_slug=slug),
    }
    return render(request, "sso/provider_form.html", context, status=status)


@login_required
def provider_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "sso.manage", hide=True)
    form = IdentityProviderForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _provider_page(request, form, status=400)
        provider = services.provider_create(actor=request.user, **form.provider_fields())
        messages.success(request, _("%(name)s added.") % {"name": provider.name})
        return redirect("sso:provider", provider_id=provider.pk)
    return _provider_page(request, form)


@login_required
def provider_edit(request: AuthenticatedHttpRequest, provider_id: int) -> HttpResponse:
    provider = access_identity_provider(request.user, provider_id)
    slug = provider.slug
    form = IdentityProviderForm(request.POST or None, instance=provider)
    if request.method == "POST":
        if not form.is_valid():
            return _provider_page(request, form, status=400, slug=slug)
        # The form leaves its instance changed: the service compares with what is saved.
        saved = access_identity_provider(request.user, provider_id)
        services.provider_update(actor=request.user, provider=saved, **form.provider_fields())
        messages.success(request, _("%(name)s saved.") % {"name": saved.name})
        return redirect("sso:provider", provider_id=provider_id)
    return _provider_page(request, form, slug=slug)


@login_required
def provider_delete(request: AuthenticatedHttpRequest, provider_id: int) -> HttpResponse:
    """Asks first (GET), then deletes (POST); the people it signed in keep their accounts."""
    provider = access_identity_provider(request.user, provider_id)
    if request.method == "POST":
        services.provider_delete(actor=request.user, provider=provider)
        messages.success(request, _("%(name)s deleted.") % {"name": provider.name})
        return redirect("sso:settings")
    accounts = selectors.accounts_signed_in_through(provider)
    return render(request, "sso/provider_delete.html", {"provider": provider, "accounts": accounts})
