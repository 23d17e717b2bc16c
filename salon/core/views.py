from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from salon.communities import selectors
from salon.core import search as search_service
from salon.core.http import AuthenticatedHttpRequest
from salon.core.readiness import readiness
from salon.events.selectors import coming_up_for, next_sessions_for
from salon.programmes.selectors.week import week_for

SEARCH_PAGE_SIZE = 20


def index(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    return render(request, "core/landing.html")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    communities = list(selectors.community_list_for_user(user=request.user))
    mine = [c for c in communities if c.pk in _my_ids(request)]
    others = [c for c in communities if c.pk not in _my_ids(request)]
    # The member's week (the same read model as GET /api/v1/me/week), then what else is on.
    week = week_for(user=request.user)
    asked = {e.pk for e in week.to_answer}
    return render(
        request,
        "core/dashboard.html",
        {
            "mine": mine,
            "others": others,
            "week": week,
            # Nothing this week: their next sessions further on, so the card is not bare.
            "my_sessions": week.sessions or next_sessions_for(user=request.user),
            "coming_up": [e for e in coming_up_for(user=request.user) if e.pk not in asked],
        },
    )


def _my_ids(request: HttpRequest) -> set[int]:
    from salon.communities.roles import memberships_of

    return set(memberships_of(request.user))


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search everything the person may see; the results alone for search-as-you-type."""
    q = request.GET.get("q", "")
    kinds = search_service.kind_choices()
    communities = selectors.community_list_for_nav(user=request.user)
    # Filters outside the choices offered (an old link, a left community) are dropped.
    kind = request.GET.get("kind", "")
    kind = kind if kind in {value for value, _label in kinds} else ""
    community = request.GET.get("community", "")
    community = community if community in {c.slug for c in communities} else ""
    results = search_service.search(user=request.user, text=q, kind=kind, community=community)
    asked = request.GET.get("page", "")
    # ASCII digits only ("²".isdigit() is true, int("²") is an error), and few of them.
    number = max(1, int(asked)) if asked.isascii() and asked.isdigit() and len(asked) < 5 else 1
    results.prefetch(page=number, page_size=SEARCH_PAGE_SIZE)  # the page and the count at once
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(number)
    filters = {"q": q, "kind": kind, "community": community}
    context = {
        "q": q,
        "query": results.query,
        "kind": kind,
        "community_slug": community,
        "kinds": kinds,
        "communities": communities,
        "page": page,
        "querystring": urlencode({k: v for k, v in filters.items() if v}),
    }
    template = "core/_search_results.html" if request.htmx else "core/search.html"
    if request.htmx and request.GET.get("panel") == "header":
        template = "core/_search_suggest.html"  # the header's box, as you type
    return render(request, template, context)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    status, body = readiness()
    return JsonResponse(body, status=status)


def bench_hello(request: HttpRequest) -> HttpResponse:
    """The baseline `make bench` compares pages with (only routed when SALON_BENCH is set)."""
    return HttpResponse("Hello, world")
