"""The SCIM endpoint (``/scim/v2/…``, for the directory) and the provisioning page (for the
organisation's administrators)."""

from __future__ import annotations

import json
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from scim2_models import SCIMException, UnauthorizedException
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from scim2_server.routing import Operation

from salon.core.http import AuthenticatedHttpRequest, client_ip
from salon.core.permissions import require
from salon.core.ratelimit import RateLimited, consume
from salon.scim import protocol, selectors, services
from salon.scim.access import access_link_target, access_scim_group, access_scim_token
from salon.scim.forms import GroupLinkForm, ScimTokenForm

# Discovery that RFC 7643 §5 lets anyone read: what the server supports, not whom it holds.
OPEN = {Operation.service_provider_config}


def _scim_request(request: HttpRequest, path: str) -> ScimRequest:
    return ScimRequest(
        method=request.method or "GET",
        base_url=request.build_absolute_uri("/scim/v2"),
        path="/" + path.removesuffix(".scim"),
        query={key: str(value) for key, value in request.GET.items()},
        headers=dict(request.headers),
        body=request.body,
    )


def _respond(response: ScimResponse) -> HttpResponse:
    body = b"" if response.body is None else json.dumps(response.body).encode()
    answer = HttpResponse(body, status=response.status.value)
    for name, value in response.headers.items():
        answer[name] = value
    answer.setdefault("Cache-Control", "no-cache")
    return answer


@csrf_exempt
def endpoint(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every SCIM request: the bearer token is checked (and its rate), then scim2-server
    serves the request over Salon's storage. Errors answer in SCIM's own error schema."""
    handler = protocol.handler()
    scim_request = _scim_request(request, path)
    try:
        if handler.service.match(scim_request).operation not in OPEN:
            scheme, _space, secret = (request.headers.get("Authorization") or "").partition(" ")
            token = (
                selectors.scim_token_by_secret(secret.strip())
                if scheme.lower() == "bearer"
                else None
            )
            if token is None:
                consume("scim-failures", client_ip(request) or "-", "30/m")
                raise UnauthorizedException(detail="A valid provisioning token is needed.")
            consume("scim", str(token.pk), settings.SALON_RATE_SCIM)
            services.scim_token_used(token=token)
        response = handler.handle(scim_request)
    except SCIMException as error:
        response = handler.service.error_response(error)
    except RateLimited as limited:
        response = ScimResponse(
            status=HTTPStatus.TOO_MANY_REQUESTS,
            body={
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                "status": "429",
                "detail": str(limited),
            },
            headers={"Retry-After": str(limited.retry_after)},
        )
    return _respond(response)


def _page(request: AuthenticatedHttpRequest, status: int = 200, **extra: object) -> HttpResponse:
    communities, circles = selectors.link_choices()
    context = {
        "tokens": selectors.scim_token_list(),
        "groups": selectors.scim_group_list(),
        "communities": communities,
        "circles": circles,
        "token_form": ScimTokenForm(),
        "roles": GroupLinkForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        "endpoint": request.build_absolute_uri("/scim/v2/"),
        **extra,
    }
    return render(request, "scim/provisioning.html", context, status=status)


@login_required
def provisioning(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "scim.manage", hide=True)
    return _page(request)


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "scim.manage", hide=True)
    form = ScimTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, token_form=form)
    _token, raw = services.scim_token_create(actor=request.user, name=form.cleaned_data["name"])
    return _page(request, new_token=raw)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = access_scim_token(request.user, token_id)
    services.scim_token_revoke(actor=request.user, token=token)
    return redirect("scim:provisioning")


@login_required
@require_POST
def group_link(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = access_scim_group(request.user, group_id)
    form = GroupLinkForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, error=_("Choose a role from the list."))
    community, circle = access_link_target(request.user, form.cleaned_data["target"])
    services.group_link(
        actor=request.user,
        group=group,
        community=community,
        role=form.cleaned_data["role"],
        circle=circle,
    )
    return redirect("scim:provisioning")
