from __future__ import annotations

import calendar as pycalendar
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.communities.roles import memberships_of
from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.permissions import can
from salon.events import selectors, services
from salon.events.access import access_event
from salon.events.forms import CancelForm, CheckInForm, EventForm, FeedbackForm
from salon.events.ical import calendar_for
from salon.events.models import CalendarFeed, EventFormat, Rsvp, RsvpStatus
from salon.events.recurrence import Recurrence, describe

PAGE_SIZE = 20


@login_required
def agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    community_id = _int(request.GET.get("community"))
    format_slug = request.GET.get("format", "")[:50]
    events = selectors.agenda_for(
        user=request.user, past=past, community_id=community_id, format_slug=format_slug
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    communities = sorted(
        (m.community for m in memberships_of(request.user).values()), key=lambda c: c.name
    )
    return render(
        request,
        "events/agenda.html",
        {
            "page": page,
            "past": past,
            "communities": communities,
            "formats": EventFormat.objects.all(),
            "community_id": community_id,
            "format_slug": format_slug,
        },
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def month(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year, month_number = (
            int(request.GET.get("y", today.year)),
            int(request.GET.get("m", today.month)),
        )
        first = date(year, month_number, 1)
    except (TypeError, ValueError):
        first = today.replace(day=1)
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    last_day = pycalendar.monthrange(first.year, first.month)[1]
    end = start + timedelta(days=last_day)
    community_id = _int(request.GET.get("community"))
    by_day: dict[date, list[Any]] = {}
    for event in selectors.month_events(
        user=request.user, start=start, end=end, community_id=community_id
    ):
        by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
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
            "community_id": community_id,
        },
    )


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
    context = {
        "event": event,
        "my_rsvp": my_rsvp,
        "counts": counts,
        "hosts": list(event.hosts.all()),
        "agenda_html": render_markdown(event.description),
        "may_edit": may_edit,
        "attendees": selectors.attendees(event=event) if may_edit else [],
        "series_text": describe(
            event.series.recurrence,
            datetime.combine(event.series.start_date, event.series.start_time),
        )
        if event.series
        else "",
        "cancel_form": CancelForm(),
        "feedback_form": FeedbackForm(),
        "feedback": selectors.feedback_summary(event=event) if may_edit else None,
        "my_feedback": event.feedback.filter(user=request.user).first(),
        "checkin_form": CheckInForm(),
        "is_past": event.ends_at < timezone.now(),
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
@require_POST
def cancel(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id, "event.edit")
    form = CancelForm(request.POST)
    scope = form.cleaned_data["scope"] if form.is_valid() else "this"
    cancelled = services.event_cancel(actor=request.user, event=event, scope=scope)
    messages.success(
        request,
        _("Cancelled %(n)d session(s). Everyone who answered has been told.")
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
    body = calendar_for(events, name=_("Salon — %(name)s") % {"name": user.display_name}).to_ical()
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
