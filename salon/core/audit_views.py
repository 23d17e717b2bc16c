"""Reading the audit log: directors see their community's, staff see everything; both can
export it as CSV (after confirming their password, and the export is itself audited).

What a row shows is decided here, for the page and the CSV alike (``_shown``): rows about
words said under the Chatham House rule name no one ("a member", no address), and staff
see the targets and details of a community's rows (titles, messages) only in communities
they belong to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities.access import access_community
from salon.communities.roles import memberships_of
from salon.core import csv_files
from salon.core.audit import PERSON_DETAILS, audit, site_audit_events, unattributed
from salon.core.audit_labels import ACTIONS, action_choices, describe
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


@dataclass(frozen=True)
class Row:
    """One audit event as the reader may see it."""

    created_at: datetime
    action: str
    actor: str
    ip_address: str
    community: Any
    target_type: str
    target_id: str
    target: str
    details: dict[str, Any]
    # Staff outside the community: its titles and details are not theirs to read.
    withheld: bool


def _annotated(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    return events.annotate(
        unattributed=Case(
            When(unattributed(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _filtered(
    request: AuthenticatedHttpRequest, events: QuerySet[AuditEvent]
) -> QuerySet[AuditEvent]:
    action = request.GET.get("action", "").strip()[:100]
    actor = request.GET.get("actor", "").strip()[:254]
    if action in ACTIONS:
        events = events.filter(action=action)
    elif action:
        events = events.filter(action__startswith=action)
    if actor:
        # Searching for a person never finds what they did under the Chatham House rule.
        by_name_or_email = Q(actor_label__icontains=actor) | Q(actor__name__icontains=actor)
        events = events.filter(by_name_or_email).exclude(unattributed())
    return _annotated(events)


def _shown(event: AuditEvent, readable: set[int] | None) -> Row:
    """``readable``: the communities whose content the reader may see (None: all)."""
    hidden = bool(getattr(event, "unattributed", False))
    withheld = readable is not None and event.community_id is not None
    withheld = withheld and event.community_id not in (readable or set())
    details = dict(event.details or {})
    if hidden:
        for key in PERSON_DETAILS:
            details.pop(key, None)
    return Row(
        created_at=event.created_at,
        action=event.action,
        actor=_("a member") if hidden else event.actor_label,
        ip_address="" if hidden else (event.ip_address or ""),
        community=event.community,
        target_type=event.target_type,
        target_id=event.target_id,
        target="" if withheld else event.target_label,
        details={} if withheld else details,
        withheld=withheld,
    )


def _readable_by(user: Any) -> set[int]:
    return set(memberships_of(user))


def _rows(events: QuerySet[AuditEvent], readable: set[int] | None) -> Iterator[list[Any]]:
    yield CSV_COLUMNS
    for e in events.select_related("community").iterator(chunk_size=2000):
        row = _shown(e, readable)
        yield [
            row.created_at.astimezone(UTC).isoformat(),
            row.action,
            row.actor,
            row.community.slug if row.community else "",
            row.target_type,
            row.target_id,
            _("(withheld: not a member)") if row.withheld else row.target,
            "" if row.withheld else row.details,
            row.ip_address,
        ]


def _csv_response(
    events: QuerySet[AuditEvent], filename: str, readable: set[int] | None = None
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_files.stream(_rows(events, readable)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page(request: AuthenticatedHttpRequest, events: QuerySet[AuditEvent], readable: Any) -> Any:
    """A page of the log in the reader's words: labels for keys, names for ids."""
    page = Paginator(events.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [(_shown(e, readable), e) for e in page.object_list]
    rows: Any = describe(
        [row for row, _e in shown],
        actors=[
            e.actor.display_name if e.actor is not None and row.actor == e.actor_label else ""
            for row, e in shown
        ],
    )
    page.object_list = rows
    return page


@login_required
def community_log(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.view_audit")
    events = _filtered(request, community.audit_events.order_by("-created_at", "-id"))
    return render(
        request,
        "communities/audit.html",
        {
            "community": community,
            "page": _page(request, events, None),
            "filters": request.GET,
            "actions": action_choices(),
        },
    )


@login_required
def community_log_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    # Permission first (a 403 or 404 should not ask for a password), then re-authentication.
    community = access_community(request.user, slug, "community.view_audit")
    return _community_csv(request, community=community)


@reauthentication_required
def _community_csv(request: AuthenticatedHttpRequest, *, community: Any) -> StreamingHttpResponse:
    events = _filtered(request, community.audit_events.order_by("created_at", "id"))
    audit(
        "core.audit_log.exported",
        actor=request.user,
        target=community,
        ip_address=client_ip(request),
    )
    stamp = timezone.now().strftime("%Y%m%d")
    return _csv_response(events, f"salon-audit-{community.slug}-{stamp}.csv")


@login_required
def site_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "audit.view_all", hide=True)
    events = _filtered(request, site_audit_events())
    page = _page(request, events, _readable_by(request.user))
    context = {"page": page, "filters": request.GET, "actions": action_choices()}
    return render(request, "core/audit.html", context)


@login_required
def site_log_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "audit.view_all", hide=True)
    return _site_csv(request)


@reauthentication_required
def _site_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    events = _filtered(request, site_audit_events(oldest_first=True))
    audit(
        "core.audit_log.exported", actor=request.user, ip_address=client_ip(request), scope="site"
    )
    return _csv_response(
        events, f"salon-audit-{timezone.now():%Y%m%d}.csv", _readable_by(request.user)
    )
