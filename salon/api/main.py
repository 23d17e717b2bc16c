"""The REST API: ``/api/v1/``, assembled from each app's ``api.py`` router."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.parser import Parser
from ninja.throttling import UserRateThrottle

from salon.accounts.api import router as accounts_router
from salon.api.auth import api_auth
from salon.api.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from salon.communities.api import router as communities_router
from salon.communities.services import InvitationError
from salon.core.errors import Conflict
from salon.core.ratelimit import RateLimited

_SAFE_METHODS = {"get", "head", "options"}
_MAX_ID = MAX_ID


def _error(description: str, schema: str = "ErrorOut") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


class JsonObjectParser(Parser):
    """Request bodies are JSON objects: ``null``, a number or a list is refused with a 400
    (ninja would otherwise read any value as an object whose fields all take defaults)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("The body must be a JSON object.")
        return data


class SalonAPI(NinjaAPI):
    """Documents the answers operations give besides their own: 401 without credentials,
    429 beyond the rate limit, 422 for parameters or bodies that fail validation, 404 for
    an id or slug that does not exist or that you may not see, 403 for a write refused by
    the CSRF check (browser sessions), 400 for a body that is not a JSON object."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ErrorOut, ValidationErrorOut):
            components.setdefault(
                model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}")
            )
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                parameters = operation.get("parameters", [])
                for parameter in parameters:
                    # Ids are positive 64-bit integers; any other answers 404.
                    if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                        parameter["schema"].update(minimum=1, maximum=_MAX_ID)
                responses = operation.setdefault("responses", {})
                responses.setdefault(401, _error("Authentication required"))
                responses.setdefault(429, _error("Too many requests (see `Retry-After`)"))
                if parameters or "requestBody" in operation:
                    responses.setdefault(422, _error("Invalid input", "ValidationErrorOut"))
                if any(parameter["in"] == "path" for parameter in parameters):
                    responses.setdefault(404, _error("Not found"))
                if method not in _SAFE_METHODS:
                    responses.setdefault(403, _error("Forbidden"))
                if "requestBody" in operation:
                    responses.setdefault(400, _error("Refused input"))
                responses[429]["headers"] = {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 86400},
                    }
                }
        return schema


class PersonRateThrottle(UserRateThrottle):
    """Per person; the rate is read from settings on each request, so it can change
    without rebuilding the API. (Failed tokens are limited per address in TokenAuth.)"""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(settings.SALON_RATE_API)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.SALON_RATE_API
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request))


api = SalonAPI(
    title="Salon API",
    version="1.0.0",
    description=(
        "Salon's REST API. Authenticate with a personal access token "
        "(`Authorization: Bearer …`, created in Settings → Security) or the browser session "
        '(with the CSRF token). Errors are JSON `{"detail": …}` with a 4xx status.'
    ),
    auth=api_auth,
    urls_namespace="api",
    throttle=[PersonRateThrottle()],
    parser=JsonObjectParser(),
)


# Domain errors become JSON here, and only here: handlers do not catch them themselves.


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(OverflowError)
def beyond_any_id(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A path id beyond 64 bits (the schema says 1 to 2^63-1) names nothing: the database
    # driver refuses to bind it, which is a 404, not a server error.
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, {"detail": "You do not have permission to do this."}, status=403
    )


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


@api.exception_handler(InvitationError)
def invitation_refused(request: HttpRequest, exc: InvitationError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


api.add_router("", accounts_router)
api.add_router("", communities_router)
api.add_router("", "salon.communities.api.interest_groups.router")
api.add_router("", "salon.events.api.router")
api.add_router("", "salon.events.office_hours.api.router")
api.add_router("", "salon.discussions.api.router")
api.add_router("", "salon.goals.api.router")
api.add_router("", "salon.mentoring.api.router")
api.add_router("", "salon.feedback.api.router")
api.add_router("", "salon.innovation.api.router")
api.add_router("", "salon.resources.api.router")
api.add_router("", "salon.analytics.api.router")
api.add_router("", "salon.programmes.api.router")
api.add_router("", "salon.circles.api.router")
api.add_router("", "salon.network.api.router")
api.add_router("", "salon.network.roulette_api.router")
api.add_router("", "salon.network.map_api.router")
api.add_router("", "salon.discussions.moderation_api.router")
api.add_router("", "salon.notifications.api.router")
api.add_router("", "salon.core.api.router")
