from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from salon.communities import selectors
from salon.core.http import AuthenticatedHttpRequest


def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return render(request, "core/landing.html")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    communities = list(selectors.community_list_for_user(user=request.user))
    mine = [c for c in communities if c.pk in _my_ids(request)]
    others = [c for c in communities if c.pk not in _my_ids(request)]
    return render(request, "core/dashboard.html", {"mine": mine, "others": others})


def _my_ids(request: HttpRequest) -> set[int]:
    from salon.communities.roles import memberships_of

    return set(memberships_of(request.user))


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bench_hello(request: HttpRequest) -> HttpResponse:
    """The baseline `make bench` compares pages with (only routed when SALON_BENCH is set)."""
    return HttpResponse("Hello, world")
