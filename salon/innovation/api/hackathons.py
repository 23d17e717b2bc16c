"""The API of hackathons: its teams (and forming one), the submissions, and the scores
(the ranking on scores normalised per judge, once announced or for the organisers)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from salon.api.schemas import ErrorOut, Id
from salon.core.permissions import require
from salon.innovation.access import access_hackathon
from salon.innovation.api import router
from salon.innovation.selectors import hackathons as selectors
from salon.innovation.services.hackathons import team_create


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
