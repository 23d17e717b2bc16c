"""iCalendar (RFC 5545) for single events, series and personal feeds.

Single events are one VEVENT. A series is a master VEVENT with the RRULE (in the zone it
was planned in) plus an EXDATE for each cancelled occurrence and a RECURRENCE-ID override
for each occurrence that was moved or changed; every change raises SEQUENCE. Each zone
used gets its VTIMEZONE.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from salon.events.models import Event, Mode
from salon.events.recurrence import ical_rrule


def _local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(ZoneInfo(tz))


def _fill(vevent: VEvent, event: Event) -> None:
    vevent.add("summary", event.title)
    url = settings.SALON_BASE_URL + event.get_absolute_url()
    vevent.add("url", url)
    description = event.description.strip()
    vevent.add("description", f"{description}\n\n{url}".strip())
    if event.mode != Mode.ONLINE and event.venue:
        vevent.add("location", event.venue)
    elif event.join_url:
        vevent.add("location", event.join_url)
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("categories", [event.format.name])


def _single(event: Event) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("dtstart", _local(event.starts_at, event.timezone))
    vevent.add("dtend", _local(event.ends_at, event.timezone))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    _fill(vevent, event)
    return vevent


def _series(occurrences: list[Event]) -> list[VEvent]:
    series = occurrences[0].series
    assert series is not None
    tz = series.timezone
    regular = [e for e in occurrences if not e.is_exception] or occurrences
    first = min(occurrences, key=lambda e: e.original_start or e.starts_at)
    start_local = datetime.combine(series.start_date, series.start_time)
    master = VEvent()
    master.add("uid", series.uid)
    master.add("dtstart", start_local.replace(tzinfo=ZoneInfo(tz)))
    master.add("dtend", start_local.replace(tzinfo=ZoneInfo(tz)) + regular[0].duration)
    master.add("rrule", ical_rrule(series.recurrence, start_local=start_local, tz=tz))
    master.add("sequence", series.sequence)
    all_cancelled = all(e.is_cancelled for e in occurrences)
    master.add("status", "CANCELLED" if all_cancelled else "CONFIRMED")
    _fill(master, first)
    cancelled = [e for e in occurrences if e.is_cancelled and e.original_start]
    if cancelled and not all_cancelled:
        master.add("exdate", [_local(e.original_start, tz) for e in cancelled])  # type: ignore[arg-type]
    components = [master]
    for event in occurrences:
        if event.is_exception and not event.is_cancelled and event.original_start:
            override = _single(event)
            override["uid"] = series.uid
            override.add("recurrence-id", _local(event.original_start, tz))
            components.append(override)
    return components


def calendar_for(
    events: Iterable[Event], *, name: str = "Salon", extra: Iterable[VEvent] = ()
) -> Calendar:
    """A calendar of these events; occurrences of one series collapse into its master.
    ``extra`` adds ready-made entries (sessions with experts)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Salon//Salon events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    by_series: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        if event.series_id:
            by_series[event.series_id].append(event)
        else:
            calendar.add_component(_single(event))
    for occurrences in by_series.values():
        for component in _series(sorted(occurrences, key=lambda e: e.starts_at)):
            calendar.add_component(component)
    for component in extra:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar
