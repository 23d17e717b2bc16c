"""Objectives, key results and personal goals in the REST API (docs/goals.md, "API")."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.accounts.models import User
from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Id
from salon.communities.access import access_community
from salon.communities.models import Circle
from salon.goals import selectors
from salon.goals.access import access_goal, access_key_result
from salon.goals.models import (
    Cadence,
    CheckIn,
    Competency,
    Goal,
    GoalStatus,
    GoalVisibility,
    KeyResult,
    KeyResultKind,
    Objective,
)

# Modules, not names: several endpoints are named after the service they call.
from salon.goals.services import goals as goal_services
from salon.goals.services import objectives as objective_services

router = Router(tags=["goals"])


# Objectives and key results ----------------------------------------------------------------


class KeyResultOut(Schema):
    id: int
    title: str
    kind: KeyResultKind
    unit: str
    currency: str
    baseline: float
    target: float
    current: float
    due: date | None
    confidence: int | None = Field(..., description="1–10, or null before anyone rated it.")
    progress: float = Field(..., description="From 0 to 1.")
    version: int = Field(..., description="Send it back with an update (PATCH).")
    updated_at: datetime


class ObjectiveOut(Schema):
    id: int
    title: str
    why: str
    period: str
    starts_on: date
    ends_on: date
    circle: str | None
    owner: int | None
    owner_name: str | None
    archived: bool
    progress: float | None = Field(..., description="Mean of the key results' (0–1).")
    key_results: list[KeyResultOut]
    url: str


class KeyResultIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: KeyResultKind = KeyResultKind.NUMBER
    baseline: Decimal = Field(Decimal(0), max_digits=16, decimal_places=2)
    target: Decimal | None = Field(
        None, max_digits=16, decimal_places=2, description="Not needed for kind 'done'."
    )
    unit: str = Field("", max_length=30)
    currency: str = Field("", max_length=3, description="ISO code for kind 'currency'.")
    due: BoundedDate | None = None


class ObjectiveIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    why: str = Field("", max_length=4000)
    period: str = Field(..., min_length=1, max_length=60, description="e.g. '2026 Q3'.")
    starts_on: BoundedDate
    ends_on: BoundedDate
    circle: str | None = Field(None, description="Slug of a circle; empty for the community.")
    owner: Id | None = Field(None, description="A member's id; you by default.")
    key_results: list[KeyResultIn] = Field(default_factory=list, max_length=10)


class KeyResultPatch(Schema):
    version: Id = Field(..., description="The version you read: a newer one is a 409.")
    current: Decimal | None = Field(
        None, max_digits=16, decimal_places=2, description="The new value."
    )
    confidence: int | None = Field(None, ge=1, le=10)
    comment: str = Field("", max_length=500)
    # The definition (directors and facilitators): only the fields sent are changed.
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: KeyResultKind | None = None
    baseline: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    target: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    unit: str | None = Field(None, max_length=30)
    currency: str | None = Field(None, max_length=3)
    due: BoundedDate | None = Field(None, description="null clears the due date.")


class ObjectiveQuery(Schema):
    archived: bool = False


def _key_result_out(kr: KeyResult) -> KeyResultOut:
    return KeyResultOut(
        id=kr.pk,
        title=kr.title,
        kind=KeyResultKind(kr.kind),
        unit=kr.unit,
        currency=kr.currency,
        baseline=float(kr.baseline),
        target=float(kr.target),
        current=float(kr.current),
        due=kr.due,
        confidence=kr.confidence,
        progress=round(kr.progress, 4),
        version=kr.version,
        updated_at=kr.updated_at,
    )


def _objective_out(request: HttpRequest, objective: Objective) -> ObjectiveOut:
    selectors.with_progress(objective)
    progress = objective.progress  # type: ignore[attr-defined]
    return ObjectiveOut(
        id=objective.pk,
        title=objective.title,
        why=objective.why,
        period=objective.period,
        starts_on=objective.starts_on,
        ends_on=objective.ends_on,
        circle=objective.circle.slug if objective.circle else None,
        owner=objective.owner_id,
        owner_name=objective.owner.display_name if objective.owner else None,
        archived=objective.is_archived,
        progress=round(progress, 4) if progress is not None else None,
        key_results=[_key_result_out(kr) for kr in objective.krs],  # type: ignore[attr-defined]
        url=request.build_absolute_uri(objective.get_absolute_url()),
    )


@router.get(
    "/communities/{slug}/objectives",
    response={200: list[ObjectiveOut], 403: ErrorOut, 404: ErrorOut},
    summary="Shared objectives of a community that you can see, with their key results",
)
@paginate(Pagination)
def objective_list(request: HttpRequest, slug: str, filters: Query[ObjectiveQuery]) -> Any:
    community = access_community(request.user, slug, "objective.list")
    key_results = KeyResult.objects.order_by("position", "pk")
    qs = (
        selectors.visible_objectives(user=request.user, community=community)
        .filter(archived_at__isnull=not filters.archived)
        .select_related("community", "owner", "circle")
        .prefetch_related(Prefetch("key_results", queryset=key_results, to_attr="krs"))
        .order_by("-starts_on", "title", "pk")
    )
    return ShapedPage(qs, lambda objective: _objective_out(request, objective))


@router.post(
    "/communities/{slug}/objectives",
    response={201: ObjectiveOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Set an objective with its key results (directors and facilitators)",
)
def objective_create(request: HttpRequest, slug: str, payload: ObjectiveIn) -> Any:
    community = access_community(request.user, slug, "objective.manage")
    circle = None
    if payload.circle:
        circle = Circle.objects.filter(community=community, slug=payload.circle).first()
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    owner = None
    if payload.owner is not None:
        owner = User.objects.filter(pk=payload.owner, is_active=True).first()
        if owner is None:
            raise HttpError(400, "The owner must be a member of the community.")
    objective = objective_services.objective_create(
        actor=request.user,
        community=community,
        title=payload.title,
        why=payload.why,
        period=payload.period,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        circle=circle,
        owner=owner,
        key_results=[
            objective_services.KeyResultPlan(
                title=kr.title,
                kind=kr.kind,
                baseline=kr.baseline,
                target=kr.target,
                unit=kr.unit,
                currency=kr.currency,
                due=kr.due,
            )
            for kr in payload.key_results
        ],
    )
    objective.krs = list(objective.key_results.order_by("position", "pk"))  # type: ignore[attr-defined]
    return 201, _objective_out(request, objective)


@router.patch(
    "/key-results/{key_result_id}",
    response={200: KeyResultOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Record a key result's new value, or change what it measures (kept in history)",
    description=(
        "Send the `version` you read, and `current` (with `confidence` and `comment`) to "
        "record a value: the objective's owner, directors and facilitators. Directors and "
        "facilitators may also send any of `title`, `kind`, `baseline`, `target`, `unit`, "
        "`currency` and `due` to change the definition; only the fields sent change. If "
        "someone changed the key result since your `version`, nothing is written and the "
        'answer is 409 with `{"detail": …}` naming the current value.'
    ),
)
def key_result_patch(request: HttpRequest, key_result_id: int, payload: KeyResultPatch) -> Any:
    definition = {
        name: getattr(payload, name)
        for name in objective_services.DEFINITION_FIELDS
        if name in payload.model_fields_set
    }
    action = "keyresult.edit" if definition else "keyresult.update"
    key_result = access_key_result(request.user, key_result_id, action)
    if not definition and payload.current is None:
        raise HttpError(400, "Send a new `current` value, or the definition fields to change.")
    version = payload.version
    # Both at once, or neither: a refused value undoes the definition change.
    with transaction.atomic():
        if definition:
            key_result = objective_services.key_result_edit(
                actor=request.user,
                key_result=key_result,
                expected_version=version,
                **definition,
            )
            version = key_result.version
        if payload.current is not None:
            key_result = objective_services.key_result_record(
                actor=request.user,
                key_result=key_result,
                value=payload.current,
                expected_version=version,
                confidence=payload.confidence,
                comment=payload.comment,
            )
    return _key_result_out(key_result)


# Personal goals ---------------------------------------------------------------------------


class BehaviourOut(Schema):
    id: int
    text: str


class LevelOut(Schema):
    rank: int = Field(..., description="1 is the first level; higher is further.")
    name: str
    description: str


class CompetencyOut(Schema):
    id: int
    name: str
    definition: str
    behaviours: list[BehaviourOut] = Field(..., description="Observable behaviours, in order.")
    levels: list[LevelOut] = Field(..., description="Proficiency levels, first to highest.")
    retired: bool


class FrameworkOut(Schema):
    version: int = Field(..., description="Goes up by one with every change to the framework.")
    changed_at: datetime | None
    competencies: list[CompetencyOut]


def _competency_out(competency: Competency) -> CompetencyOut:
    """From a competency whose behaviours and levels were prefetched (``framework_for``,
    or ``COMPETENCY_PREFETCH`` on goals)."""
    behaviours = getattr(competency, "active_behaviours", None)
    if behaviours is None:
        behaviours = [b for b in competency.behaviours.all() if b.retired_at is None]
    return CompetencyOut(
        id=competency.pk,
        name=competency.name,
        definition=competency.description,
        behaviours=[BehaviourOut(id=b.pk, text=b.text) for b in behaviours],
        levels=[
            LevelOut(rank=lv.rank, name=lv.name, description=lv.description)
            for lv in competency.levels.all()
        ],
        retired=competency.retired_at is not None,
    )


COMPETENCY_PREFETCH = ("competency__behaviours", "competency__levels")


@router.get(
    "/communities/{slug}/competencies",
    response={200: FrameworkOut, 403: ErrorOut, 404: ErrorOut},
    summary="The community's competency framework: definitions, behaviours and levels",
)
def competency_framework(request: HttpRequest, slug: str) -> FrameworkOut:
    community = access_community(request.user, slug, "objective.list")
    framework = selectors.framework_for(community)
    return FrameworkOut(
        version=framework.number,
        changed_at=framework.version.changed_at if framework.version else None,
        competencies=[_competency_out(c) for c in framework.competencies],
    )


class MilestoneOut(Schema):
    id: int
    title: str
    due: date | None
    done: bool


class GoalOut(Schema):
    id: int
    title: str
    success_looks_like: str
    community: str
    competency: CompetencyOut
    objective: int | None
    visibility: GoalVisibility
    circle: str | None
    cadence: Cadence
    status: GoalStatus
    progress: int = Field(..., description="From the latest check-in, 0–100.")
    confidence: int | None
    next_check_in_due: date
    partner: int | None
    milestones: list[MilestoneOut]
    url: str


class MilestoneIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    due: BoundedDate | None = None


class GoalIn(Schema):
    community: str = Field(..., description="Slug of one of your communities.")
    competency: Id = Field(..., description="Id of a competency of its framework.")
    objective: Id | None = Field(None, description="Id of a shared objective you can see.")
    title: str = Field(..., min_length=1, max_length=200)
    success_looks_like: str = Field(..., min_length=1, max_length=2000)
    visibility: GoalVisibility = GoalVisibility.CIRCLE
    circle: str | None = Field(None, description="Slug of your circle, for visibility 'circle'.")
    cadence: Cadence = Cadence.BIWEEKLY
    partner: Id | None = Field(None, description="Accountability partner: a member's id.")
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=12)


class GoalQuery(Schema):
    status: GoalStatus | None = None


class CheckInIn(Schema):
    progress: int = Field(..., ge=0, le=100)
    confidence: int = Field(..., ge=1, le=10)
    helped: str = Field("", max_length=2000)
    blocked: str = Field("", max_length=2000)
    next_step: str = Field("", max_length=2000)


class CheckInOut(Schema):
    id: int
    at: datetime
    progress: int
    confidence: int
    helped: str
    blocked: str
    next_step: str
    next_check_in_due: date


def _goal_out(request: HttpRequest, goal: Goal) -> GoalOut:
    return GoalOut(
        id=goal.pk,
        title=goal.title,
        success_looks_like=goal.success_looks_like,
        community=goal.community.slug,
        competency=_competency_out(goal.competency),
        objective=goal.objective_id,
        visibility=GoalVisibility(goal.visibility),
        circle=goal.circle.slug if goal.circle else None,
        cadence=Cadence(goal.cadence),
        status=GoalStatus(goal.status),
        progress=goal.progress,
        confidence=goal.confidence,
        next_check_in_due=goal.next_check_in_due,
        partner=goal.partner_id,
        milestones=[
            MilestoneOut(id=m.pk, title=m.title, due=m.due, done=m.done_at is not None)
            for m in goal.milestones.all()
        ],
        url=request.build_absolute_uri(goal.get_absolute_url()),
    )


@router.get(
    "/me/goals",
    response={200: list[GoalOut]},
    summary="Your own goals, in every community",
)
@paginate(Pagination)
def my_goals(request: HttpRequest, filters: Query[GoalQuery]) -> Any:
    qs = (
        Goal.objects.filter(owner_id=request.user.pk)
        .select_related("community", "competency", "circle")
        .prefetch_related("milestones", *COMPETENCY_PREFETCH)
        .order_by("status", "next_check_in_due", "-pk")
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    return ShapedPage(qs, lambda goal: _goal_out(request, goal))


@router.post(
    "/me/goals",
    response={201: GoalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Set a personal goal",
)
def goal_create(request: HttpRequest, payload: GoalIn) -> Any:
    community = access_community(request.user, payload.community, "goal.create")
    competency = Competency.objects.filter(pk=payload.competency, community=community).first()
    if competency is None:
        raise HttpError(400, "Choose a competency of this community's framework.")
    objective = None
    if payload.objective is not None:
        objective = Objective.objects.filter(pk=payload.objective, community=community).first()
        if objective is None:
            raise HttpError(400, "Choose one of the community's current objectives.")
    circle = None
    if payload.circle:
        circle = Circle.objects.filter(community=community, slug=payload.circle).first()
        if circle is None:
            raise HttpError(400, "You can share a goal only with a circle you are in.")
    partner = None
    if payload.partner is not None:
        partner = User.objects.filter(pk=payload.partner).first()
        if partner is None:
            raise HttpError(400, "Your accountability partner must be in the community.")
    goal = goal_services.goal_create(
        owner=request.user,
        community=community,
        competency=competency,
        objective=objective,
        title=payload.title,
        success_looks_like=payload.success_looks_like,
        visibility=payload.visibility,
        circle=circle,
        cadence=payload.cadence,
        partner=partner,
        milestones=[
            goal_services.MilestonePlan(title=m.title, due=m.due) for m in payload.milestones
        ],
    )
    return 201, _goal_out(request, goal)


@router.get(
    "/goals/{goal_id}",
    response={200: GoalOut, 404: ErrorOut},
    summary="A goal you may see (yours, or one shared with you)",
)
def goal_detail(request: HttpRequest, goal_id: int) -> GoalOut:
    return _goal_out(request, access_goal(request.user, goal_id))


@router.post(
    "/goals/{goal_id}/check-ins",
    response={201: CheckInOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Check in on your goal: progress, confidence, what helped and blocked, next step",
)
def check_in_create(request: HttpRequest, goal_id: int, payload: CheckInIn) -> Any:
    goal = access_goal(request.user, goal_id, "goal.check_in")
    check_in: CheckIn = goal_services.check_in_create(
        actor=request.user,
        goal=goal,
        progress=payload.progress,
        confidence=payload.confidence,
        helped=payload.helped,
        blocked=payload.blocked,
        next_step=payload.next_step,
    )
    return 201, CheckInOut(
        id=check_in.pk,
        at=check_in.at,
        progress=check_in.progress,
        confidence=check_in.confidence,
        helped=check_in.helped,
        blocked=check_in.blocked,
        next_step=check_in.next_step,
        next_check_in_due=goal.next_check_in_due,
    )
