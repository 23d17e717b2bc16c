"""Writing CSV: the one place Salon does it, so no cell can run as a spreadsheet formula.

A spreadsheet opening a CSV treats a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some programs, a tab or a carriage return before one) as a formula: a title such
as ``=HYPERLINK("http://…")`` written by a member would run on the director's machine.
Every text cell that starts with one of those is written with a leading apostrophe, which
spreadsheets show as text and do not display. Numbers are left alone.

Use ``writer(file)`` / ``dict_writer(file, fieldnames)`` like the standard library's, or
``stream(rows)`` for a streaming HTTP response. A house-rule test refuses ``csv.writer``
and ``csv.DictWriter`` anywhere else.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

# Characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """``value`` as a cell that no spreadsheet runs: text starting like a formula gets a
    leading apostrophe; numbers, booleans and None are returned as they are."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, file: _Writable, **options: Any) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """``csv.DictWriter`` whose values are neutralised (the header is ours, not theirs)."""

    def __init__(self, file: _Writable, fieldnames: Sequence[str], **options: Any) -> None:
        self._writer = csv.DictWriter(file, fieldnames, **options)

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({k: neutralise(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file: _Writable, **options: Any) -> SafeWriter:
    return SafeWriter(file, **options)


def dict_writer(file: _Writable, fieldnames: Sequence[str], **options: Any) -> SafeDictWriter:
    return SafeDictWriter(file, fieldnames, **options)


class _Echo:
    def write(self, value: str) -> str:
        return value


def stream(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row as a line of CSV text, for a ``StreamingHttpResponse``."""
    out = SafeWriter(_Echo())
    for row in rows:
        yield out.writerow(row)
