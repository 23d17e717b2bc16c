"""The outcomes API: ``GET /communities/{slug}/analytics/outcomes`` (the dashboard's
figures for the community and each region and circle; withheld ones are null),
``…/analytics/engagement`` (its engagement part) and ``GET /me/growth`` (one's own figures);
each with ``?format=csv``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from salon.analytics import exports, selectors
from salon.analytics.access import access_outcomes, access_sponsor
from salon.analytics.services import outcomes_or_prepare, sponsor_remove
from salon.api.schemas import ErrorOut
from salon.core.permissions import require

router = Router(tags=["analytics"])


class MeasureOut(Schema):
    key: str
    label: str
    definition: str
    unit: str


class GroupOut(Schema):
    key: str
    label: str
    values: dict[str, int | float | None]


class TableOut(Schema):
    key: str
    title: str
    measures: list[MeasureOut]
    groups: list[GroupOut]


class StageOut(Schema):
    name: str
    reached: int
    now: int
    advanced_in_period: int


class CohortOut(Schema):
    joined: str
    people: int
    active_share_by_month: list[int | None]


class OutcomesOut(Schema):
    community: str
    period_start: date
    period_end: date
    people_counted: int
    people_left_out: int
    tables: list[TableOut]
    retention: list[CohortOut]
    ideas_by_stage: list[StageOut]
    key_results_ahead: int
    key_results_behind: int
    ei_index_by_region: dict[str, float]
    before: dict[str, int | float | None]


class PeriodIn(Schema):
    days: int = Field(
        selectors.DEFAULT_PERIOD,
        ge=1,
        le=3660,
        description="The period in days: 30, 90 or 365 (another number gives the default).",
    )
    format: Literal["json", "csv"] = "json"


def _out(outcomes: selectors.Outcomes) -> dict[str, Any]:
    return {
        "community": outcomes.community.slug,
        "period_start": outcomes.period.start,
        "period_end": outcomes.period.end,
        "people_counted": outcomes.people,
        "people_left_out": outcomes.left_out,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "measures": [
                    {
                        "key": m.key,
                        "label": str(m.label),
                        "definition": str(m.definition),
                        "unit": m.unit,
                    }
                    for m in t.measures
                ],
                "groups": [
                    {
                        "key": row.key,
                        "label": row.label,
                        "values": {m.key: v for m, v in zip(t.measures, row.values, strict=True)},
                    }
                    for row in t.rows
                ],
            }
            for t in outcomes.tables
        ],
        "retention": [
            {"joined": c.label, "people": c.people, "active_share_by_month": c.active}
            for c in outcomes.retention
        ],
        "ideas_by_stage": [
            {
                "name": s.name,
                "reached": s.reached,
                "now": s.now,
                "advanced_in_period": s.advanced_in_period,
            }
            for s in outcomes.stages
        ],
        "key_results_ahead": outcomes.key_results[0],
        "key_results_behind": outcomes.key_results[1],
        "ei_index_by_region": dict(outcomes.ei_index),
        # The community's figures over the period of the same length just before.
        "before": outcomes.before,
    }


def _days(params: PeriodIn) -> int:
    return params.days if params.days in selectors.PERIODS else selectors.DEFAULT_PERIOD


class EngagementOut(Schema):
    community: str
    period_start: date
    period_end: date
    people_counted: int
    people_left_out: int
    tables: list[TableOut]
    retention: list[CohortOut]
    weekly_active_share: list[tuple[date, int | None]]


# ``?format=csv`` answers text/csv: the schema says so, as the contract tests require.
def csv_too(schema: str) -> dict[str, Any]:
    return {
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        }
    }


@router.get(
    "/communities/{slug}/analytics/engagement",
    response={200: EngagementOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    openapi_extra=csv_too("EngagementOut"),
)
def engagement(request: HttpRequest, slug: str, params: Query[PeriodIn]) -> Any:
    """Engagement over the last ``days`` days: who takes part, the forum, and the
    programme's parts, for the community, each region and each circle (a figure about fewer
    than five people is null), retention by month of joining and the weekly share active.
    ``?format=csv`` gives the same tables as CSV. Directors and facilitators."""
    community = access_outcomes(request.user, slug)
    outcomes = outcomes_or_prepare(actor=request.user, community=community, days=_days(params))
    if outcomes is None:
        return 503, {
            "detail": _("The first figures are being prepared. Try again in a few minutes.")
        }
    if params.format == "csv":
        return exports.response(outcomes, engagement_only=True)
    out = _out(outcomes)
    engagement_keys = {t.key for t in outcomes.engagement}
    return 200, {
        **{k: out[k] for k in ("community", "period_start", "period_end", "retention")},
        "people_counted": out["people_counted"],
        "people_left_out": out["people_left_out"],
        "tables": [t for t in out["tables"] if t["key"] in engagement_keys],
        "weekly_active_share": outcomes.trend,
    }


class RatingChangeOut(Schema):
    competency: str
    change: float
    band: float
    reading: Literal["rose", "fell", "steady"]


class MyGrowthOut(Schema):
    community: str
    figures: dict[str, int]
    ratings: list[RatingChangeOut]


class MyGrowthListOut(Schema):
    period_start: date
    period_end: date
    communities: list[MyGrowthOut]


@router.get("/me/growth", response={200: MyGrowthListOut}, openapi_extra=csv_too("MyGrowthListOut"))
def my_growth(request: HttpRequest, params: Query[PeriodIn]) -> Any:
    """Your own figures over the last ``days`` days in each community you take part in,
    measured as on its outcome page, and how others' 360° ratings of you moved against the
    noise band. Seen by you alone; ties are counts, never names. ``?format=csv`` too."""
    days = _days(params)
    growth = selectors.growth_for(user=request.user, days=days)
    period = selectors.period_ending(days)
    if params.format == "csv":
        return exports.growth_response(growth, period)
    return 200, {
        "period_start": period.start,
        "period_end": period.end,
        "communities": [
            {
                "community": community.slug,
                "figures": exports.mine_figures(mine),
                "ratings": [
                    {"competency": c, "change": change, "band": band, "reading": reading}
                    for c, change, band, reading in mine.growth
                ],
            }
            for community, mine in growth
        ],
    }


@router.get(
    "/communities/{slug}/analytics/outcomes",
    response={200: OutcomesOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut},
    openapi_extra=csv_too("OutcomesOut"),
)
def outcomes(request: HttpRequest, slug: str, params: Query[PeriodIn]) -> Any:
    """Engagement and the measured benefits over the last ``days`` days (30, 90 or 365), for
    the community, each region and each circle; a figure about fewer than five people is
    null. ``?format=csv`` gives the same figures as the page's CSV. Directors and
    facilitators."""
    community = access_outcomes(request.user, slug)
    outcomes = outcomes_or_prepare(actor=request.user, community=community, days=_days(params))
    if outcomes is None:
        return 503, {
            "detail": _("The first figures are being prepared. Try again in a few minutes.")
        }
    if params.format == "csv":
        return exports.response(outcomes)
    return 200, _out(outcomes)


class SponsorOut(Schema):
    id: int
    name: str
    email: str
    added_at: datetime


@router.get(
    "/communities/{slug}/analytics/sponsors",
    response={200: list[SponsorOut], 403: ErrorOut, 404: ErrorOut},
)
def sponsors(request: HttpRequest, slug: str) -> Any:
    """The people a director shared the community's outcome figures with. Directors."""
    community = access_outcomes(request.user, slug)
    require(request.user, "analytics.share", community)
    return 200, [
        {"id": s.pk, "name": s.user.display_name, "email": s.user.email, "added_at": s.added_at}
        for s in selectors.sponsors_of(community=community)
    ]


@router.delete(
    "/outcome-sponsors/{sponsor_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw a sponsor's access to the outcome figures",
)
def sponsor_delete(request: HttpRequest, sponsor_id: int) -> Any:
    """From their next request the sponsor sees nothing of the community. Directors."""
    sponsor_remove(actor=request.user, sponsor=access_sponsor(request.user, sponsor_id))
    return 204, None
