"""360° feedback in the REST API (docs/feedback.md, "API"): cycles, nominations, answers,
and the member's own reports. The same services and selectors as the pages: a report
lists only the rater groups that reached their threshold, and names the others only in
``hidden_groups``; no operation says who answered what."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Id
from salon.communities.access import access_community
from salon.core import anonymity
from salon.core.permissions import can
from salon.feedback.access import access_cycle, access_participant, access_report
from salon.feedback.models import Cycle, RaterGroup, default_group_limits, default_scale

# Modules, not names: several endpoints are named after the service they call.
from salon.feedback.selectors import cycles as cycle_selectors
from salon.feedback.services import cycles as cycle_services

router = Router(tags=["feedback"])


class ItemOut(Schema):
    id: int
    competency: int
    behaviour: int | None = Field(..., description="Null when the competency is rated whole.")
    name: str


class CycleOut(Schema):
    id: int
    title: str
    status: str
    circle: str | None
    opens_on: date
    nominations_close_on: date
    closes_on: date
    threshold: int
    scale: list[str]
    questions: list[str]
    url: str


class ProgressOut(Schema):
    participant: int
    person: int
    name: str
    list_status: str
    raters: int = Field(..., description="Raters other than the person themself.")
    answered: int = Field(..., description="How many of them answered (never who).")


class CycleDetailOut(CycleOut):
    items: list[ItemOut]
    group_limits: dict[str, list[int]]
    my_participation: int | None = Field(
        ..., description="Your id as a person reviewed in this cycle (the nominations' owner)."
    )
    asked_about: list[int] = Field(
        ...,
        description="The people (user ids) you're asked to give feedback on, yourself included.",
    )
    progress: list[ProgressOut] | None = Field(
        ..., description="Per person reviewed, counts only: for those who run the cycle."
    )


class CycleIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    competencies: list[Id] = Field(..., min_length=1, max_length=30)
    behaviours: list[Id] = Field(
        default_factory=list,
        max_length=150,
        description="Behaviours of those competencies to rate one by one (else rated whole).",
    )
    questions: list[str] = Field(..., min_length=2, max_length=3)
    scale: list[str] | None = Field(None, min_length=3, max_length=7)
    circle: str | None = Field(None, description="A circle's slug: everyone in it is reviewed.")
    people: list[Id] = Field(default_factory=list, max_length=500)
    opens_on: BoundedDate
    nominations_close_on: BoundedDate
    closes_on: BoundedDate
    threshold: int = Field(anonymity.THRESHOLD, ge=anonymity.THRESHOLD, le=10)
    group_limits: (
        dict[
            str,
            Annotated[list[Annotated[int, Field(ge=0, le=20)]], Field(min_length=2, max_length=2)],
        ]
        | None
    ) = Field(
        None,
        description="Raters each person chooses per group, as [fewest, most] "
        "(manager, peers, direct_reports, mentor, others); omitted groups keep the default.",
    )


class NominationOut(Schema):
    id: int
    rater: int
    rater_name: str
    group: RaterGroup


class NominationIn(Schema):
    rater: Id
    group: RaterGroup


class ResponseIn(Schema):
    person: Id = Field(..., description="The person reviewed (your own id for your self-view).")
    # Scales have three to seven points; the cycle's own length is checked by the service.
    scores: dict[str, Annotated[int, Field(ge=1, le=7)] | None] = Field(
        ..., description="Rated item id → a point of the scale, or null for “not observed”."
    )
    comments: list[str] = Field(default_factory=list, max_length=3)
    draft: bool = Field(False, description="Save without sending; only you see a draft.")


class ResponseOut(Schema):
    status: str


class GroupCompetencyOut(Schema):
    competency: int
    name: str
    mean: float | None


class GroupOut(Schema):
    group: str
    responses: int
    competencies: list[GroupCompetencyOut]


class CompetencyRowOut(Schema):
    competency: int
    name: str
    self_rating: float | None
    others: float | None
    gap: float | None
    flag: str | None = Field(..., description="“blind_spot”, “hidden_strength” or null.")
    previous: float | None
    change: float | None
    noise_band: float | None = Field(..., description="A change within ± this is noise.")
    change_is_real: bool


class RankedOut(Schema):
    item: int
    name: str
    mean: float


class ReportOut(Schema):
    id: int
    cycle: int
    cycle_title: str
    community: str
    points: int
    groups: list[GroupOut]
    hidden_groups: list[str]
    competencies: list[CompetencyRowOut]
    highest: list[RankedOut]
    lowest: list[RankedOut]
    comments: list[dict[str, Any]]
    url: str


class ReportSummaryOut(Schema):
    id: int
    cycle: int
    cycle_title: str
    community: str
    closes_on: date
    url: str


def _url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _cycle_out(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    return {
        "id": cycle.pk,
        "title": cycle.title,
        "status": cycle.status,
        "circle": cycle.circle.slug if cycle.circle else None,
        "opens_on": cycle.opens_on,
        "nominations_close_on": cycle.nominations_close_on,
        "closes_on": cycle.closes_on,
        "threshold": cycle.threshold,
        "scale": cycle.scale,
        "questions": cycle.questions,
        "url": _url(request, cycle.get_absolute_url()),
    }


@router.get(
    "/communities/{slug}/feedback-cycles",
    response={200: list[CycleOut], 403: ErrorOut, 404: ErrorOut},
    summary="360° cycles: all of them for those who run cycles, else those you take part in",
)
@paginate(Pagination)
def cycle_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug, "feedback.take_part")
    qs = cycle_selectors.cycles_for(request.user, community).order_by("-opens_on", "-pk")
    return ShapedPage(qs, lambda cycle: _cycle_out(request, cycle))


@router.post(
    "/communities/{slug}/feedback-cycles",
    response={201: CycleDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Open a 360° cycle for a circle or chosen people (directors and facilitators)",
)
def cycle_create(request: HttpRequest, slug: str, payload: CycleIn) -> Any:
    community = access_community(request.user, slug, "feedback_cycle.manage")
    competencies = cycle_selectors.competencies_in(community, payload.competencies)
    if len(competencies) != len(set(payload.competencies)):
        raise HttpError(400, "Choose competencies of this community's framework.")
    behaviours = cycle_selectors.behaviours_in(community, payload.behaviours)
    if len(behaviours) != len(set(payload.behaviours)):
        raise HttpError(400, "Choose behaviours of the competencies you rate.")
    order = {pk: n for n, pk in enumerate(payload.competencies)}
    competencies.sort(key=lambda c: order[c.pk])
    circle = None
    if payload.circle:
        circle = cycle_selectors.circle_in(community, payload.circle)
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    plan = cycle_services.CyclePlan(
        title=payload.title,
        competencies=competencies,
        behaviours=behaviours,
        opens_on=payload.opens_on,
        nominations_close_on=payload.nominations_close_on,
        closes_on=payload.closes_on,
        questions=payload.questions,
        circle=circle,
        people=list(payload.people),
        threshold=payload.threshold,
        scale=payload.scale or default_scale(),
        group_limits={**default_group_limits(), **(payload.group_limits or {})},
    )
    cycle = cycle_services.cycle_create(actor=request.user, community=community, plan=plan)
    return 201, _cycle_detail(request, access_cycle(request.user, cycle.pk))


def _cycle_detail(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    own = cycle_selectors.own_participation(cycle, request.user)
    progress = None
    if can(request.user, "feedback_cycle.manage", cycle.community):
        progress = [
            {
                "participant": p.pk,
                "person": p.person_id,
                "name": p.person.display_name,
                "list_status": p.nominations_status,
                "raters": p.raters,  # type: ignore[attr-defined]
                "answered": p.answered,  # type: ignore[attr-defined]
            }
            for p in cycle_selectors.participants_progress(cycle)
        ]
    return {
        **_cycle_out(request, cycle),
        "items": [
            {
                "id": i.pk,
                "competency": i.competency_id,
                "behaviour": i.behaviour_id,
                "name": i.label,
            }
            for i in cycle_selectors.items_of(cycle)
        ],
        "group_limits": cycle.group_limits,
        "my_participation": own.pk if own else None,
        "asked_about": [
            n.participant.person_id
            for n in cycle_selectors.invitations_for(request.user, cycle=cycle)
        ],
        "progress": progress,
    }


@router.get(
    "/feedback-cycles/{cycle_id}",
    response={200: CycleDetailOut, 404: ErrorOut},
    summary="A 360° cycle you run or take part in",
)
def cycle_detail(request: HttpRequest, cycle_id: int) -> Any:
    return _cycle_detail(request, access_cycle(request.user, cycle_id))


def _own_participant(request: HttpRequest, cycle_id: int) -> Any:
    cycle = access_cycle(request.user, cycle_id)
    own = cycle_selectors.own_participation(cycle, request.user)
    if own is None:
        raise Http404
    return access_participant(request.user, own.pk)


def _nomination_out(n: Any) -> dict[str, Any]:
    return {"id": n.pk, "rater": n.rater_id, "rater_name": n.rater.display_name, "group": n.group}


@router.get(
    "/feedback-cycles/{cycle_id}/nominations",
    response={200: list[NominationOut], 404: ErrorOut},
    summary="Your raters in this cycle (who they are, never whether they answered)",
)
def nomination_list(request: HttpRequest, cycle_id: int) -> Any:
    participant = _own_participant(request, cycle_id)
    return [_nomination_out(n) for n in cycle_selectors.nominations_of(participant)]


@router.post(
    "/feedback-cycles/{cycle_id}/nominations",
    response={201: NominationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Nominate a rater in a group (before you send your list for approval)",
)
def nomination_create(request: HttpRequest, cycle_id: int, payload: NominationIn) -> Any:
    participant = _own_participant(request, cycle_id)
    rater = cycle_selectors.active_person(payload.rater)
    if rater is None:
        raise HttpError(400, "Raters must be members of this community.")
    nomination = cycle_services.nomination_add(
        actor=request.user, participant=participant, rater=rater, group=payload.group
    )
    return 201, _nomination_out(nomination)


@router.post(
    "/feedback-cycles/{cycle_id}/responses",
    response={200: ResponseOut, 201: ResponseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Answer, or save a draft of, the feedback you're asked for on one person",
)
def response_create(request: HttpRequest, cycle_id: int, payload: ResponseIn) -> Any:
    cycle = access_cycle(request.user, cycle_id)
    nomination = next(
        (
            n
            for n in cycle_selectors.invitations_for(request.user, cycle=cycle)
            if n.participant.person_id == payload.person
        ),
        None,
    )
    if nomination is None:
        raise Http404
    cycle_services.response_save(
        actor=request.user,
        nomination=nomination,
        scores=payload.scores,
        comments=payload.comments,
        submit=not payload.draft,
    )
    if payload.draft:
        return 200, {"status": "draft"}
    return 201, {"status": "sent"}


def _report_out(request: HttpRequest, view: cycle_selectors.ReportView) -> dict[str, Any]:
    participant = view.participant
    return {
        "id": participant.pk,
        "cycle": view.cycle.pk,
        "cycle_title": view.cycle.title,
        "community": view.cycle.community.slug,
        "points": view.report.points,
        "groups": view.groups,
        "hidden_groups": view.hidden_groups,
        "competencies": [
            {
                "competency": r["row"].competency,
                "name": r["competency"].name,
                "self_rating": r["row"].self,
                "others": r["row"].others,
                "gap": r["row"].gap,
                "flag": r["row"].flag,
                "previous": r["row"].previous,
                "change": r["row"].change,
                "noise_band": r["row"].band,
                "change_is_real": r["row"].change_is_real,
            }
            for r in view.rows
        ],
        "highest": [
            {"item": int(str(i.key)), "name": i.label, "mean": m} for i, m in view.report.highest
        ],
        "lowest": [
            {"item": int(str(i.key)), "name": i.label, "mean": m} for i, m in view.report.lowest
        ],
        "comments": [{"question": q, "answers": a} for q, a in view.comments],
        "url": _url(request, participant.get_absolute_url()),
    }


@router.get(
    "/me/feedback-reports",
    response={200: list[ReportSummaryOut]},
    summary="Your 360° feedback reports (from closed cycles)",
)
@paginate(Pagination)
def report_list(request: HttpRequest) -> Any:
    def shape(p: Any) -> dict[str, Any]:
        return {
            "id": p.pk,
            "cycle": p.cycle_id,
            "cycle_title": p.cycle.title,
            "community": p.cycle.community.slug,
            "closes_on": p.cycle.closes_on,
            "url": _url(request, p.get_absolute_url()),
        }

    return ShapedPage(cycle_selectors.reports_for(request.user), shape)


@router.get(
    "/me/feedback-reports/{report_id}",
    response={200: ReportOut, 404: ErrorOut},
    summary="One of your reports: shown groups with their means, hidden groups by name only",
)
def report_detail(request: HttpRequest, report_id: int) -> Any:
    participant = access_report(request.user, report_id)
    if participant.person_id != request.user.pk:
        raise Http404
    cycle_services.report_open(actor=request.user, participant=participant)
    return _report_out(request, cycle_selectors.report_view(participant))
