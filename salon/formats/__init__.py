"""Date formats by name, spelt the way each language writes them.

Pages and emails never write a date pattern such as ``"j M Y"`` themselves: they name one
(``{{ day|date:"DAY_MON_YEAR" }}``, ``date_format(day, "DAY_MON_YEAR")``) and Django finds
it in ``salon/formats/<language>/formats.py`` (settings.FORMAT_MODULE_PATH). English keeps
the patterns Salon always used; German puts a full stop after the day; Japanese writes
year, month and day with their characters. Every language defines every name (a test
checks), because a name Django cannot find would be printed as a pattern.
"""

from __future__ import annotations

# name -> the English pattern, which is also the list of names every language defines.
ENGLISH = {
    "DAY_MON": "j M",
    "DAY_MON_YEAR": "j M Y",
    "DAY_MONTH": "j F",
    "DAY_MONTH_YEAR": "j F Y",
    "MONTH_YEAR": "F Y",
    "DAY_MON_TIME": "j M, H:i",
    "DAY_MON_TIME_PLAIN": "j M H:i",
    "DAY_MON_YEAR_TIME": "j M Y, H:i",
    "DAY_MON_YEAR_TIME_PLAIN": "j M Y H:i",
    "DAY_MON_YEAR_SECONDS": "j M Y H:i:s",
    "DAY_MONTH_YEAR_TIME": "j F Y, H:i",
    "WEEKDAY_DAY_MONTH": "l j F",
    "WEEKDAY_DAY_MONTH_TIME": "l j F, H:i",
    "WEEKDAY_DAY_MONTH_YEAR": "l j F Y",
    "WEEKDAY_DAY_MONTH_YEAR_TIME": "l j F Y, H:i",
    "WKD_DAY_MON": "D j M",
    "WKD_DAY_MON_TIME": "D j M, H:i",
    "WKD_DAY_MON_YEAR": "D j M Y",
    "WKD_DAY_MON_YEAR_TIME": "D j M Y, H:i",
    "WEEKDAY_TIME": "l H:i",
}
