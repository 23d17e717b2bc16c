"""``{% event_when event %}``: "Tue 3 Mar, 09:00–10:00 London · 17:00–18:00 your time"."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def _city(tz: str) -> str:
    return tz.rsplit("/", 1)[-1].replace("_", " ")


@register.simple_tag
def event_when(event: Any) -> SafeString:
    planned = ZoneInfo(event.timezone)
    start, end = event.starts_at.astimezone(planned), event.ends_at.astimezone(planned)
    day = date_format(start, "WKD_DAY_MON_YEAR")
    there = format_html(
        '<time datetime="{}">{}, {}–{} {}</time>',
        event.starts_at.isoformat(),
        day,
        start.strftime("%H:%M"),
        _end(start, end),
        _city(event.timezone),
    )
    viewer = timezone.get_current_timezone()
    if getattr(viewer, "key", None) == event.timezone:
        return there
    mine_start, mine_end = event.starts_at.astimezone(viewer), event.ends_at.astimezone(viewer)
    other_day = (
        "" if mine_start.date() == start.date() else date_format(mine_start, "WKD_DAY_MON") + ", "
    )
    return format_html(
        '{} <span class="muted">· {}{}–{} {}</span>',
        there,
        other_day,
        mine_start.strftime("%H:%M"),
        _end(mine_start, mine_end),
        _("your time"),
    )


def _end(start: Any, end: Any) -> str:
    """The end time, with its day when the event runs past midnight."""
    if end.date() == start.date():
        return str(end.strftime("%H:%M"))
    return f"{date_format(end, 'WKD_DAY_MON')} {end:%H:%M}"
