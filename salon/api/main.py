"""The REST API: ``/api/v1/``, assembled from each app's ``api.py`` router."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.throttling import UserRateThrottle

from salon.accounts.api import router as accounts_router
from salon.api.auth import api_auth
from salon.communities.api import router as communities_router
from salon.core.ratelimit import RateLimited

_ERROR = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"title": "Detail"}},
                "required": ["detail"],
            }
        }
    }
}


class SalonAPI(NinjaAPI):
    """Documents the answers every operation can give besides its own: 401 without
    credentials, 422 for parameters or bodies that fail validation, 400 for a body that is
    not JSON."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault(401, {"description": "Authentication required", **_ERROR})
                responses.setdefault(422, {"description": "Invalid input", **_ERROR})
                if "requestBody" in operation:
                    responses.setdefault(400, {"description": "Refused input", **_ERROR})
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
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
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


api.add_router("", accounts_router)
api.add_router("", communities_router)
api.add_router("", "salon.events.api.router")
api.add_router("", "salon.discussions.api.router")
api.add_router("", "salon.goals.api.router")
api.add_router("", "salon.mentoring.api.router")
api.add_router("", "salon.discussions.moderation_api.router")
api.add_router("", "salon.notifications.api.router")
api.add_router("", "salon.core.api.router")
