"""Every write to events: planning, series edits, cancellation, RSVP with a waitlist."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salon.core import search
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import can, require
from salon.core.safe_urls import check_url
from salon.events import notifications
from salon.events.models import (
    Applied,
    Attendance,
    CalendarFeed,
    Event,
    EventFormat,
    EventStatus,
    Feedback,
    Mode,
    Rsvp,
    RsvpStatus,
    Series,
)
from salon.events.recurrence import Recurrence, local_to_utc, occurrences
from salon.events.tasks import send_event_cancelled

MAX_DURATION = timedelta(days=3)


def video_room_link() -> str:
    """A fresh, unguessable room on the video server this deployment uses
    (``SALON_VIDEO_HOST``), or "" when it has none."""
    host = settings.SALON_VIDEO_HOST
    if not host:
        return ""
    return f"{host}/salon-{secrets.token_urlsafe(12).replace('_', '').replace('-', '')}"


@dataclass(frozen=True)
class EventPlan:
    title: str
    format: EventFormat
    timezone: str
    start_local: datetime  # naive wall-clock time in ``timezone``
    duration: timedelta
    description: str = ""
    circle: Any = None
    mode: str = Mode.ONLINE
    join_url: str = ""
    venue: str = ""
    capacity: int | None = None
    hosts: tuple[Any, ...] = ()


def _check(plan: EventPlan, community: Any) -> None:
    if not timedelta(minutes=5) <= plan.duration <= MAX_DURATION:
        raise ValidationError(_("An event lasts between 5 minutes and 3 days."))
    if plan.circle is not None and plan.circle.community_id != community.pk:
        raise ValidationError(_("That circle is not in this community."))
    if plan.mode in {Mode.IN_PERSON, Mode.HYBRID} and not plan.venue.strip():
        raise ValidationError(_("Say where people meet: an in-person event needs a venue."))
    if plan.capacity is not None and plan.capacity < 1:
        raise ValidationError(_("Capacity must be at least 1, or left empty."))
    if plan.mode != Mode.IN_PERSON and not plan.join_url.strip() and not settings.SALON_VIDEO_HOST:
        raise ValidationError(
            _("An online session needs a video link: paste the meeting's address.")
        )


def _event_fields(plan: EventPlan, community: Any, actor: Any) -> dict[str, Any]:
    join_url = check_url(plan.join_url)
    if not join_url and plan.mode != Mode.IN_PERSON:
        join_url = video_room_link()
    return {
        "community": community,
        "circle": plan.circle,
        "title": plan.title.strip(),
        "format": plan.format,
        "description": plan.description,
        "timezone": plan.timezone,
        "mode": plan.mode,
        "join_url": join_url,
        "venue": plan.venue.strip(),
        "capacity": plan.capacity,
        "created_by": actor,
    }


@transaction.atomic
def event_create(
    *, actor: Any, community: Any, plan: EventPlan, recurrence: Recurrence | None = None
) -> Event:
    """Plan a single event, or a series (returns its first occurrence)."""
    require(actor, "event.create", community)
    _check(plan, community)
    fields = _event_fields(plan, community, actor)
    hosts = list(plan.hosts) or [actor]
    if recurrence is None:
        start = local_to_utc(plan.start_local, plan.timezone)
        event = Event.objects.create(starts_at=start, ends_at=start + plan.duration, **fields)
        event.hosts.set(hosts)
        audit("events.event.created", actor=actor, target=event)
        return event
    series = Series.objects.create(
        community=community,
        timezone=plan.timezone,
        start_date=plan.start_local.date(),
        start_time=plan.start_local.time(),
        frequency=recurrence.frequency,
        interval=recurrence.interval,
        count=recurrence.count,
        until=recurrence.until,
    )
    events = Event.objects.bulk_create(
        Event(
            series=series,
            uid=series.uid,
            original_start=start,
            starts_at=start,
            ends_at=start + plan.duration,
            check_in_code=secrets.token_hex(3).upper(),
            **fields,
        )
        for _local, start in occurrences(recurrence, start_local=plan.start_local, tz=plan.timezone)
    )
    through = Event.hosts.through
    through.objects.bulk_create(through(event_id=e.pk, user_id=h.pk) for e in events for h in hosts)
    audit("events.series.created", actor=actor, target=events[0], occurrences=len(events))
    search.index(events[0], kind="event")  # bulk_create sends no post_save; a series is found once
    return events[0]


_EDITABLE = {
    "title",
    "description",
    "format",
    "mode",
    "join_url",
    "venue",
    "capacity",
    "recording_url",
    "materials",
    "circle",
}


@transaction.atomic
def event_update(
    *,
    actor: Any,
    event: Event,
    scope: str = "this",
    start_local: datetime | None = None,
    duration: timedelta | None = None,
    **changes: Any,
) -> Event:
    """Change one occurrence (``scope="this"``) or it and every later one ("following").

    Every change raises the SEQUENCE of what changed, so calendar apps take the update.
    """
    require(actor, "event.edit", event)
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))}.")
    for name in ("join_url", "recording_url"):
        if changes.get(name) is not None:
            changes[name] = check_url(changes[name])
    if duration is not None and not timedelta(minutes=5) <= duration <= MAX_DURATION:
        raise ValidationError(_("An event lasts between 5 minutes and 3 days."))
    if scope == "following" and event.series_id:
        targets = list(
            Event.objects.select_for_update().filter(
                series_id=event.series_id, starts_at__gte=event.starts_at
            )
        )
    else:
        targets = [Event.objects.select_for_update().get(pk=event.pk)]
    shift: timedelta | None = None
    if start_local is not None:
        new_start = local_to_utc(start_local, event.timezone)
        shift = new_start - event.starts_at
    for target in targets:
        for name, value in changes.items():
            setattr(target, name, value)
        if shift is not None:
            target.starts_at = target.starts_at + shift if scope == "following" else new_start
        if duration is not None:
            target.ends_at = target.starts_at + duration
        elif shift is not None:
            target.ends_at = target.ends_at + shift
        target.sequence = F("sequence") + 1
        target.is_exception = target.is_exception or (scope == "this" and bool(target.series_id))
        target.save()
    if event.series_id:
        Series.objects.filter(pk=event.series_id).update(sequence=F("sequence") + 1)
    audit("events.event.updated", actor=actor, target=event, scope=scope, fields=sorted(changes))
    if "capacity" in changes:
        # More seats (or no limit): the people waiting longest get them, and are told.
        for target in targets:
            while _promote_waitlist(target, community=event.community) is not None:
                pass
    event.refresh_from_db()
    return event


@transaction.atomic
def event_cancel(*, actor: Any, event: Event, scope: str = "this") -> list[Event]:
    """Cancel an occurrence, it and the following ones, or a single event; everyone who
    answered is told (once each)."""
    require(actor, "event.edit", event)
    qs = Event.objects.select_for_update().filter(status=EventStatus.SCHEDULED)
    if scope == "following" and event.series_id:
        qs = qs.filter(series_id=event.series_id, starts_at__gte=event.starts_at)
    else:
        qs = qs.filter(pk=event.pk)
    cancelled = list(qs)
    ids = [e.pk for e in cancelled]
    Event.objects.filter(pk__in=ids).update(
        status=EventStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    if event.series_id:
        Series.objects.filter(pk=event.series_id).update(sequence=F("sequence") + 1)
    audit("events.event.cancelled", actor=actor, target=event, scope=scope, occurrences=len(ids))
    transaction.on_commit(lambda: send_event_cancelled.enqueue(event_ids=ids))
    return cancelled


def _promote_waitlist(event: Event, *, community: Any) -> Rsvp | None:
    """Give a freed seat to whoever has waited longest (the event row is locked), and tell
    them after commit."""
    if event.capacity is not None:
        going = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()
        if going >= event.capacity:
            return None
    first = (
        Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED)
        .select_related("user")
        .order_by("requested_at", "pk")
        .first()
    )
    if first is not None:
        first.status = RsvpStatus.GOING
        first.save(update_fields=["status", "updated_at"])
        entry = audit(
            "events.rsvp.promoted",
            actor=None,
            target=first,
            community=community,
            event=event.pk,
            user=first.user.email,
        )
        promoted = first
        transaction.on_commit(
            lambda: notifications.waitlist_promoted(rsvp=promoted, event_id=entry.pk),
            robust=True,
        )
    return first


def _refuse_if_over(event: Event) -> None:
    if event.ends_at <= timezone.now():
        raise Conflict(_("This session has already taken place."))


@transaction.atomic
def event_rsvp(*, user: Any, event: Event, status: str) -> Rsvp:
    """Answer going / maybe / not going. "Going" to a full event joins the waitlist; a seat
    that frees goes to the first person waiting."""
    require(user, "event.rsvp", event)
    if status not in {RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.NOT_GOING}:
        raise ValidationError(_("Answer going, maybe or not going."))
    # Lock the event: two people taking the last seat at once are served one after the other.
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _refuse_if_over(locked)
    rsvp = Rsvp.objects.filter(event=locked, user=user).first()
    was_going = rsvp is not None and rsvp.status == RsvpStatus.GOING
    new_status = status
    if status == RsvpStatus.GOING and not was_going and locked.capacity is not None:
        going = Rsvp.objects.filter(event=locked, status=RsvpStatus.GOING).count()
        if going >= locked.capacity:
            new_status = RsvpStatus.WAITLISTED
    if rsvp is None:
        rsvp = Rsvp.objects.create(
            event=locked, user=user, status=new_status, requested_at=timezone.now()
        )
        audit(
            "events.rsvp.created",
            actor=user,
            target=rsvp,
            community=event.community,
            event=locked.pk,
            status=new_status,
        )
    elif rsvp.status != new_status and not (
        rsvp.status == RsvpStatus.WAITLISTED and new_status == RsvpStatus.WAITLISTED
    ):
        old = rsvp.status
        if new_status == RsvpStatus.WAITLISTED or (
            new_status == RsvpStatus.GOING and rsvp.status != RsvpStatus.WAITLISTED
        ):
            rsvp.requested_at = timezone.now()
        rsvp.status = new_status
        rsvp.save(update_fields=["status", "requested_at", "updated_at"])
        audit(
            "events.rsvp.changed",
            actor=user,
            target=rsvp,
            community=event.community,
            event=locked.pk,
            was=old,
            status=new_status,
        )
    if was_going and new_status != RsvpStatus.GOING:
        _promote_waitlist(locked, community=event.community)
    return rsvp


@transaction.atomic
def event_rsvp_series(*, user: Any, event: Event, status: str) -> int:
    """Answer for this occurrence and every later one of its series: all of them, or (when
    one cannot be answered) none."""
    if not event.series_id:
        event_rsvp(user=user, event=event, status=status)
        return 1
    later = Event.objects.filter(
        series_id=event.series_id, starts_at__gte=event.starts_at, status=EventStatus.SCHEDULED
    ).select_related("community", "circle__community")
    count = 0
    for occurrence in later:
        if not can(user, "event.rsvp", occurrence):
            # Answers already written in this transaction are rolled back with it.
            raise ValidationError(
                _("You can't answer for the session of %(day)s, so no answer was saved.")
                % {"day": date_format(timezone.localtime(occurrence.starts_at), "DAY_MONTH")}
            )
        event_rsvp(user=user, event=occurrence, status=status)
        count += 1
    return count


@transaction.atomic
def attendance_mark(*, actor: Any, event: Event, user: Any, present: bool = True) -> None:
    require(actor, "event.edit", event)
    if present:
        Attendance.objects.get_or_create(event=event, user=user, defaults={"by_host": True})
    else:
        Attendance.objects.filter(event=event, user=user).delete()


@transaction.atomic
def attendance_set(*, actor: Any, event: Event, present_ids: set[int]) -> tuple[int, int]:
    """Record who came, as the host ticked it: people among those who answered (or had
    checked in) become present or absent. Returns (marked present, marked absent)."""
    from salon.events.selectors import attendance_candidates

    require(actor, "event.edit", event)
    candidates = {row["user"].pk: row["present"] for row in attendance_candidates(event=event)}
    unknown = present_ids - set(candidates)
    if unknown:
        raise ValidationError(_("Only people who answered can be marked present."))
    add = [uid for uid, was in candidates.items() if uid in present_ids and not was]
    remove = [uid for uid, was in candidates.items() if uid not in present_ids and was]
    Attendance.objects.bulk_create(
        [Attendance(event=event, user_id=uid, by_host=True) for uid in add],
        ignore_conflicts=True,
    )
    Attendance.objects.filter(event=event, user_id__in=remove).delete()
    if add or remove:
        audit("events.attendance.updated", actor=actor, target=event, added=add, removed=remove)
    return len(add), len(remove)


@transaction.atomic
def attendance_check_in(*, user: Any, event: Event, code: str) -> Attendance:
    require(user, "event.rsvp", event)
    if code.strip().upper() != event.check_in_code:
        raise ValidationError(_("That check-in code is not right. Ask the host for it."))
    attendance, _created = Attendance.objects.get_or_create(event=event, user=user)
    return attendance


@transaction.atomic
def calendar_feed_for(*, user: Any, rotate: bool = False) -> CalendarFeed:
    """The member's private feed, created on first use; ``rotate`` revokes the old URL."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    elif rotate:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
        audit("events.feed.rotated", actor=user, target=user)
    return feed


def combine_local(day: date, at: time) -> datetime:
    return datetime.combine(day, at)


@transaction.atomic
def feedback_give(*, user: Any, event: Event, rating: int, will_apply: str = "") -> Any:
    """After a session, the people who went (or checked in) say how useful it was."""
    from salon.events.models import Feedback

    require(user, "event.view", event)
    if event.ends_at > timezone.now():
        raise ValidationError(_("Feedback opens when the session has ended."))
    went = Rsvp.objects.filter(event=event, user=user, status=RsvpStatus.GOING).exists()
    if not went and not Attendance.objects.filter(event=event, user=user).exists():
        raise ValidationError(_("Only people who took part can give feedback."))
    if not 1 <= rating <= 5:
        raise ValidationError(_("Rate from 1 to 5."))
    feedback, _created = Feedback.objects.update_or_create(
        event=event, user=user, defaults={"rating": rating, "will_apply": will_apply.strip()}
    )
    return feedback


def took_part(*, user: Any, event: Event) -> bool:
    """Marked present, checked in, said they were going, or gave feedback."""
    return (
        Attendance.objects.filter(event=event, user_id=user.pk).exists()
        or Rsvp.objects.filter(event=event, user_id=user.pk, status=RsvpStatus.GOING).exists()
        or Feedback.objects.filter(event=event, user_id=user.pk).exists()
    )


@transaction.atomic
def feedback_follow_up(
    *, user: Any, event: Event, applied: str, applied_note: str = "", rating: int | None = None
) -> Feedback:
    """Record whether a participant applied what they took from a session. Someone who
    never rated it gives the rating now too (a feedback row always has one)."""
    require(user, "event.view", event)
    if event.is_cancelled:
        raise ValidationError(_("This session was cancelled."))
    if event.ends_at > timezone.now():
        raise ValidationError(_("The follow-up opens when the session has ended."))
    if not took_part(user=user, event=event):
        raise ValidationError(_("Only people who took part can answer."))
    if applied not in Applied.values:
        raise ValidationError(_("Answer yes, partly or not yet."))
    answer: dict[str, Any] = {"applied": applied, "applied_note": applied_note.strip()}
    rated = Feedback.objects.filter(event=event, user_id=user.pk).exists()
    if not rated and (rating is None or not 1 <= rating <= 5):
        raise ValidationError(_("Rate from 1 to 5."))
    feedback, _created = Feedback.objects.update_or_create(
        event=event, user_id=user.pk, defaults=answer, create_defaults={**answer, "rating": rating}
    )
    return feedback
