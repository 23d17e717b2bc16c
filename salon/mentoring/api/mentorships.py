"""Mentorships in the REST API: your mentorships, one shared space, its agreement,
sessions and action items, and ending early (docs/mentoring.md, "The mentoring
relationship"). Only the pair sees a mentorship: everyone else gets a 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictBool

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import BoundedDate, ErrorOut, Id, omittable
from salon.communities.roles import memberships_of
from salon.mentoring.access import access_action_item, access_mentorship
from salon.mentoring.models import (
    ActionItem,
    CheckInStage,
    MentoringSession,
    Mentorship,
    MentorshipStatus,
)
from salon.mentoring.selectors.mentorships import (
    mentorship_space,
    mentorships_of,
    session_due_on,
    sessions_of,
)
from salon.mentoring.services.mentorships import (
    ActionPlan,
    action_item_add,
    action_item_update,
    agreement_update,
    mentorship_end_early,
    session_log,
)

router = Router(tags=["mentoring"])


class PersonOut(Schema):
    id: int
    name: str


class AgreementOut(Schema):
    goals: str = Field(..., description="What we will work on.")
    cadence: str = Field(..., description="How often we meet.")
    how: str = Field(..., description="How we meet.")
    updated_at: datetime | None
    updated_by: PersonOut | None


class ActionItemOut(Schema):
    id: int
    text: str
    owner: PersonOut
    due_on: date | None
    done: bool
    done_at: datetime | None
    session: int | None


class SharedGoalOut(Schema):
    id: int
    title: str
    progress: int
    last_check_in: datetime | None


class CheckInStateOut(Schema):
    stage: CheckInStage
    opens: date
    answered_by_me: bool
    answered_by_other: bool = Field(..., description="Only whether; never the answers.")


class MentorshipOut(Schema):
    id: int
    programme: int
    programme_name: str
    community: str
    role: Literal["mentee", "mentor"] = Field(..., description="Your side.")
    other: PersonOut
    status: MentorshipStatus
    started_at: datetime
    last_session_on: date | None
    next_session_by: date | None
    open_action_items: int
    url: str


class MentorshipDetailOut(MentorshipOut):
    agreement: AgreementOut
    shared_goals: list[SharedGoalOut]
    action_items: list[ActionItemOut]
    check_ins: list[CheckInStateOut]
    ended_at: datetime | None
    end_reason: str
    wants_rematch: bool


class SessionOut(Schema):
    id: int
    held_on: date
    minutes: int
    notes: str = Field(..., description="Shared notes (Markdown).")
    private_note: str = Field(..., description="Your own private note; never the other's.")
    logged_by: int | None
    created_at: datetime


class AgreementPatch(Schema):
    goals: str | None = Field(None, max_length=4000)
    cadence: str | None = Field(None, max_length=200)
    how: str | None = Field(None, max_length=300)


class ActionItemIn(Schema):
    text: str = Field(..., min_length=1, max_length=300)
    owner: Id | None = Field(None, description="The mentee's or the mentor's id; you by default.")
    due_on: BoundedDate | None = None


class SessionIn(Schema):
    held_on: BoundedDate
    minutes: int = Field(60, ge=5, le=600)
    notes: str = Field("", max_length=10000)
    private_note: str = Field("", max_length=10000)
    action_items: list[ActionItemIn] = Field(default_factory=list, max_length=10)


class ActionItemPatch(Schema):
    done: StrictBool = omittable()
    text: str | None = Field(None, min_length=1, max_length=300)
    due_on: BoundedDate | None = None


class EndIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    wants_rematch: StrictBool = Field(
        False,
        description="The mentee asks for a new mentor (asked for them when the mentor ends it).",
    )


def _person(user: Any) -> PersonOut:
    return PersonOut(id=user.pk, name=user.display_name)


def _item_out(item: ActionItem) -> ActionItemOut:
    return ActionItemOut(
        id=item.pk,
        text=item.text,
        owner=_person(item.owner),
        due_on=item.due_on,
        done=item.done_at is not None,
        done_at=item.done_at,
        session=item.session_id,
    )


def _summary(request: HttpRequest, m: Mentorship, open_actions: int) -> dict[str, Any]:
    user = request.user
    return {
        "id": m.pk,
        "programme": m.programme_id,
        "programme_name": m.programme.name,
        "community": m.programme.community.slug,
        "role": "mentee" if m.mentee_id == user.pk else "mentor",
        "other": _person(m.other(user)),
        "status": MentorshipStatus(m.status),
        "started_at": m.started_at,
        "last_session_on": m.last_session_on,
        "next_session_by": session_due_on(m) if m.status == MentorshipStatus.ACTIVE else None,
        "open_action_items": open_actions,
        "url": request.build_absolute_uri(m.get_absolute_url()),
    }


def _detail_out(request: HttpRequest, m: Mentorship) -> MentorshipDetailOut:
    space = mentorship_space(mentorship=m, viewer=request.user)
    return MentorshipDetailOut(
        **_summary(request, m, space.open_actions),
        agreement=AgreementOut(
            goals=m.agreement_goals,
            cadence=m.agreement_cadence,
            how=m.agreement_how,
            updated_at=m.agreement_updated_at,
            updated_by=_person(m.agreement_updated_by) if m.agreement_updated_by else None,
        ),
        shared_goals=[
            SharedGoalOut(
                id=g.pk,
                title=g.title,
                progress=g.progress,
                last_check_in=g.last_check_in,  # type: ignore[attr-defined]
            )
            for g in space.shared_goals
        ],
        action_items=[_item_out(i) for i in space.items],
        check_ins=[
            CheckInStateOut(
                stage=CheckInStage(state.stage),
                opens=state.opens,
                answered_by_me=state.mine is not None,
                answered_by_other=state.other_done,
            )
            for state in space.check_ins
        ],
        ended_at=m.ended_at,
        end_reason=m.end_reason,
        wants_rematch=m.wants_rematch,
    )


def _session_out(session: MentoringSession, user: Any) -> SessionOut:
    notes = getattr(session, "my_notes", None)
    if notes is None:
        notes = list(session.private_notes.filter(author_id=user.pk))
    return SessionOut(
        id=session.pk,
        held_on=session.held_on,
        minutes=session.minutes,
        notes=session.notes,
        private_note=notes[0].text if notes else "",
        logged_by=session.logged_by_id,
        created_at=session.created_at,
    )


def _owner(m: Mentorship, owner_id: int | None, user: Any) -> Any:
    owner_id = user.pk if owner_id is None else owner_id
    if owner_id == m.mentee_id:
        return m.mentee
    if owner_id == m.mentor_id:
        return m.mentor
    raise HttpError(400, "An action belongs to the mentee or the mentor.")


@router.get(
    "/me/mentorships",
    response={200: list[MentorshipOut]},
    summary="Your mentorships, as mentee and as mentor, active first",
)
@paginate(Pagination)
def my_mentorships(request: HttpRequest) -> Any:
    user = request.user
    qs = mentorships_of(user=user)

    def shape(m: Mentorship) -> MentorshipOut:
        return MentorshipOut(**_summary(request, m, m.open_actions))  # type: ignore[attr-defined]

    # ``mentorship.view`` as a filter: the pair, while they hold a role in the community.
    communities = list(memberships_of(user))
    return ShapedPage(qs.filter(programme__community_id__in=communities), shape)


@router.get(
    "/mentorships/{mentorship_id}",
    response={200: MentorshipDetailOut, 404: ErrorOut},
    summary="One of your mentorships: agreement, shared goals, action items, check-ins",
)
def mentorship_detail(request: HttpRequest, mentorship_id: int) -> MentorshipDetailOut:
    return _detail_out(request, access_mentorship(request.user, mentorship_id))


@router.patch(
    "/mentorships/{mentorship_id}/agreement",
    response={200: MentorshipDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change the agreement (either side, while active); fields left out stay",
)
def agreement_patch(
    request: HttpRequest, mentorship_id: int, payload: AgreementPatch
) -> MentorshipDetailOut:
    m = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    agreement_update(
        actor=request.user,
        mentorship=m,
        goals=m.agreement_goals if payload.goals is None else payload.goals,
        cadence=m.agreement_cadence if payload.cadence is None else payload.cadence,
        how=m.agreement_how if payload.how is None else payload.how,
    )
    return _detail_out(request, m)


@router.get(
    "/mentorships/{mentorship_id}/sessions",
    response={200: list[SessionOut], 404: ErrorOut},
    summary="The session log, newest first, with your own private notes",
)
@paginate(Pagination)
def session_list(request: HttpRequest, mentorship_id: int) -> Any:
    m = access_mentorship(request.user, mentorship_id)
    qs = sessions_of(mentorship=m, viewer=request.user)
    return ShapedPage(qs, lambda s: _session_out(s, request.user))


@router.post(
    "/mentorships/{mentorship_id}/sessions",
    response={201: SessionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Log a session (and the actions agreed); the other side is told",
)
def session_create(request: HttpRequest, mentorship_id: int, payload: SessionIn) -> Any:
    m = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    session = session_log(
        actor=request.user,
        mentorship=m,
        held_on=payload.held_on,
        minutes=payload.minutes,
        notes=payload.notes,
        private_note=payload.private_note,
        actions=[
            ActionPlan(text=a.text, owner=_owner(m, a.owner, request.user), due_on=a.due_on)
            for a in payload.action_items
        ],
    )
    return 201, _session_out(session, request.user)


@router.post(
    "/mentorships/{mentorship_id}/action-items",
    response={201: ActionItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add an action item for the mentee or the mentor",
)
def action_item_create(request: HttpRequest, mentorship_id: int, payload: ActionItemIn) -> Any:
    m = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    item = action_item_add(
        actor=request.user,
        mentorship=m,
        text=payload.text,
        owner=_owner(m, payload.owner, request.user),
        due_on=payload.due_on,
    )
    return 201, _item_out(item)


@router.patch(
    "/action-items/{action_id}",
    response={200: ActionItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Tick an action item done (or not), or change its words or due date",
    description='Send `"due_on": null` to clear the date; leave a field out to keep it.',
)
def action_item_patch(request: HttpRequest, action_id: int, payload: ActionItemPatch) -> Any:
    item = access_action_item(request.user, action_id)
    sent = payload.model_fields_set
    item = action_item_update(
        actor=request.user,
        item=item,
        done=payload.done,
        text=payload.text,
        due_on=payload.due_on,
        clear_due="due_on" in sent and payload.due_on is None,
    )
    return _item_out(item)


@router.post(
    "/mentorships/{mentorship_id}/end",
    response={200: MentorshipDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="End the mentorship early, with a reason; the other side is told",
)
def mentorship_end(request: HttpRequest, mentorship_id: int, payload: EndIn) -> Any:
    m = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    mentorship_end_early(
        actor=request.user, mentorship=m, reason=payload.reason, wants_rematch=payload.wants_rematch
    )
    return _detail_out(request, m)
