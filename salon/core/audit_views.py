"""Reading the audit log: directors see their community's, staff see everything; both can
export it as CSV (after confirming their password, and the export is itself audited)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from salon.communities.access import access_community
from salon.core.audit import audit
from salon.core.http import AuthenticatedHttpRequest, client_ip
from salon.core.models import AuditEvent
from salon.core.permissions import require

PAGE_SIZE = 50
CSV_COLUMNS = [
    "time_utc",
    "action",
    "actor",
    "community",
    "target_type",
    "target_id",
    "target",
    "details",
    "ip_address",
]


def _filtered(
    request: AuthenticatedHttpRequest, events: QuerySet[AuditEvent]
) -> QuerySet[AuditEvent]:
    action = request.GET.get("action", "").strip()[:100]
    actor = request.GET.get("actor", "").strip()[:254]
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    return events


def _rows(events: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    yield CSV_COLUMNS
    for e in events.select_related("community").iterator(chunk_size=2000):
        yield [
            e.created_at.astimezone(UTC).isoformat(),
            e.action,
            e.actor_label,
            e.community.slug if e.community else "",
            e.target_type,
            e.target_id,
            e.target_label,
            e.details,
            e.ip_address or "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_response(events: QuerySet[AuditEvent], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _rows(events)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def community_log(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.view_audit")
    events = _filtered(request, community.audit_events.order_by("-created_at", "-id"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/audit.html",
        {"community": community, "page": page, "filters": request.GET},
    )


@login_required
def community_log_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    # Permission first (a 403 or 404 should not ask for a password), then re-authentication.
    community = access_community(request.user, slug, "community.view_audit")
    return _community_csv(request, community=community)


@reauthentication_required
def _community_csv(request: AuthenticatedHttpRequest, *, community: Any) -> StreamingHttpResponse:
    events = _filtered(request, community.audit_events.order_by("created_at", "id"))
    audit("audit.exported", actor=request.user, target=community, ip_address=client_ip(request))
    stamp = timezone.now().strftime("%Y%m%d")
    return _csv_response(events, f"salon-audit-{community.slug}-{stamp}.csv")


@login_required
def site_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "audit.view_all", hide=True)
    events = _filtered(request, AuditEvent.objects.select_related("community"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "filters": request.GET})


@login_required
def site_log_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "audit.view_all", hide=True)
    return _site_csv(request)


@reauthentication_required
def _site_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    events = _filtered(request, AuditEvent.objects.order_by("created_at", "id"))
    audit("audit.exported", actor=request.user, ip_address=client_ip(request), scope="site")
    return _csv_response(events, f"salon-audit-{timezone.now():%Y%m%d}.csv")
