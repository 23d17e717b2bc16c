"""Reads of events, already filtered by what the viewer may see and free of N+1."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from salon.communities.models import Circle
from salon.communities.roles import memberships_of
from salon.communities.selectors import circle_visibility
from salon.core import anonymity
from salon.events.models import Applied, Event, EventStatus, Feedback, Rsvp, RsvpStatus

ANSWERED_YES = [RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.WAITLISTED]


def visible_events(*, user: Any) -> QuerySet[Event]:
    """Events in the viewer's communities, minus circles they may not see (the same rule as
    ``circle.view``: stewards see every circle, guests only their own, others the open ones
    and private ones they belong to)."""
    return Event.objects.filter(
        Q(community_id__in=list(memberships_of(user)), circle__isnull=True)
        | circle_visibility(user=user, field="circle")
    )


def with_viewer(qs: QuerySet[Event], *, user: Any) -> QuerySet[Event]:
    """Add what a list shows: format, community, circle, seats taken, the viewer's answer."""
    mine = Rsvp.objects.filter(event=OuterRef("pk"), user_id=user.pk).values("status")[:1]
    # A scalar subquery on the (event, status) index for each row shown, rather than a
    # join of every answer grouped by every column: the home page's two lists cost half
    # as much with a 1,000-going summit in them.
    going = (
        Rsvp.objects.filter(event=OuterRef("pk"), status=RsvpStatus.GOING)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return qs.select_related("format", "community", "circle").annotate(
        going_count=Subquery(going, output_field=IntegerField()),
        my_status=Subquery(mine),
    )


def agenda_for(
    *,
    user: Any,
    past: bool = False,
    community_id: int | None = None,
    circle_id: int | None = None,
    format_slug: str = "",
) -> QuerySet[Event]:
    now = timezone.now()
    qs = visible_events(user=user)
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    if community_id:
        qs = qs.filter(community_id=community_id)
    if circle_id:
        qs = qs.filter(circle_id=circle_id)
    if format_slug:
        qs = qs.filter(format__slug=format_slug)
    qs = with_viewer(qs, user=user)
    return qs.order_by("-starts_at", "-pk") if past else qs.order_by("starts_at", "pk")


def month_events(
    *,
    user: Any,
    start: Any,
    end: Any,
    community_id: int | None = None,
    circle_id: int | None = None,
    format_slug: str = "",
) -> list[Event]:
    qs = visible_events(user=user).filter(starts_at__lt=end, ends_at__gte=start)
    if community_id:
        qs = qs.filter(community_id=community_id)
    if circle_id:
        qs = qs.filter(circle_id=circle_id)
    if format_slug:
        qs = qs.filter(format__slug=format_slug)
    return list(with_viewer(qs, user=user).order_by("starts_at"))


def circles_for_filter(*, user: Any) -> list[Circle]:
    """The circles a member may filter their calendar by: those whose events they see (the
    same rule as ``visible_events``), across all their communities, in one query."""
    return list(
        Circle.objects.filter(circle_visibility(user=user))
        .select_related("community")
        .order_by("community__name", "name")
    )


def attendance_candidates(*, event: Event) -> list[dict[str, Any]]:
    """Who a host can tick as present: everyone who said going, maybe or was waitlisted,
    and anyone already checked in, with whether they are marked present."""
    from salon.events.models import Attendance

    present = set(Attendance.objects.filter(event=event).values_list("user_id", flat=True))
    answers = (
        Rsvp.objects.filter(event=event)
        .filter(Q(status__in=ANSWERED_YES) | Q(user_id__in=present))
        .select_related("user")
        .order_by("user__name", "user_id")
    )
    people: list[dict[str, Any]] = [
        {"user": r.user, "status": r.status, "present": r.user_id in present} for r in answers
    ]
    seen = {row["user"].pk for row in people}
    if present - seen:
        from salon.accounts.models import User

        for user in User.objects.filter(pk__in=present - seen).order_by("name"):
            people.append({"user": user, "status": "", "present": True})
    return people


def feed_events_for(*, user: Any) -> QuerySet[Event]:
    """What a member's calendar feed holds: events they answered going, maybe or waitlisted
    to, or host, with every occurrence of those series (the RRULE covers them all)."""
    answered = Rsvp.objects.filter(user_id=user.pk).exclude(status=RsvpStatus.NOT_GOING)
    involved = Q(pk__in=answered.values("event_id")) | Q(hosts=user)
    base = visible_events(user=user)
    series_ids = base.filter(involved, series__isnull=False).values("series_id")
    return (
        base.filter(involved | Q(series_id__in=series_ids))
        .select_related("format", "series")
        .distinct()
        .order_by("starts_at")
    )


def attendees(*, event: Event) -> QuerySet[Rsvp]:
    return (
        Rsvp.objects.filter(event=event, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED])
        .select_related("user")
        .order_by("status", "requested_at")
    )


def upcoming_count(*, user: Any) -> int:
    return (
        visible_events(user=user)
        .filter(ends_at__gte=timezone.now(), status=EventStatus.SCHEDULED)
        .count()
    )


def feedback_summary(*, event: Event) -> dict[str, Any]:
    """What hosts see: how many answered and, from three answers on, the average, what
    people will apply and (when no rating was given by only one or two) the spread —
    never who said what. With fewer than three answers, only how many there are."""
    from django.db.models import Avg

    rows = Feedback.objects.filter(event=event)
    summary = rows.aggregate(
        count=Count("pk"),
        average=Avg("rating"),
        **{f"r{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
    )
    cells = {n: summary.pop(f"r{n}") for n in range(1, 6)}
    if not anonymity.enough(summary["count"]):
        return {"count": summary["count"], "enough": False, "threshold": anonymity.THRESHOLD}
    summary.update(enough=True, threshold=anonymity.THRESHOLD)
    # With the average shown, any withheld rating count could be worked back from it, so
    # the spread is shown whole or not at all.
    if not anonymity.suppress(cells).withheld:
        distribution = list(cells.items())
        summary["distribution"] = distribution
        most = max((count for _n, count in distribution), default=0) or 1
        # A horizontal bar per rating, 5★ on top, for the hosts' chart (SVG units).
        summary["bars"] = [
            {"rating": n, "count": count, "width": round(200 * count / most), "y": 22 * row}
            for row, (n, count) in enumerate(reversed(distribution))
        ]
    summary["applying"] = _grouped(rows.exclude(will_apply=""), "will_apply")
    return summary


def _grouped(rows: QuerySet[Any], field: str, limit: int = 50) -> list[tuple[str, int]]:
    """Free-text answers with how many gave each, most given first, then by text — never
    in the order they came, so answers cannot be matched to who gave them when."""
    counted = (
        rows.values(field).annotate(n=Count("pk")).order_by("-n", field).values_list(field, "n")
    )
    return list(counted[:limit])


def _answered_yes(user: Any) -> Exists:
    return Exists(
        Rsvp.objects.filter(event=OuterRef("pk"), user_id=user.pk, status__in=ANSWERED_YES)
    )


def _hosting(user: Any) -> Exists:
    return Exists(Event.hosts.through.objects.filter(event_id=OuterRef("pk"), user_id=user.pk))


def next_sessions_for(*, user: Any, limit: int = 5) -> list[Event]:
    """The upcoming sessions a member said going, maybe or waitlist to, or hosts."""
    return list(agenda_for(user=user).filter(_answered_yes(user) | _hosting(user))[:limit])


def sessions_until(*, user: Any, until: Any, limit: int = 40) -> list[Event]:
    """Upcoming sessions the user may see that start before ``until``, each with the
    viewer's answer (``my_status``) and whether they host it (``i_host``); one query."""
    return list(
        agenda_for(user=user).filter(starts_at__lt=until).annotate(i_host=_hosting(user))[:limit]
    )


def coming_up_for(*, user: Any, limit: int = 3) -> list[Event]:
    """Upcoming sessions in the member's communities they have not said yes to."""
    return list(
        agenda_for(user=user)
        .filter(status=EventStatus.SCHEDULED)
        .exclude(_answered_yes(user))
        .exclude(_hosting(user))[:limit]
    )


def follow_up_summary(*, event: Event) -> dict[str, Any]:
    """What hosts see: how many answered and, from three answers on, how many applied it
    (a count of one or two, or one that would give it away, withheld) and what people say
    of it in no particular order — never who said what. Two queries."""
    rows = Feedback.objects.filter(event=event).exclude(applied="")
    counts = rows.aggregate(
        answered=Count("pk"),
        yes=Count("pk", filter=Q(applied=Applied.YES)),
        partly=Count("pk", filter=Q(applied=Applied.PARTLY)),
        not_yet=Count("pk", filter=Q(applied=Applied.NOT_YET)),
    )
    answered = counts.pop("answered")
    summary: dict[str, Any] = {
        "answered": answered,
        "enough": anonymity.enough(answered),
        "threshold": anonymity.THRESHOLD,
    }
    if summary["enough"]:
        table = anonymity.suppress(counts)
        summary.update({k: anonymity.label(v) for k, v in table.cells.items()})
        summary["notes"] = _grouped(rows.exclude(applied_note=""), "applied_note")
    return summary


def past_event_outcome(*, event: Event, user: Any, going: int) -> dict[str, Any]:
    """What a past session's page tells everyone who may see it: how many took part (those
    marked present or, where nobody took attendance, those who said they were going),
    whether the viewer was there, and the average rating from three answers on. Two
    queries."""
    from django.db.models import Avg

    from salon.events.models import Attendance

    here = Attendance.objects.filter(event=event).aggregate(
        present=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk))
    )
    rated = Feedback.objects.filter(event=event).aggregate(count=Count("pk"), average=Avg("rating"))
    return {
        "took_part": here["present"] or going,
        "i_was_there": bool(here["mine"]),
        "ratings": rated["count"],
        "average": round(rated["average"], 1) if anonymity.enough(rated["count"]) else None,
    }
