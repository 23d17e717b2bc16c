from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.communities.roles import memberships_of
from salon.core.attachment_views import file_add, file_remove
from salon.core.attachments import attach, attachments_for
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.permissions import can
from salon.events import selectors, services
from salon.events.access import access_event
from salon.events.forms import CancelForm, CheckInForm, EventEditForm, EventForm, FeedbackForm
from salon.events.ical import calendar_for
from salon.events.models import CalendarFeed, Event, EventFormat, Rsvp, RsvpStatus
from salon.events.office_hours import selectors as office_hours_selectors
from salon.events.office_hours.ical import booking_vevent
from salon.events.recurrence import Recurrence, describe
from salon.innovation.selectors.boards import event_workspaces
from salon.notifications.emails import language_of

PAGE_SIZE = 20
EDITABLE_FIELDS = (
    "title",
    "format",
    "circle",
    "mode",
    "join_url",
    "venue",
    "capacity",
    "description",
    "recording_url",
    "materials",
)


@dataclass(frozen=True)
class CalendarFilters:
    """The community / circle / format filters the agenda and the month view share."""

    community_id: int | None
    circle_id: int | None
    format_slug: str

    @classmethod
    def from_request(cls, request: HttpRequest) -> CalendarFilters:
        return cls(
            community_id=_int(request.GET.get("community")),
            circle_id=_int(request.GET.get("circle")),
            format_slug=request.GET.get("format", "")[:50],
        )

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "community_id": self.community_id,
            "circle_id": self.circle_id,
            "format_slug": self.format_slug,
        }

    def querystring(self, **extra: Any) -> str:
        params = {
            "community": self.community_id or "",
            "circle": self.circle_id or "",
            "format": self.format_slug,
            **extra,
        }
        return urlencode({k: v for k, v in params.items() if v})

    def context(self, user: Any) -> dict[str, Any]:
        communities = sorted(
            (m.community for m in memberships_of(user).values()), key=lambda c: c.name
        )
        circles = selectors.circles_for_filter(user=user)
        if self.community_id:
            circles = [c for c in circles if c.community_id == self.community_id]
        return {
            "filters": self,
            "communities": communities,
            "circles": circles,
            "formats": EventFormat.objects.all(),
        }


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@login_required
def agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    filters = CalendarFilters.from_request(request)
    events = selectors.agenda_for(user=request.user, past=past, **filters.as_kwargs())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/agenda.html",
        {
            "page": page,
            "past": past,
            "querystring": filters.querystring(when="past" if past else "upcoming"),
            **filters.context(request.user),
        },
    )


@login_required
def month(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month_number = (
            int(request.GET.get("y", today.year)),
            int(request.GET.get("m", today.month)),
        )
        if not 1900 <= year <= 2200:
            raise ValueError(year)
        first = date(year, month_number, 1)
    except (TypeError, ValueError):
        first = today.replace(day=1)
    tz = timezone.get_current_timezone()
    grid = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    # The whole grid, so the days of the months either side show their sessions too.
    start = datetime.combine(grid[0][0], datetime.min.time(), tzinfo=tz)
    end = datetime.combine(grid[-1][-1] + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    filters = CalendarFilters.from_request(request)
    by_day: dict[date, list[Any]] = {}
    for event in selectors.month_events(
        user=request.user, start=start, end=end, **filters.as_kwargs()
    ):
        # A session over several days shows on each of them.
        day = max(timezone.localtime(event.starts_at).date(), grid[0][0])
        last = min(timezone.localtime(event.ends_at - timedelta(seconds=1)).date(), grid[-1][-1])
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week] for week in grid
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/month.html",
        {
            "first": first,
            "weeks": weeks,
            "previous": previous,
            "following": following,
            "today": today,
            "querystring": filters.querystring(),
            "month_query": urlencode({"y": first.year, "m": first.month}),
            **filters.context(request.user),
        },
    )


ATTENDEES_PER_PAGE = 48


def _attendees_page(event: Event, counts: dict[str, int], number: str | None) -> Any:
    """Who is coming, a page of faces at a time (a summit with 1,000 going was 0.1 s of
    rendering); the count is the one the page already made (going and waiting)."""
    paginator = Paginator(selectors.attendees(event=event), ATTENDEES_PER_PAGE)
    paginator.count = counts["going"] + counts["waiting"]
    return paginator.get_page(number)


@login_required
def detail(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    my_rsvp = Rsvp.objects.filter(event=event, user=request.user).first()
    counts = event.rsvps.aggregate(
        going=Count("pk", filter=Q(status=RsvpStatus.GOING)),
        maybe=Count("pk", filter=Q(status=RsvpStatus.MAYBE)),
        waiting=Count("pk", filter=Q(status=RsvpStatus.WAITLISTED)),
    )
    may_edit = can(request.user, "event.edit", event)
    now = timezone.now()
    is_past = event.ends_at < now
    my_feedback = event.feedback.filter(user=request.user).first()
    context = {
        "event": event,
        "my_rsvp": my_rsvp,
        "counts": counts,
        "hosts": list(event.hosts.all()),
        "files": attachments_for(request.user, event),
        "upload_limit": settings.SALON_UPLOAD_MAX_BYTES,
        "agenda_html": render_markdown(event.description),
        "may_edit": may_edit,
        "attendees": _attendees_page(event, counts, request.GET.get("page")) if may_edit else [],
        "series_text": describe(
            event.series.recurrence,
            datetime.combine(event.series.start_date, event.series.start_time),
        )
        if event.series
        else "",
        "cancel_form": CancelForm(),
        "feedback_form": FeedbackForm(
            initial={"rating": my_feedback.rating, "will_apply": my_feedback.will_apply}
            if my_feedback
            else None
        ),
        "feedback": selectors.feedback_summary(event=event) if may_edit else None,
        "my_feedback": my_feedback,
        # The hackathon or brainstorming boards the innovation lab runs at this event.
        "workspaces": event_workspaces(user=request.user, event=event),
        "checkin_form": CheckInForm(),
        "is_past": is_past,
        # Check-in opens half an hour before the start and closes an hour after the end.
        "check_in_open": event.starts_at - timedelta(minutes=30)
        <= now
        <= event.ends_at + timedelta(hours=1),
        "applied": selectors.follow_up_summary(event=event) if may_edit and is_past else None,
        "outcome": selectors.past_event_outcome(
            event=event, user=request.user, going=counts["going"]
        )
        if is_past and not event.is_cancelled
        else None,
    }
    return render(request, "events/detail.html", context)


@login_required
@require_POST
def rsvp(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.rsvp")
    status = request.POST.get("status", "")
    try:
        if request.POST.get("scope") == "series":
            count = services.event_rsvp_series(user=request.user, event=event, status=status)
            messages.success(request, _("Answer saved for %(n)d sessions.") % {"n": count})
        else:
            answer = services.event_rsvp(user=request.user, event=event, status=status)
            if answer.status == RsvpStatus.WAITLISTED:
                messages.info(request, _("The event is full: you are on the waitlist."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(event.get_absolute_url())


@login_required
def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "event.create")
    form = EventForm(request.POST or None, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.EventPlan(
            title=data["title"],
            format=data["format"],
            timezone=data["timezone"],
            start_local=datetime.combine(data["date"], data["time"]),
            duration=form.duration_delta,
            description=data["description"],
            circle=data["circle"],
            mode=data["mode"],
            join_url=data["join_url"],
            venue=data["venue"],
            capacity=data["capacity"],
        )
        recurrence = None
        if data["repeat"]:
            recurrence = Recurrence(
                frequency=data["repeat"],
                interval=data["interval"] or 1,
                count=data["count"],
                until=data["until"] if not data["count"] else None,
            )
        try:
            event = services.event_create(
                actor=request.user, community=community, plan=plan, recurrence=recurrence
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(title)s” is planned.") % {"title": event.title})
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/create.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def edit(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.edit")
    if event.is_cancelled:
        messages.error(request, _("A cancelled session can't be changed."))
        return redirect(event.get_absolute_url())
    initial = EventEditForm.initial_for(event)
    form = EventEditForm(request.POST or None, initial=initial, event=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in EDITABLE_FIELDS
            if getattr(data[name], "pk", data[name]) != initial[name]
        }
        moved = (data["date"], data["time"]) != (initial["date"], initial["time"])
        resized = data["duration"] != initial["duration"]
        if not (changes or moved or resized):
            messages.info(request, _("Nothing changed."))
            return redirect(event.get_absolute_url())
        try:
            services.event_update(
                actor=request.user,
                event=event,
                scope=data.get("scope") or "this",
                start_local=datetime.combine(data["date"], data["time"]) if moved else None,
                duration=form.duration_delta if resized else None,
                **changes,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved. Calendars that subscribed will update."))
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/edit.html",
        {"event": event, "community": event.community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def attendance(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.edit")
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            services.attendance_set(actor=request.user, event=event, present_ids=ids)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Attendance saved: %(present)d present.") % {"present": len(ids)},
            )
            return redirect("events:attendance", event_id=event.pk)
    people = selectors.attendance_candidates(event=event)
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "community": event.community,
            "people": people,
            "present_count": sum(1 for p in people if p["present"]),
        },
    )


@login_required
@require_POST
def add_file(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.edit")
    return file_add(
        request,
        owner=event,
        add=lambda upload: attach(actor=request.user, owner=event, upload=upload),
        added=_("“%(name)s” is in the materials."),
    )


@login_required
@require_POST
def remove_file(request: AuthenticatedHttpRequest, event_id: int, file_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.edit")
    return file_remove(request, owner=event, file_id=file_id)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.edit")
    form = CancelForm(request.POST)
    scope = form.cleaned_data["scope"] if form.is_valid() else "this"
    cancelled = services.event_cancel(actor=request.user, event=event, scope=scope)
    messages.success(
        request,
        ngettext(
            "Cancelled %(n)d session. Everyone who answered has been told.",
            "Cancelled %(n)d sessions. Everyone who answered has been told.",
            len(cancelled),
        )
        % {"n": len(cancelled)},
    )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def check_in(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.rsvp")
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_check_in(
                user=request.user, event=event, code=form.cleaned_data["code"]
            )
            messages.success(request, _("You're checked in. Enjoy the session."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def feedback(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how useful the session was, from 1 to 5."))
        return redirect(event.get_absolute_url())
    try:
        services.feedback_give(
            user=request.user,
            event=event,
            rating=form.cleaned_data["rating"],
            will_apply=form.cleaned_data["will_apply"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you. Hosts see answers only together, never by name."))
    return redirect(event.get_absolute_url())


@login_required
def ics(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)
    events = (
        list(event.series.events.select_related("format", "series")) if event.series else [event]
    )
    response = HttpResponse(
        calendar_for(events, name=event.title).to_ical(),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="salon-event-{event.pk}.ics"'
    return response


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed calendar apps subscribe to; the token is the only credential."""
    subscription = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if subscription is None or not subscription.user.is_active:
        raise Http404
    user = subscription.user
    events = selectors.feed_events_for(user=user)
    # A calendar app asks without a session: the feed is written in its owner's language.
    with translation.override(language_of(user)):
        sessions = [booking_vevent(b) for b in office_hours_selectors.feed_bookings_for(user=user)]
        name = _("Salon — %(name)s") % {"name": user.display_name}
        body = calendar_for(events, name=name, extra=sessions).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_for(user=request.user, rotate=True)
        messages.success(request, _("A new feed address was made; the old one no longer works."))
        return redirect("events:feed_settings")
    subscription = services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(subscription.get_absolute_url())
    return render(request, "events/feed_settings.html", {"feed_url": url, "section": "calendar"})
