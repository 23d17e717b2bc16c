"""The innovation lab's API: challenges of a community, ideas of a challenge (each with its
``stage``), one idea, its votes and its stage (history, and moves through a gate)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Slug, omittable
from salon.communities.access import access_community
from salon.innovation import selectors
from salon.innovation.access import access_challenge, access_idea
from salon.innovation.models import Challenge, Idea, Voting
from salon.innovation.services.challenges import ChallengePlan, challenge_create
from salon.innovation.services.evaluation import idea_score
from salon.innovation.services.ideas import IdeaText, idea_submit, idea_update
from salon.innovation.services.pipeline import idea_move
from salon.innovation.services.votes import idea_vote

router = Router(tags=["innovation"])


class ChallengeOut(Schema):
    id: int
    title: str
    problem: str
    community: str
    circle: str | None
    sponsor: str | None
    phase: str
    opens_on: date
    submit_until: date
    refine_until: date
    evaluate_until: date
    decide_until: date
    voting: str
    vote_budget: int | None
    hide_totals: bool
    business_areas: list[str]
    ideas: int | None
    url: str


class ChallengeIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    problem: str = Field(..., min_length=1, max_length=20000)
    circle: Slug | None = Field(None, description="Slug of a circle of the community.")
    opens_on: BoundedDate
    submit_until: BoundedDate
    refine_until: BoundedDate
    evaluate_until: BoundedDate
    decide_until: BoundedDate
    voting: Voting = Voting.SUPPORT
    vote_budget: int = Field(10, ge=1, le=100)
    hide_totals: bool = False
    business_areas: list[str] = Field(default_factory=list, max_length=8)


class IdeaOut(Schema):
    id: int
    challenge: int
    title: str
    problem: str
    proposal: str
    impact: str
    stage: str = Field(..., description="Key of the stage it is at (idea, shortlisted, …).")
    stage_name: str
    stage_entered_at: datetime
    votes: int | None = Field(..., description="Null while the challenge hides totals.")
    created_at: datetime
    url: str


class IdeaIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    problem: str = Field(..., min_length=1, max_length=10000)
    proposal: str = Field(..., min_length=1, max_length=20000)
    impact: str = Field("", max_length=5000)


class IdeaPatch(Schema):
    title: str = omittable(min_length=1, max_length=200)
    problem: str = omittable(min_length=1, max_length=10000)
    proposal: str = omittable(min_length=1, max_length=20000)
    impact: str = omittable(max_length=5000)


class VotesIn(Schema):
    votes: int = Field(
        ..., ge=0, le=100, description="Your votes on this idea (0 takes them back)."
    )


class VotesOut(Schema):
    idea: int
    total: int | None = Field(..., description="Null while the challenge hides totals.")
    mine: int
    left: int | None = Field(..., description="Votes left of your budget; null for support.")


class MoveIn(Schema):
    stage: str = Field(..., min_length=1, max_length=40, description="Key of the stage.")
    note: str = Field(..., min_length=1, max_length=4000)


class MoveOut(Schema):
    from_stage: str | None
    to_stage: str
    decided_by: str | None
    decided_as: str
    note: str
    moved_at: datetime
    days_in_stage: float | None


class StageOut(Schema):
    idea: int
    stage: str
    stage_name: str
    history: list[MoveOut]


def _challenge_out(request: HttpRequest, c: Challenge) -> ChallengeOut:
    return ChallengeOut(
        id=c.pk,
        title=c.title,
        problem=c.problem,
        community=c.community.slug,
        circle=c.circle.slug if c.circle is not None else None,
        sponsor=c.sponsor.display_name if c.sponsor is not None else None,
        phase=c.phase,
        opens_on=c.opens_on,
        submit_until=c.submit_until,
        refine_until=c.refine_until,
        evaluate_until=c.evaluate_until,
        decide_until=c.decide_until,
        voting=c.voting,
        vote_budget=c.vote_budget if c.uses_budget else None,
        hide_totals=c.hide_totals,
        business_areas=list(c.business_areas),
        ideas=getattr(c, "idea_count", None),
        url=request.build_absolute_uri(c.get_absolute_url()),
    )


def _idea_out(request: HttpRequest, idea: Idea) -> IdeaOut:
    return IdeaOut(
        id=idea.pk,
        challenge=idea.challenge_id,
        title=idea.title,
        problem=idea.problem,
        proposal=idea.proposal,
        impact=idea.impact,
        stage=idea.stage.key,
        stage_name=idea.stage.name,
        stage_entered_at=idea.stage_entered_at,
        votes=idea.vote_total if idea.challenge.totals_shown else None,
        created_at=idea.created_at,
        url=request.build_absolute_uri(idea.get_absolute_url()),
    )


@router.get(
    "/communities/{slug}/challenges",
    response={200: list[ChallengeOut], 403: ErrorOut, 404: ErrorOut},
    summary="Challenges of a community that you can see",
)
@paginate(Pagination)
def community_challenges(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug, "challenge.list")
    challenges = selectors.challenge_list_for(user=request.user, community=community)
    for challenge in challenges:
        challenge.community = community
    return [_challenge_out(request, c) for c in challenges]


@router.post(
    "/communities/{slug}/challenges",
    response={201: ChallengeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Open a challenge (directors and facilitators)",
)
def challenge_new(request: HttpRequest, slug: str, payload: ChallengeIn) -> Any:
    community = access_community(request.user, slug, "challenge.create")
    plan = ChallengePlan(
        title=payload.title,
        problem=payload.problem,
        opens_on=payload.opens_on,
        submit_until=payload.submit_until,
        refine_until=payload.refine_until,
        evaluate_until=payload.evaluate_until,
        decide_until=payload.decide_until,
        circle=selectors.circle_by_slug(community=community, slug=payload.circle),
        voting=payload.voting,
        vote_budget=payload.vote_budget,
        hide_totals=payload.hide_totals,
        business_areas=payload.business_areas,
    )
    challenge = challenge_create(actor=request.user, community=community, plan=plan)
    return 201, _challenge_out(request, challenge)


@router.get(
    "/challenges/{challenge_id}/ideas",
    response={200: list[IdeaOut], 404: ErrorOut},
    summary="Ideas of a challenge, each with its stage",
)
@paginate(Pagination)
def challenge_ideas(request: HttpRequest, challenge_id: int) -> Any:
    challenge = access_challenge(request.user, challenge_id)
    qs = selectors.challenge_ideas(user=request.user, challenge=challenge)

    def shape(idea: Idea) -> IdeaOut:
        idea.challenge = challenge
        return _idea_out(request, idea)

    return ShapedPage(qs, shape)


@router.post(
    "/challenges/{challenge_id}/ideas",
    response={201: IdeaOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Submit an idea to a challenge",
)
def idea_new(request: HttpRequest, challenge_id: int, payload: IdeaIn) -> Any:
    challenge = access_challenge(request.user, challenge_id, "idea.submit")
    idea = idea_submit(actor=request.user, challenge=challenge, text=IdeaText(**payload.dict()))
    return 201, _idea_out(request, idea)


@router.get("/ideas/{idea_id}", response={200: IdeaOut, 404: ErrorOut}, summary="One idea")
def idea_detail(request: HttpRequest, idea_id: int) -> IdeaOut:
    return _idea_out(request, access_idea(request.user, idea_id))


@router.patch(
    "/ideas/{idea_id}",
    response={200: IdeaOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change an idea's text (its authors, and directors and facilitators)",
)
def idea_patch(request: HttpRequest, idea_id: int, payload: IdeaPatch) -> IdeaOut:
    idea = access_idea(request.user, idea_id, "idea.edit")
    text = {f: getattr(idea, f) for f in ("title", "problem", "proposal", "impact")}
    text.update(payload.dict(exclude_unset=True))
    idea = idea_update(actor=request.user, idea=idea, text=IdeaText(**text))
    return _idea_out(request, idea)


def _votes_out(request: HttpRequest, idea_id: int) -> VotesOut:
    idea = selectors.idea_for_voting(user=request.user, idea_id=idea_id)
    challenge = idea.challenge
    return VotesOut(
        idea=idea.pk,
        total=idea.vote_total if challenge.totals_shown else None,
        mine=idea.my_votes,  # type: ignore[attr-defined]
        left=selectors.votes_left(user=request.user, challenge=challenge),
    )


@router.get(
    "/ideas/{idea_id}/votes",
    response={200: VotesOut, 404: ErrorOut},
    summary="An idea's votes: the total (unless hidden), yours, and your budget left",
)
def votes_detail(request: HttpRequest, idea_id: int) -> VotesOut:
    access_idea(request.user, idea_id)
    return _votes_out(request, idea_id)


@router.post(
    "/ideas/{idea_id}/votes",
    response={200: VotesOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Set your votes on an idea (never your own; never beyond your budget)",
)
def votes_set(request: HttpRequest, idea_id: int, payload: VotesIn) -> VotesOut:
    idea = access_idea(request.user, idea_id, "idea.vote")
    idea_vote(actor=request.user, idea=idea, votes=payload.votes)
    return _votes_out(request, idea_id)


def _stage_out(idea: Idea) -> StageOut:
    history = selectors.idea_history(idea=idea)
    return StageOut(
        idea=idea.pk,
        stage=idea.stage.key,
        stage_name=idea.stage.name,
        history=[
            MoveOut(
                from_stage=m.from_stage.key if m.from_stage else None,
                to_stage=m.to_stage.key,
                decided_by=m.decided_by.display_name if m.decided_by else None,
                decided_as=m.decided_as,
                note=m.note,
                moved_at=m.moved_at,
                days_in_stage=m.days_in_stage,
            )
            for m in history
        ],
    )


@router.get(
    "/ideas/{idea_id}/stage",
    response={200: StageOut, 404: ErrorOut},
    summary="An idea's stage and its history through the gates",
)
def stage_detail(request: HttpRequest, idea_id: int) -> StageOut:
    return _stage_out(access_idea(request.user, idea_id))


@router.post(
    "/ideas/{idea_id}/stage",
    response={200: StageOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Move an idea through a gate to another stage, with a note for its authors",
)
def stage_move(request: HttpRequest, idea_id: int, payload: MoveIn) -> StageOut:
    idea = access_idea(request.user, idea_id, "idea.move")
    stage = selectors.stage_by_key(community=idea.community, key=payload.stage)
    idea_move(actor=request.user, idea=idea, stage=stage, note=payload.note)
    return _stage_out(idea)


class ScoreIn(Schema):
    scores: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(
        ..., description="1 to 5 for each criterion of the challenge's scorecard, by name."
    )
    comment: str = Field("", max_length=4000)


class ScorecardOut(Schema):
    expert: str
    total: float
    scores: dict[str, int]
    comment: str


class ScoresOut(Schema):
    idea: int
    criteria: dict[str, int] = Field(..., description="The scorecard: criterion → weight.")
    scorecards: list[ScorecardOut] = Field(
        ..., description="Every expert's, for stewards and the sponsor; otherwise your own."
    )


def _scores_out(request: HttpRequest, idea: Idea) -> ScoresOut:
    criteria = selectors.criteria_list(idea.challenge)
    names = {c.pk: c.name for c in criteria}
    cards = selectors.scorecards_for(user=request.user, idea=idea)
    return ScoresOut(
        idea=idea.pk,
        criteria={c.name: c.weight for c in criteria},
        scorecards=[
            ScorecardOut(
                expert=card.expert.display_name,
                total=round(card.total, 2),
                scores={names[s.criterion_id]: s.value for s in card.scores.all()},
                comment=card.comment,
            )
            for card in cards
        ],
    )


@router.get(
    "/ideas/{idea_id}/scores",
    response={200: ScoresOut, 404: ErrorOut},
    summary="An idea's expert scorecards (all of them for stewards and the sponsor)",
)
def scores_detail(request: HttpRequest, idea_id: int) -> ScoresOut:
    return _scores_out(request, access_idea(request.user, idea_id))


@router.post(
    "/ideas/{idea_id}/scores",
    response={200: ScoresOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Score an idea on its challenge's scorecard (experts; never an idea of yours)",
)
def scores_set(request: HttpRequest, idea_id: int, payload: ScoreIn) -> ScoresOut:
    idea = access_idea(request.user, idea_id, "idea.score")
    by_name = {c.name: c.pk for c in selectors.criteria_list(idea.challenge)}
    unknown = sorted(set(payload.scores) - set(by_name))
    if unknown:
        raise ValidationError(_("No such criterion: %(names)s.") % {"names": ", ".join(unknown)})
    values = {by_name[name]: value for name, value in payload.scores.items()}
    idea_score(actor=request.user, idea=idea, values=values, comment=payload.comment)
    return _scores_out(request, idea)


from salon.innovation.api import boards as _boards  # noqa: E402, F401  (adds its routes)
from salon.innovation.api import hackathons as _hackathons  # noqa: E402, F401
