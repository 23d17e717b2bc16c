from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from salon.accounts.models import ApiToken, hash_token
from salon.core.http import client_ip
from salon.core.ratelimit import consume


class TokenAuth(HttpBearer):
    """``Authorization: Bearer salon_…``: a personal access token from Settings → Security,
    unless it was revoked or has expired, or its owner was deactivated."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .first()
        )
        if found is None:
            # Guessing tokens is limited per address, like guessing passwords.
            consume(
                "api-token-failures", client_ip(request) or "-", settings.SALON_RATE_API_ANONYMOUS
            )
            return None
        # One write an hour is enough to show "last used" without a write per request.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 3600:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


api_auth = [TokenAuth(), SessionAuth()]
