from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def salon(request: HttpRequest) -> dict[str, Any]:
    def my_communities() -> list[Any]:
        if not request.user.is_authenticated:
            return []
        from salon.communities.selectors import community_list_for_nav

        return community_list_for_nav(user=request.user)

    return {
        "SALON_BASE_URL": settings.SALON_BASE_URL,
        "SALON_SOCKET_PORT": settings.SALON_SOCKET_PORT,
        "nav_communities": SimpleLazyObject(my_communities),
    }
