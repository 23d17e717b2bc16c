"""The outcomes as CSV rows: one line per group and measure, through the one CSV writer
(salon.core.csv_files), so no cell runs as a spreadsheet formula."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse

from salon.analytics.facts import Period
from salon.analytics.selectors import Mine, Outcomes
from salon.communities.models import Community
from salon.core import csv_files

COLUMNS = ["table", "group", "measure", "value", "unit", "period_start", "period_end", "definition"]


def rows(outcomes: Outcomes, *, engagement_only: bool = False) -> Iterator[list[Any]]:
    yield COLUMNS
    start, end = outcomes.period.start.isoformat(), outcomes.period.end.isoformat()
    for table in outcomes.engagement if engagement_only else outcomes.tables:
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
    if engagement_only:
        return
    for stage in outcomes.stages:
        for name, value in (
            ("Ideas that reached the stage", stage.reached),
            ("Ideas there now", stage.now),
            ("Ideas that moved into it in the period", stage.advanced_in_period),
        ):
            yield ["Innovation", stage.name, name, value, "count", start, end, ""]


def _download(lines: Iterator[list[Any]], name: str) -> StreamingHttpResponse:
    streamed = StreamingHttpResponse(
        csv_files.stream(lines), content_type="text/csv; charset=utf-8"
    )
    streamed["Content-Disposition"] = f'attachment; filename="{name}"'
    return streamed


def response(outcomes: Outcomes, *, engagement_only: bool = False) -> StreamingHttpResponse:
    """The CSV as a download (the page's link and the API's ``?format=csv``)."""
    what = "engagement" if engagement_only else "outcomes"
    return _download(
        rows(outcomes, engagement_only=engagement_only),
        f"{outcomes.community.slug}-{what}-{outcomes.period.end.isoformat()}.csv",
    )


GROWTH_COLUMNS = ["community", "measure", "value", "period_start", "period_end"]


def growth_rows(growth: list[tuple[Community, Mine]], period: Period) -> Iterator[list[Any]]:
    yield GROWTH_COLUMNS
    start, end = period.start.isoformat(), period.end.isoformat()
    for community, mine in growth:
        for key, value in mine_figures(mine).items():
            yield [community.name, key, value, start, end]
        for competency, change, band, reading in mine.growth:
            yield [
                community.name,
                f"360: {competency}",
                f"{change} ±{band} ({reading})",
                start,
                end,
            ]


def mine_figures(mine: Mine) -> dict[str, int]:
    """The member's own counts, by name (the API's and the CSV's)."""
    return {
        "active_days": mine.active_days,
        "sessions_going": mine.going,
        "sessions_attended": mine.attended,
        "goals_open": mine.goals_open,
        "goals_checked_in_recently": mine.goals_recent,
        "goals_achieved": mine.goals_achieved,
        "mentoring_sessions": mine.sessions,
        "path_steps": mine.steps,
        "paths_completed": mine.paths_completed,
        "ties": mine.ties,
        "new_ties": mine.new_ties,
        "cross_region_ties": mine.cross_region_ties,
    }


def growth_response(growth: list[tuple[Community, Mine]], period: Period) -> StreamingHttpResponse:
    return _download(growth_rows(growth, period), f"my-growth-{period.end.isoformat()}.csv")
