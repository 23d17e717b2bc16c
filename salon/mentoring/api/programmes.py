"""Mentoring programmes and enrolment in the REST API (docs/mentoring.md, "Programmes and
enrolment"): the same selectors and services as the pages, the same policy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import StrictBool

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Id, omittable
from salon.communities.access import access_community
from salon.core.permissions import can
from salon.mentoring.access import access_programme_by_id
from salon.mentoring.models import (
    Enrolment,
    MatchingMode,
    Preference,
    Programme,
    ProgrammeStatus,
    Side,
    TargetAttribute,
)
from salon.mentoring.selectors.programmes import (
    enrolled_side,
    enrolment_list_for,
    programme_list_for,
    programme_stats,
)
from salon.mentoring.services import programmes

router = Router(tags=["mentoring"])


class CountsOut(Schema):
    mentees: int
    mentors: int
    capacity: int = Field(..., description="Places the enrolled mentors offer.")
    withdrawn: int


class ProgrammeOut(Schema):
    id: int
    community: str
    name: str
    description: str
    status: ProgrammeStatus
    mode: MatchingMode
    starts_on: date
    ends_on: date
    enrolment_closes_on: date | None
    reverse: bool
    reverse_topic: str
    mentee_roles: list[str]
    mentor_roles: list[str]
    default_capacity: int
    weights: dict[str, float]
    min_shared_hours: float
    allow_repeat_pairs: bool
    allow_same_unit: bool
    target_attribute: TargetAttribute
    target_share: int
    response_days: int
    session_every_days: int
    suggestions: int
    my_side: Side | None = Field(..., description="Your side if you are enrolled, else null.")
    may_enrol: bool
    counts: CountsOut | None = Field(..., description="Directors and facilitators only.")
    url: str


# What the services accept, said in the schema: roles that take part, the seven criteria
# with weights from 0 to 10, dates that durations can be added to.
ParticipantRole = Literal["director", "facilitator", "member", "mentor", "expert"]
Criterion = Literal[
    "competencies",
    "shared_hours",
    "cross_region",
    "cross_function",
    "goals",
    "industry",
    "preferences",
]
Weight = Annotated[float, Field(ge=0, le=10)]


class ProgrammeIn(Schema):
    name: str = Field(..., min_length=1, max_length=150, pattern=r"\S")
    description: str = Field("", max_length=4000)
    starts_on: BoundedDate
    ends_on: BoundedDate = Field(..., description="After starts_on.")
    enrolment_closes_on: BoundedDate | None = Field(None, description="Not after ends_on.")
    mode: MatchingMode = MatchingMode.PROGRAMME
    reverse: StrictBool = False
    reverse_topic: str = Field("", max_length=150, description="Needed when reverse is true.")
    mentee_roles: list[ParticipantRole] | None = Field(
        None, min_length=1, description="Community roles; default below."
    )
    mentor_roles: list[ParticipantRole] | None = Field(None, min_length=1)
    default_capacity: int = Field(2, ge=1, le=20)
    weights: dict[Criterion, Weight] | None = Field(
        None, description="Any of the seven criteria, 0–10; the others keep their default."
    )
    min_shared_hours: float = Field(2, ge=0, le=40, description="Rounded to one decimal.")
    allow_repeat_pairs: StrictBool = False
    allow_same_unit: StrictBool = True
    target_attribute: TargetAttribute = TargetAttribute.NONE
    target_share: int = Field(80, ge=1, le=100)
    response_days: int = Field(7, ge=1, le=60)
    session_every_days: int = Field(30, ge=7, le=120)
    suggestions: int = Field(3, ge=1, le=10)


class ProgrammePatch(Schema):
    # Only the fields sent change; none but enrolment_closes_on may be null.
    name: str = omittable(min_length=1, max_length=150, pattern=r"\S")
    description: str = omittable(max_length=4000)
    starts_on: BoundedDate = omittable()
    ends_on: BoundedDate = omittable()
    enrolment_closes_on: BoundedDate | None = None
    mode: MatchingMode = omittable()
    reverse: StrictBool = omittable()
    reverse_topic: str = omittable(max_length=150)
    mentee_roles: list[ParticipantRole] = omittable(min_length=1)
    mentor_roles: list[ParticipantRole] = omittable(min_length=1)
    default_capacity: int = omittable(ge=1, le=20)
    weights: dict[Criterion, Weight] = omittable()
    min_shared_hours: float = omittable(ge=0, le=40)
    allow_repeat_pairs: StrictBool = omittable()
    allow_same_unit: StrictBool = omittable()
    target_attribute: TargetAttribute = omittable()
    target_share: int = omittable(ge=1, le=100)
    response_days: int = omittable(ge=1, le=60)
    session_every_days: int = omittable(ge=7, le=120)
    suggestions: int = omittable(ge=1, le=10)
    status: ProgrammeStatus = omittable(
        description="One step on: draft → enrolling → matching → active → closed "
        "(mentee-choice programmes go from enrolling straight to active).",
    )


class CompetencyOut(Schema):
    id: int
    name: str


class EnrolmentOut(Schema):
    id: int
    user: int
    name: str
    side: Side
    competencies: list[CompetencyOut]
    hopes: str
    region_preference: Preference
    language_preference: Preference
    industry_preference: Preference
    function_preference: Preference
    capacity: int | None = Field(..., description="Mentors: the places they offer.")
    availability: str
    goals: list[int] | None = Field(..., description="Your own enrolment only.")
    avoid: list[int] | None = Field(..., description="Your own enrolment only.")
    withdrawn_at: datetime | None
    created_at: datetime


class EnrolmentIn(Schema):
    side: Side
    competencies: list[Id] = Field(
        ...,
        min_length=1,
        max_length=100,
        description="Competency ids: mentees 1–3 to develop, mentors at least 1 offered.",
    )
    goals: list[Id] = Field(
        default_factory=list, max_length=100, description="Mentees: your active goals."
    )
    hopes: str = Field("", max_length=2000)
    region_preference: Preference = Preference.ANY
    language_preference: Preference = Preference.ANY
    industry_preference: Preference = Preference.ANY
    function_preference: Preference = Preference.ANY
    avoid: list[Id] = Field(default_factory=list, max_length=100, description="Ids of members.")
    capacity: int | None = Field(None, ge=1, le=20, description="Mentors; null: the default.")
    availability: str = Field("", max_length=300)


def _programme_out(
    request: HttpRequest,
    programme: Programme,
    my_side: str | None,
    counts: dict[str, int] | None = None,
) -> ProgrammeOut:
    if counts is None and can(request.user, "programme.manage", programme):
        counts = programme_stats(programme=programme)
    return ProgrammeOut(
        id=programme.pk,
        community=programme.community.slug,
        name=programme.name,
        description=programme.description,
        status=ProgrammeStatus(programme.status),
        mode=MatchingMode(programme.mode),
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        enrolment_closes_on=programme.enrolment_closes_on,
        reverse=programme.reverse,
        reverse_topic=programme.reverse_topic,
        mentee_roles=list(programme.mentee_roles),
        mentor_roles=list(programme.mentor_roles),
        default_capacity=programme.default_capacity,
        weights=dict(programme.weights),
        min_shared_hours=float(programme.min_shared_hours),
        allow_repeat_pairs=programme.allow_repeat_pairs,
        allow_same_unit=programme.allow_same_unit,
        target_attribute=TargetAttribute(programme.target_attribute),
        target_share=programme.target_share,
        response_days=programme.response_days,
        session_every_days=programme.session_every_days,
        suggestions=programme.suggestions,
        my_side=Side(my_side) if my_side else None,
        may_enrol=can(request.user, "programme.enrol", programme),
        counts=CountsOut(**counts) if counts is not None else None,
        url=request.build_absolute_uri(programme.get_absolute_url()),
    )


def _listed(request: HttpRequest, programme: Programme) -> ProgrammeOut:
    """A row of the list: its counts came annotated (stewards only)."""
    counts = None
    if hasattr(programme, "mentees"):
        counts = {
            name: getattr(programme, name)
            for name in ("mentees", "mentors", "capacity", "withdrawn")
        }
    return _programme_out(request, programme, programme.my_side, counts)  # type: ignore[attr-defined]


def _my_side(request: HttpRequest, programme: Programme) -> str | None:
    return enrolled_side(user=request.user, programme=programme)


def _enrolment_out(enrolment: Enrolment, *, own: bool) -> EnrolmentOut:
    # Goals shared with a mentor and the people someone would rather avoid are theirs:
    # the programme team sees the rest, which matching and review need.
    return EnrolmentOut(
        id=enrolment.pk,
        user=enrolment.user_id,
        name=enrolment.user.display_name,
        side=Side(enrolment.side),
        competencies=[CompetencyOut(id=c.pk, name=c.name) for c in enrolment.competencies.all()],
        hopes=enrolment.hopes,
        region_preference=Preference(enrolment.region_preference),
        language_preference=Preference(enrolment.language_preference),
        industry_preference=Preference(enrolment.industry_preference),
        function_preference=Preference(enrolment.function_preference),
        capacity=enrolment.effective_capacity if enrolment.side == Side.MENTOR else None,
        availability=enrolment.availability,
        goals=[g.pk for g in enrolment.goals.all()] if own else None,
        avoid=[u.pk for u in enrolment.avoid.all()] if own else None,
        withdrawn_at=enrolment.withdrawn_at,
        created_at=enrolment.created_at,
    )


@router.get(
    "/communities/{slug}/programmes",
    response={200: list[ProgrammeOut], 403: ErrorOut, 404: ErrorOut},
    summary="Mentoring programmes of a community you can see (drafts: stewards only)",
)
@paginate(Pagination)
def programme_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug, "programme.list")
    qs = programme_list_for(user=request.user, community=community)

    def shape(programme: Programme) -> ProgrammeOut:
        programme.community = community
        return _listed(request, programme)

    return ShapedPage(qs, shape)


@router.post(
    "/communities/{slug}/programmes",
    response={201: ProgrammeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Create a mentoring programme, as a draft (directors and facilitators)",
)
def programme_create(request: HttpRequest, slug: str, payload: ProgrammeIn) -> Any:
    community = access_community(request.user, slug, "programme.create")
    fields = payload.dict()
    for name in ("mentee_roles", "mentor_roles", "weights"):
        if fields[name] is None:
            del fields[name]
    programme = programmes.programme_create(actor=request.user, community=community, **fields)
    return 201, _programme_out(request, programme, None)


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, 404: ErrorOut},
    summary="A mentoring programme",
)
def programme_detail(request: HttpRequest, programme_id: int) -> Any:
    programme = access_programme_by_id(request.user, programme_id)
    return _programme_out(request, programme, _my_side(request, programme))


@router.patch(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change a programme's settings or move its status one step (stewards)",
)
def programme_patch(request: HttpRequest, programme_id: int, payload: ProgrammePatch) -> Any:
    programme = access_programme_by_id(request.user, programme_id, "programme.manage")
    changes = payload.dict(exclude_unset=True)
    status = changes.pop("status", None)
    if "weights" in changes and changes["weights"] is not None:
        changes["weights"] = {**programme.weights, **changes["weights"]}
    with transaction.atomic():  # a refused status step leaves the settings unchanged too
        if changes:
            programmes.programme_update(actor=request.user, programme=programme, **changes)
        if status is not None and status != programme.status:
            programmes.programme_set_status(actor=request.user, programme=programme, status=status)
    return _programme_out(request, programme, _my_side(request, programme))


@router.get(
    "/programmes/{programme_id}/enrolments",
    response={200: list[EnrolmentOut], 404: ErrorOut},
    summary="Who enrolled (stewards: everyone; anyone else: their own enrolment)",
)
@paginate(Pagination)
def enrolment_list(request: HttpRequest, programme_id: int) -> Any:
    programme = access_programme_by_id(request.user, programme_id)
    user_id: Any = request.user.pk
    qs = enrolment_list_for(
        user=request.user,
        programme=programme,
        manages=can(request.user, "programme.manage", programme),
    )
    return ShapedPage(qs, lambda e: _enrolment_out(e, own=e.user_id == user_id))


@router.put(
    "/programmes/{programme_id}/enrolment",
    response={200: EnrolmentOut, 201: EnrolmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Enrol, or change your enrolment, while enrolment is open",
    description="201 when you enrol, 200 when you change your enrolment or enrol again.",
)
def enrolment_put(request: HttpRequest, programme_id: int, payload: EnrolmentIn) -> Any:
    programme = access_programme_by_id(request.user, programme_id)
    enrolment, created = programmes.enrolment_save(
        actor=request.user, programme=programme, **payload.dict()
    )
    return (201 if created else 200), _enrolment_out(enrolment, own=True)


@router.delete(
    "/programmes/{programme_id}/enrolment",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw from a programme while enrolment is open",
)
def enrolment_delete(request: HttpRequest, programme_id: int) -> Any:
    programme = access_programme_by_id(request.user, programme_id)
    programmes.enrolment_withdraw(actor=request.user, programme=programme)
    return 204, None
