"""The API of hackathons: its teams (and forming one), the submissions (and a team's own,
until the deadline), and the scores (a judge scoring a team; the ranking on scores
normalised per judge, once announced or for the organisers). The same services and rules
as the pages."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from salon.api.schemas import ErrorOut, Id
from salon.core.permissions import require
from salon.core.safe_urls import SafeURL
from salon.innovation.access import access_hackathon, access_team
from salon.innovation.api import router
from salon.innovation.selectors import hackathons as selectors
from salon.innovation.services.hackathons import (
    SubmissionText,
    submission_save,
    team_create,
    team_score,
)


class TeamOut(Schema):
    id: int
    name: str
    idea: int | None
    captain: str | None
    members: list[str]
    submitted: bool


class TeamIn(Schema):
    name: str = Field(..., min_length=1, max_length=80)
    idea: Id | None = Field(None, description="Id of an idea of the hackathon's challenge.")


class SubmissionOut(Schema):
    team: int
    team_name: str
    pitch: str
    repository_url: str
    demo_url: str
    video_url: str


class SubmissionIn(Schema):
    pitch: str = Field(..., min_length=1, max_length=10000, description="What you built, for whom.")
    repository_url: SafeURL = Field("", max_length=500)
    demo_url: SafeURL = Field("", max_length=500)
    video_url: SafeURL = Field("", max_length=500)


class TeamScoreIn(Schema):
    team: Id = Field(..., description="Id of a submitted team you have no conflict with.")
    scores: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(
        ..., description="1 to 5 for every line of the hackathon's rubric, by its name."
    )
    comment: str = Field("", max_length=4000, description="For the team.")


class TeamScoreOut(Schema):
    team: int
    total: float = Field(..., description="The weighted total (1 to 5) of your scores.")
    scores: dict[str, int]
    comment: str


class StandingOut(Schema):
    rank: int
    team: int
    team_name: str
    normalised: float = Field(..., description="Mean z-score over the team's judges.")
    raw: float = Field(..., description="Mean weighted total (1 to 5) over its judges.")
    judges: int


class ScoresOut(Schema):
    published: bool
    standings: list[StandingOut]


def _team_out(team: Any) -> TeamOut:
    members = list(team.memberships.all())
    return TeamOut(
        id=team.pk,
        name=team.name,
        idea=team.idea_id,
        captain=team.captain.display_name if team.captain is not None else None,
        members=[m.user.display_name for m in members],
        submitted=selectors.has_submission(team),
    )


@router.get(
    "/hackathons/{hackathon_id}/teams",
    response={200: list[TeamOut], 404: ErrorOut},
    summary="A hackathon's teams",
)
def hackathon_teams(request: HttpRequest, hackathon_id: int) -> Any:
    hackathon = access_hackathon(request.user, hackathon_id)
    page = selectors.hackathon_page(user=request.user, hackathon=hackathon)
    return [_team_out(t) for t in page.teams]


@router.post(
    "/hackathons/{hackathon_id}/teams",
    response={201: TeamOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Form a team (you become its captain)",
)
def hackathon_team_new(request: HttpRequest, hackathon_id: int, payload: TeamIn) -> Any:
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.team.create")
    ideas = {i.pk: i for i in selectors.team_ideas(hackathon=hackathon)}
    idea = None
    if payload.idea is not None:
        idea = ideas.get(payload.idea)
        if idea is None:
            raise ValidationError(_("Choose one of the challenge's ideas."), code="idea")
    team = team_create(actor=request.user, hackathon=hackathon, name=payload.name, idea=idea)
    return 201, _team_out(selectors.team_with_members(team=team))


@router.get(
    "/hackathons/{hackathon_id}/submissions",
    response={200: list[SubmissionOut], 404: ErrorOut},
    summary="The teams' submissions",
)
def hackathon_submissions(request: HttpRequest, hackathon_id: int) -> Any:
    hackathon = access_hackathon(request.user, hackathon_id)
    page = selectors.hackathon_page(user=request.user, hackathon=hackathon)
    return [
        SubmissionOut(
            team=t.pk,
            team_name=t.name,
            pitch=t.submission.pitch,
            repository_url=t.submission.repository_url,
            demo_url=t.submission.demo_url,
            video_url=t.submission.video_url,
        )
        for t in page.teams
        if selectors.has_submission(t)
    ]


@router.post(
    "/hackathons/{hackathon_id}/submissions",
    response={200: SubmissionOut, 201: SubmissionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Submit or change your team's work (until the deadline; 201 the first time)",
)
def hackathon_submit(request: HttpRequest, hackathon_id: int, payload: SubmissionIn) -> Any:
    hackathon = access_hackathon(request.user, hackathon_id)
    team = selectors.team_of(user=request.user, hackathon=hackathon)
    if team is None:
        raise PermissionDenied(_("You are in no team of this hackathon."))
    had = selectors.has_submission(team)
    saved = submission_save(
        actor=request.user,
        team=team,
        text=SubmissionText(
            pitch=payload.pitch,
            repository_url=payload.repository_url,
            demo_url=payload.demo_url,
            video_url=payload.video_url,
        ),
    )
    out = SubmissionOut(
        team=team.pk,
        team_name=team.name,
        pitch=saved.pitch,
        repository_url=saved.repository_url,
        demo_url=saved.demo_url,
        video_url=saved.video_url,
    )
    return (200 if had else 201), out


@router.post(
    "/hackathons/{hackathon_id}/scores",
    response={200: TeamScoreOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Score a team on the rubric (judges, while judging is open, no conflicted team)",
)
def hackathon_score(request: HttpRequest, hackathon_id: int, payload: TeamScoreIn) -> Any:
    hackathon = access_hackathon(request.user, hackathon_id)
    team = access_team(request.user, payload.team)
    if team.hackathon_id != hackathon.pk:
        raise ValidationError(_("That team is not in this hackathon."), code="team")
    require(request.user, "hackathon.judge", team)
    by_name = {c.name: c.pk for c in selectors.criteria_of(hackathon=hackathon)}
    unknown = sorted(set(payload.scores) - set(by_name))
    if unknown:
        raise ValidationError(_("No such criterion: %(names)s.") % {"names": ", ".join(unknown)})
    values = {by_name[name]: value for name, value in payload.scores.items()}
    card = team_score(actor=request.user, team=team, values=values, comment=payload.comment)
    return TeamScoreOut(
        team=team.pk,
        total=round(card.total, 4),
        scores=dict(payload.scores),
        comment=card.comment,
    )


@router.get(
    "/hackathons/{hackathon_id}/scores",
    response={200: ScoresOut, 403: ErrorOut, 404: ErrorOut},
    summary="The ranking on scores normalised per judge (announced, or for organisers)",
)
def hackathon_scores(request: HttpRequest, hackathon_id: int) -> Any:
    hackathon = access_hackathon(request.user, hackathon_id)
    require(request.user, "hackathon.results", hackathon)
    results = selectors.results_for(hackathon=hackathon)
    return ScoresOut(
        published=hackathon.results_published_at is not None,
        standings=[
            StandingOut(
                rank=s.rank,
                team=team.pk,
                team_name=team.name,
                normalised=round(s.normalised, 4),
                raw=round(s.raw, 4),
                judges=s.judges,
            )
            for s, team, _raw_place in results.rows
        ],
    )
