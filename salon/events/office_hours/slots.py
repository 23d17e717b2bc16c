"""Weekly availability in an expert's own zone, turned into bookable slots (no Django).

An expert says "Tuesdays 14:00–16:00, 30-minute slots" in their own time zone. Slots are
laid out in local wall-clock time first and only then turned into UTC instants, so a
14:00 slot stays at 14:00 for the expert across daylight-saving changes. A wall-clock
time the clocks skip (spring forward) has no slot; one they repeat (fall back) has one,
at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SLOT_LENGTHS = (15, 30, 45)
MAX_WEEKS_AHEAD = 12


@dataclass(frozen=True)
class Window:
    weekday: int  # Monday is 0
    start: time
    end: time


def fits_working_hours(window: Window, *, work_start: time, work_end: time) -> bool:
    return work_start <= window.start < window.end <= work_end


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall clock shows ``local`` in ``zone`` (not skipped by a DST change)."""
    instant = local.replace(tzinfo=zone).astimezone(UTC)
    return instant.astimezone(zone).replace(tzinfo=None) == local


def slot_starts(
    windows: list[Window], *, tz: str, minutes: int, first_day: date, days: int
) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every slot of ``minutes`` that fits whole inside a window,
    on each of ``days`` days from ``first_day`` (local dates in ``tz``), in order."""
    if minutes not in SLOT_LENGTHS:
        raise ValueError(f"A slot lasts {', '.join(map(str, SLOT_LENGTHS))} minutes.")
    zone = ZoneInfo(tz)
    length = timedelta(minutes=minutes)
    slots: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for window in windows:
            if window.weekday != day.weekday():
                continue
            local = datetime.combine(day, window.start)
            last = datetime.combine(day, window.end)
            while local + length <= last:
                end_local = local + length
                if _exists(local, zone) and _exists(end_local, zone):
                    start = local.replace(tzinfo=zone).astimezone(UTC)
                    end = end_local.replace(tzinfo=zone).astimezone(UTC)
                    if end - start == length:
                        slots.append((start, end))
                local = end_local
    return sorted(set(slots))
