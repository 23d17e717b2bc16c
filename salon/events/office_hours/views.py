"""Pages of expert time: the experts and their next times, booking with a question, one's
sessions, and the expert's own week."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.events.access import access_booking, access_office_hours, access_slot
from salon.events.office_hours import selectors, services
from salon.events.office_hours.forms import (
    BookingForm,
    OfficeHoursForm,
    RatingForm,
    RescheduleForm,
    RulesForm,
)


@login_required
@require_safe
def expert_time(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "office_hours.view")
    experts = selectors.experts_with_next_slots(community=community)
    mine = next((o for o in experts if o.expert_id == request.user.pk), None)
    return render(
        request,
        "events/office_hours/expert_time.html",
        {
            "community": community,
            "experts": experts,
            "mine": mine,
            "may_offer": can(request.user, "office_hours.offer", community),
            "may_set_rules": can(request.user, "community.edit", community),
            "tab": "expert_time",
        },
    )


@login_required
@require_safe
def expert(request: AuthenticatedHttpRequest, office_hours_id: int) -> HttpResponse:
    offer = access_office_hours(request.user, office_hours_id)
    slots = selectors.open_slots(community=offer.community, expert_id=offer.expert_id)[:60]
    return render(
        request,
        "events/office_hours/expert.html",
        {"offer": offer, "community": offer.community, "slots": slots},
    )


@login_required
def offer(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "office_hours.offer")
    current = selectors.office_hours_of(community=community, expert=request.user)
    initial: dict[str, object] = {}
    if current is not None:
        initial = {
            "about": current.about,
            "competencies": list(current.competencies.all()),
            "slot_minutes": current.slot_minutes,
            "weeks_ahead": current.weeks_ahead,
            "join_url": current.join_url,
        }
        for window in current.windows.all():
            initial[f"day{window.weekday}_start"] = window.start
            initial[f"day{window.weekday}_end"] = window.end
    form = OfficeHoursForm(
        request.POST if request.method == "POST" else None, community=community, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.office_hours_publish(
                actor=request.user,
                community=community,
                plan=services.OfficeHoursPlan(
                    windows=data["windows"],
                    slot_minutes=data["slot_minutes"],
                    weeks_ahead=data["weeks_ahead"],
                    about=data["about"],
                    join_url=data["join_url"],
                    competencies=tuple(data["competencies"]),
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your office hours are open for booking."))
            return redirect("events:expert_time", community.slug)
    return render(
        request,
        "events/office_hours/offer.html",
        {"community": community, "form": form, "current": current, "tab": "expert_time"},
        status=400 if form.errors else 200,
    )


@login_required
def book(request: AuthenticatedHttpRequest, slot_id: int) -> HttpResponse:
    slot = access_slot(request.user, slot_id)
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                member=request.user, slot=slot, question=form.cleaned_data["question"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Booked. An invitation for your calendar is on its way to you and %(name)s.")
                % {"name": slot.office_hours.expert.display_name},
            )
            return redirect(booking.get_absolute_url())
    return render(
        request,
        "events/office_hours/book.html",
        {"slot": slot, "offer": slot.office_hours, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def bookings(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "events/office_hours/bookings.html",
        {
            "upcoming": selectors.bookings_for(user=request.user),
            "past": selectors.bookings_for(user=request.user, past=True)[:20],
        },
    )


@login_required
@require_safe
def booking(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    found = access_booking(request.user, booking_id)
    return render(
        request,
        "events/office_hours/booking.html",
        {
            "booking": found,
            "offer": found.slot.office_hours,
            "is_member": found.member_id == request.user.pk,
            "started": found.slot.starts_at <= timezone.now(),
            "ended": found.slot.ends_at <= timezone.now(),
            "rating_form": RatingForm(initial={"rating": found.rating, "note": found.note}),
        },
    )


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    found = access_booking(request.user, booking_id, "office_hours.booking.change")
    try:
        services.booking_cancel(actor=request.user, booking=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(found.get_absolute_url())
    messages.success(request, _("Cancelled. Both calendars are updated."))
    return redirect("events:bookings")


@login_required
def reschedule(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    found = access_booking(request.user, booking_id, "office_hours.booking.change")
    offer = found.slot.office_hours
    slots = list(selectors.open_slots(community=offer.community, expert_id=offer.expert_id)[:40])
    form = RescheduleForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = access_slot(request.user, form.cleaned_data["slot"])
        try:
            services.booking_reschedule(actor=request.user, booking=found, slot=slot)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Moved. Both calendars are updated."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "events/office_hours/reschedule.html",
        {"booking": found, "offer": offer, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rate(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    found = access_booking(request.user, booking_id, "office_hours.booking.change")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.booking_rate(
                actor=request.user,
                booking=found,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your rating is saved."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "events/office_hours/booking.html",
        {
            "booking": found,
            "offer": found.slot.office_hours,
            "is_member": found.member_id == request.user.pk,
            "started": True,
            "ended": True,
            "rating_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def stop(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "office_hours.offer")
    current = selectors.office_hours_of(community=community, expert=request.user)
    if current is not None and current.active:
        services.office_hours_withdraw(actor=request.user, offer=current)
        messages.success(request, _("Your office hours are closed. Booked sessions stay."))
    return redirect("events:expert_time", community.slug)


@login_required
def rules(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "community.edit")
    current = services.rules_of(community)
    form = RulesForm(
        request.POST if request.method == "POST" else None,
        initial={
            "max_upcoming": current.max_upcoming,
            "min_notice_hours": current.min_notice_hours,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_time_rules_set(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The limits for expert time are saved."))
            return redirect("events:expert_time", community.slug)
    return render(
        request,
        "events/office_hours/rules.html",
        {"community": community, "form": form, "tab": "expert_time"},
        status=400 if form.errors else 200,
    )
