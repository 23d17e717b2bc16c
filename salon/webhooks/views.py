"""A community's webhooks, for its directors: the list, a new endpoint (its secret shown
once), an endpoint's delivery log, and its actions (rotate, switch, redeliver, delete)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.webhooks import selectors, services
from salon.webhooks.access import access_delivery, access_endpoint, access_webhooks
from salon.webhooks.catalogue import KINDS
from salon.webhooks.forms import EndpointForm


def _list(
    request: AuthenticatedHttpRequest, slug: str, form: EndpointForm, status: int = 200
) -> HttpResponse:
    community = access_webhooks(request.user, slug)
    context = {
        "community": community,
        "endpoints": selectors.endpoint_list_for_community(community=community),
        "form": form,
    }
    return render(request, "webhooks/list.html", context, status=status)


@login_required
def endpoint_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return _list(request, slug, EndpointForm())
    community = access_webhooks(request.user, slug)
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.user,
                community=community,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            return _detail(request, endpoint, new_secret=secret)
    return _list(request, slug, form, status=400)


def _detail(request: AuthenticatedHttpRequest, endpoint: object, **extra: object) -> HttpResponse:
    context = {
        "community": endpoint.community,  # type: ignore[attr-defined]
        "endpoint": endpoint,
        "deliveries": selectors.delivery_log(endpoint=endpoint),  # type: ignore[arg-type]
        "event_labels": [
            KINDS[key].label
            for key in endpoint.events  # type: ignore[attr-defined]
            if key in KINDS
        ],
        **extra,
    }
    return render(request, "webhooks/detail.html", context)


@login_required
def endpoint_detail(request: AuthenticatedHttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    return _detail(request, access_endpoint(request.user, slug, endpoint_id))


@login_required
@require_POST
def secret_rotate(request: AuthenticatedHttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    endpoint = access_endpoint(request.user, slug, endpoint_id)
    secret = services.secret_rotate(actor=request.user, endpoint=endpoint)
    return _detail(request, endpoint, new_secret=secret)


@login_required
@require_POST
def endpoint_switch(request: AuthenticatedHttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    endpoint = access_endpoint(request.user, slug, endpoint_id)
    services.endpoint_switch(
        actor=request.user, endpoint=endpoint, on=request.POST.get("on") == "1"
    )
    return redirect("webhooks:detail", slug=slug, endpoint_id=endpoint.pk)


@login_required
@require_POST
def endpoint_delete(request: AuthenticatedHttpRequest, slug: str, endpoint_id: int) -> HttpResponse:
    endpoint = access_endpoint(request.user, slug, endpoint_id)
    services.endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, _("The webhook was deleted."))
    return redirect("webhooks:list", slug=slug)


@login_required
@require_POST
def redeliver(
    request: AuthenticatedHttpRequest, slug: str, endpoint_id: int, delivery_id: int
) -> HttpResponse:
    delivery = access_delivery(request.user, slug, endpoint_id, delivery_id)
    services.delivery_redeliver(actor=request.user, delivery=delivery)
    messages.success(request, _("Sent again."))
    return redirect("webhooks:detail", slug=slug, endpoint_id=endpoint_id)
