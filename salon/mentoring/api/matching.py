"""Matching in the REST API: run the engine, read runs and staged matches, pin, forbid,
swap, publish, answer, and (mentee-choice mode) suggestions and requests. A refusal is a
400 with ``{"detail": …}``; what you may not see is a 404."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool

from salon.api.schemas import ErrorOut, Id
from salon.core.permissions import can, require
from salon.mentoring.access import access_match, access_programme_by_id
from salon.mentoring.engine import explain
from salon.mentoring.models import Match, MatchRun, MatchStatus
from salon.mentoring.selectors.cohorts import reasons_json
from salon.mentoring.selectors.matching import (
    competency_names,
    latest_staged_run,
    match_in_programme,
    match_list_for,
    suggestions_for,
)
from salon.mentoring.services import answers, matching

router = Router(tags=["mentoring"])


class PersonOut(Schema):
    id: int
    name: str


class ReasonOut(Schema):
    criterion: str
    points: float
    text: str = Field(..., description="The reason in words, as the pages show it.")


class MatchOut(Schema):
    id: int
    programme: int
    run: int | None = Field(..., description="The run's number; null for a mentee's request.")
    mentee: PersonOut
    mentor: PersonOut
    status: MatchStatus
    score: float
    breakdown: dict[str, float] = Field(..., description="Points per criterion.")
    reasons: list[ReasonOut]
    pinned: bool
    requested: bool
    mentee_answer: str
    mentor_answer: str
    respond_by: datetime | None


def _match_out(match: Match, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": match.pk,
        "programme": match.programme_id,
        "run": match.run.number if match.run_id and match.run else None,
        "mentee": {"id": match.mentee_id, "name": match.mentee.name},
        "mentor": {"id": match.mentor_id, "name": match.mentor.name},
        "status": match.status,
        "score": round(match.score, 4),
        "breakdown": match.breakdown,
        "reasons": [
            {"criterion": r["criterion"], "points": r["points"], "text": explain.sentence(r, names)}
            for r in match.reasons
        ],
        "pinned": match.pinned,
        "requested": match.requested,
        "mentee_answer": match.mentee_answer,
        "mentor_answer": match.mentor_answer,
        "respond_by": match.respond_by,
    }


class RunIn(Schema):
    apply_target: StrictBool = Field(
        True, description="Aim for the programme's target, if it has one."
    )


class UnmatchedOut(Schema):
    mentee: int
    why: str
    feasible_mentors: int
    eliminated_by: dict[str, int]


class RunOut(Schema):
    id: int
    number: int
    status: str
    solver: str
    seconds: float
    created_at: datetime
    published_at: datetime | None
    matched: int
    unmatched: list[UnmatchedOut]
    total_score: float
    mean_score: float | None
    worst_score: float | None
    quantiles: dict[str, float]
    target: dict[str, Any] | None = Field(
        ..., description="Share reached, price in total score, bonus used; null without one."
    )
    weights: dict[str, float]
    rules: dict[str, Any]


def _run_out(run: MatchRun) -> dict[str, Any]:
    d = run.diagnostics
    return {
        "id": run.pk,
        "number": run.number,
        "status": run.status,
        "solver": run.solver,
        "seconds": round(run.seconds, 4),
        "created_at": run.created_at,
        "published_at": run.published_at,
        "matched": d.get("matched", 0),
        "unmatched": run.unmatched,
        "total_score": d.get("total_score", 0.0),
        "mean_score": d.get("mean_score"),
        "worst_score": d.get("worst_score"),
        "quantiles": d.get("quantiles", {}),
        "target": d.get("target"),
        "weights": run.weights,
        "rules": run.rules,
    }


@router.post(
    "/programmes/{programme_id}/runs",
    response={201: RunOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Run matching on the programme's pool and stage the result (programme team)",
    description=(
        "Mentees without a mentor or a match waiting for answers are matched around the "
        "accepted pairs; the pinned pairs of the run in review are kept, forbidden and "
        "declined pairs left out. The run replaces the one in review."
    ),
)
def run_create(request: HttpRequest, programme_id: int, payload: RunIn) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.manage")
    run = matching.run_matching(programme, actor=request.user, apply_target=payload.apply_target)
    return 201, _run_out(run)


@router.get(
    "/programmes/{programme_id}/runs",
    response={200: list[RunOut], 403: ErrorOut, 404: ErrorOut},
    summary="The programme's matching runs, newest first (programme team)",
)
def run_list(request: HttpRequest, programme_id: int) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.manage")
    return [_run_out(run) for run in programme.runs.order_by("-number")[:50]]


class MatchQuery(Schema):
    status: MatchStatus | None = None
    run: Id | None = Field(None, description="A run's number.")


@router.get(
    "/programmes/{programme_id}/matches",
    response={200: list[MatchOut], 403: ErrorOut, 404: ErrorOut},
    summary="Matches of the programme, best first: all for the programme team, else your own",
)
def match_list(request: HttpRequest, programme_id: int, filters: Query[MatchQuery]) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.view")
    rows = match_list_for(
        user=request.user,
        programme=programme,
        manages=can(request.user, "programme.manage", programme),
        status=filters.status or None,
        run=filters.run,
    )
    names = competency_names(m.reasons for m in rows)
    return [_match_out(m, names) for m in rows]


@router.get(
    "/matches/{match_id}",
    response={200: MatchOut, 404: ErrorOut},
    summary="One match with its score breakdown and reasons (why this match)",
)
def match_get(request: HttpRequest, match_id: int) -> Any:
    match = access_match(request.user, match_id)
    return _match_out(match, competency_names([match.reasons]))


class PinIn(Schema):
    pinned: StrictBool = True


def _managed_match(request: HttpRequest, match_id: int) -> Match:
    match = access_match(request.user, match_id)
    require(request.user, "programme.manage", match.programme)
    return match


@router.post(
    "/matches/{match_id}/pin",
    response={200: MatchOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Pin (or unpin) a staged pair: the next run keeps it",
)
def match_pin(request: HttpRequest, match_id: int, payload: PinIn) -> Any:
    match = matching.pin(
        _managed_match(request, match_id), actor=request.user, pinned=payload.pinned
    )
    return _match_out(match, competency_names([match.reasons]))


@router.post(
    "/matches/{match_id}/forbid",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Rule a staged pair out: it leaves the run and no later run proposes it",
)
def match_forbid(request: HttpRequest, match_id: int) -> Any:
    matching.forbid(_managed_match(request, match_id), actor=request.user)
    return 204, None


class SwapIn(Schema):
    other: Id = Field(..., description="The other staged match of the same run.")


@router.post(
    "/matches/{match_id}/swap",
    response={200: list[MatchOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Exchange the mentors of two staged pairs, if both new pairs pass every rule",
)
def match_swap(request: HttpRequest, match_id: int, payload: SwapIn) -> Any:
    match = _managed_match(request, match_id)
    other = match_in_programme(match.programme_id, payload.other)
    if other is None:
        raise HttpError(400, "The other pair must be a match of the same programme.")
    first, second = matching.swap(match, other, actor=request.user)
    names = competency_names([first.reasons, second.reasons])
    return [_match_out(m, names) for m in (first, second)]


class PublishOut(Schema):
    published: int


@router.post(
    "/programmes/{programme_id}/publish",
    response={200: PublishOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Publish the run in review: both sides of every pair are asked to accept",
)
def publish(request: HttpRequest, programme_id: int) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.manage")
    run = latest_staged_run(programme)
    if run is None:
        raise HttpError(409, "There is no run in review to publish.")
    return {"published": matching.publish(run, actor=request.user)}


class AnswerIn(Schema):
    accept: StrictBool
    reason: str = Field("", max_length=300, description="Why you decline (programme team only).")


@router.post(
    "/matches/{match_id}/answer",
    response={200: MatchOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept or decline a published match (each side once)",
    description="When both sides accept, the mentorship begins.",
)
def match_answer(request: HttpRequest, match_id: int, payload: AnswerIn) -> Any:
    match = access_match(request.user, match_id, "match.respond")
    match = answers.answer(match, user=request.user, accept=payload.accept, reason=payload.reason)
    match = access_match(request.user, match.pk)
    return _match_out(match, competency_names([match.reasons]))


class SuggestionOut(Schema):
    mentor: PersonOut
    score: float
    room: int
    reasons: list[ReasonOut]


@router.get(
    "/programmes/{programme_id}/suggestions",
    response={200: list[SuggestionOut], 400: ErrorOut, 404: ErrorOut},
    summary="Your best mentors with room, with reasons (mentee-choice programmes)",
)
def suggestions(request: HttpRequest, programme_id: int) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.view")
    found = suggestions_for(programme, request.user)
    out = []
    for s in found:
        reasons = reasons_json(s.pair)
        names = competency_names([reasons])
        out.append(
            {
                "mentor": {"id": s.mentor.pk, "name": s.mentor.name},
                "score": round(s.pair.score, 4),
                "room": s.room,
                "reasons": [
                    {
                        "criterion": r["criterion"],
                        "points": r["points"],
                        "text": explain.sentence(r, names),
                    }
                    for r in reasons
                ],
            }
        )
    return out


class RequestIn(Schema):
    mentor: Id
    message: str = Field("", max_length=1000)


@router.post(
    "/programmes/{programme_id}/requests",
    response={201: MatchOut, 400: ErrorOut, 404: ErrorOut},
    summary="Ask one of your suggested mentors (mentee-choice programmes)",
)
def request_mentor(request: HttpRequest, programme_id: int, payload: RequestIn) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.view")
    match = answers.request_mentor(
        programme, mentee=request.user, mentor_id=payload.mentor, message=payload.message
    )
    match = access_match(request.user, match.pk)
    return 201, _match_out(match, competency_names([match.reasons]))
