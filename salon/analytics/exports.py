"""The outcomes as CSV rows: one line per group and measure, through the one CSV writer
(salon.core.csv_files), so no cell runs as a spreadsheet formula."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse

from salon.analytics.selectors import Outcomes
from salon.core import csv_files

COLUMNS = ["table", "group", "measure", "value", "unit", "period_start", "period_end", "definition"]


def rows(outcomes: Outcomes) -> Iterator[list[Any]]:
    yield COLUMNS
    start, end = outcomes.period.start.isoformat(), outcomes.period.end.isoformat()
    for table in outcomes.tables:
        for row in table.rows:
            for measure, value in zip(table.measures, row.values, strict=True):
                yield [
                    str(table.title),
                    row.label,
                    str(measure.label),
                    "" if value is None else value,
                    measure.unit,
                    start,
                    end,
                    str(measure.definition),
                ]
    for cohort in outcomes.retention:
        for n, value in enumerate(cohort.active, start=1):
            yield [
                "Retention",
                cohort.label,
                f"Active in month {n} after joining",
                "" if value is None else value,
                "percent",
                start,
                end,
                f"{cohort.people} people joined",
            ]
    for stage in outcomes.stages:
        for name, value in (
            ("Ideas that reached the stage", stage.reached),
            ("Ideas there now", stage.now),
            ("Ideas that moved into it in the period", stage.advanced_in_period),
        ):
            yield ["Innovation", stage.name, name, value, "count", start, end, ""]


def response(outcomes: Outcomes) -> StreamingHttpResponse:
    """The CSV as a download (the page's link and the API's ``?format=csv``)."""
    streamed = StreamingHttpResponse(
        csv_files.stream(rows(outcomes)), content_type="text/csv; charset=utf-8"
    )
    name = f"{outcomes.community.slug}-outcomes-{outcomes.period.end.isoformat()}.csv"
    streamed["Content-Disposition"] = f'attachment; filename="{name}"'
    return streamed
