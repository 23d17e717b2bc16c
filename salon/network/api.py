"""Connections, introductions and direct messages in the API: thin handlers over the same
selectors and services as the pages. A conversation someone is not in answers 404, as one
that does not exist.

No ``from __future__ import annotations`` here: django-ninja reads the annotations.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut, Id, Slug
from salon.communities.access import access_community, access_profile
from salon.core.markdown import render_markdown
from salon.network import selectors
from salon.network.access import (
    access_connection,
    access_connection_request,
    access_conversation,
    access_introduction,
    access_person,
)
from salon.network.context import person_context
from salon.network.models import MAX_PARTICIPANTS
from salon.network.services import connections as connection_services
from salon.network.services import conversations as conversation_services
from salon.network.services.introductions import introduction_answer, introduction_create
from salon.network.services.moderation import conversation_report
from salon.network.suggestions import suggestions_for

router = Router(tags=["network"])


class NetworkPersonOut(Schema):
    id: int
    name: str
    title: str
    region: str
    country: str


def _person(user: Any) -> NetworkPersonOut | None:
    return None if user is None else _ref(user)


def _ref(user: Any) -> NetworkPersonOut:
    return NetworkPersonOut(
        id=user.pk,
        name=user.display_name,
        title=user.title,
        region=user.region,
        country=user.country,
    )


class ConnectionOut(Schema):
    person: NetworkPersonOut
    since: datetime


class ConnectIn(Schema):
    user: Id = Field(..., description="The person to ask.")
    note: str = Field("", max_length=1000, description="Why you would like to connect.")


class RequestOut(Schema):
    id: int
    sender: NetworkPersonOut
    recipient: NetworkPersonOut
    note: str
    status: str = Field(..., description="pending, accepted, ignored or withdrawn.")
    created_at: datetime


class AnswerIn(Schema):
    accept: bool


class IntroductionIn(Schema):
    community: Slug
    first: Id
    second: Id
    note: str = Field(..., min_length=1, max_length=2000, description="Why they should meet.")


class IntroductionOut(Schema):
    id: int
    community: str
    introducer: NetworkPersonOut | None
    first: NetworkPersonOut
    second: NetworkPersonOut
    note: str
    first_answer: str
    second_answer: str
    conversation: int | None
    created_at: datetime


class ConversationOut(Schema):
    id: int
    title: str
    is_group: bool
    community: str
    people: list[NetworkPersonOut]
    last_message_at: datetime
    last_message: str | None
    unread: bool
    url: str


class ConversationIn(Schema):
    to: list[Id] = Field(..., min_length=1, max_length=MAX_PARTICIPANTS - 1)
    body: str = Field(..., min_length=1, max_length=10000, description="Markdown.")
    title: str = Field("", max_length=120, description="A group's name.")


class MessageOut(Schema):
    id: int
    author: NetworkPersonOut | None = Field(
        ..., description="None once the author's account is gone."
    )
    author_name: str
    body: str
    body_html: str
    created_at: datetime


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=10000, description="Markdown.")


class ReadOut(Schema):
    unread_conversations: int


class ReportIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    messages: list[Id] = Field(..., min_length=1, max_length=50)


class ReportOut(Schema):
    id: int
    messages: int
    created_at: datetime


def _request_out(r: Any) -> RequestOut:
    return RequestOut(
        id=r.pk,
        sender=_ref(r.sender),
        recipient=_ref(r.recipient),
        note=r.note,
        status=r.status,
        created_at=r.created_at,
    )


def _introduction_out(i: Any) -> IntroductionOut:
    return IntroductionOut(
        id=i.pk,
        community=i.community.slug,
        introducer=_person(i.introducer),
        first=_ref(i.first),
        second=_ref(i.second),
        note=i.note,
        first_answer=i.first_answer,
        second_answer=i.second_answer,
        conversation=i.conversation_id,
        created_at=i.created_at,
    )


def _conversation_out(request: HttpRequest, c: Any) -> ConversationOut:
    seats = getattr(c, "seats", None)
    if seats is None:
        seats = selectors.seats_of(conversation=c)
    read = getattr(c, "my_read_up_to", None)
    if read is None:
        read = next((s.read_up_to for s in seats if s.user_id == request.user.pk), 0)
    return ConversationOut(
        id=c.pk,
        title=c.title,
        is_group=c.is_group,
        community=c.community.slug,
        people=[p for p in (_person(s.user) for s in seats) if p is not None],
        last_message_at=c.last_message_at,
        last_message=getattr(c, "last_body", None),
        unread=read < c.last_message_id,
        url=request.build_absolute_uri(c.get_absolute_url()),
    )


def _message_out(m: Any) -> MessageOut:
    return MessageOut(
        id=m.pk,
        author=_person(m.author),
        author_name=m.author.display_name if m.author else "Former member",
        body=m.body,
        body_html=m.body_html,
        created_at=m.created_at,
    )


# Connections ------------------------------------------------------------------------------


@router.get(
    "/me/connections", response=list[ConnectionOut], summary="The people you are connected with"
)
@paginate(Pagination)
def connections_list(request: HttpRequest) -> Any:
    return [
        ConnectionOut(person=_ref(c.person), since=c.since)
        for c in selectors.connections_of(user=request.user)
    ]


@router.post(
    "/me/connections",
    response={201: RequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Ask someone to connect (accepts theirs if they already asked you)",
)
def connection_request(request: HttpRequest, payload: ConnectIn) -> Any:
    other = access_person(request.user, payload.user, "connection.request")
    sent = connection_services.connection_request_send(
        actor=request.user, other=other, note=payload.note
    )
    return 201, _request_out(sent)


@router.delete(
    "/me/connections/{user_id}",
    response={204: None, 404: ErrorOut},
    summary="Remove a connection (the other is not told)",
)
def connection_remove(request: HttpRequest, user_id: int) -> Any:
    connection = access_connection(request.user, user_id)
    connection_services.connection_remove(actor=request.user, connection=connection)
    return 204, None


@router.get(
    "/me/connection-requests",
    response=list[RequestOut],
    summary="Requests to connect waiting for your answer",
)
@paginate(Pagination)
def requests_list(request: HttpRequest) -> Any:
    return [_request_out(r) for r in selectors.requests_received(user=request.user)]


@router.post(
    "/connection-requests/{request_id}/answer",
    response={200: RequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept or ignore a request to connect",
)
def request_answer(request: HttpRequest, request_id: int, payload: AnswerIn) -> Any:
    asked = access_connection_request(request.user, request_id, "connection_request.answer")
    answered = connection_services.connection_request_answer(
        actor=request.user, request=asked, accept=payload.accept
    )
    return _request_out(answered)


# Introductions ----------------------------------------------------------------------------


@router.get(
    "/me/introductions",
    response=list[IntroductionOut],
    summary="Open introductions you are part of",
)
@paginate(Pagination)
def introductions_list(request: HttpRequest) -> Any:
    return [_introduction_out(i) for i in selectors.introductions_for_user(user=request.user)]


@router.post(
    "/introductions",
    response={201: IntroductionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Introduce two people of a community (both must accept)",
)
def introduction_make(request: HttpRequest, payload: IntroductionIn) -> Any:
    community = access_community(request.user, payload.community, "introduction.create")
    first = access_person(request.user, payload.first, "profile.view")
    second = access_person(request.user, payload.second, "profile.view")
    made = introduction_create(
        actor=request.user, community=community, first=first, second=second, note=payload.note
    )
    return 201, _introduction_out(made)


@router.post(
    "/introductions/{introduction_id}/answer",
    response={200: IntroductionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept or decline an introduction",
)
def introduction_reply(request: HttpRequest, introduction_id: int, payload: AnswerIn) -> Any:
    introduction = access_introduction(request.user, introduction_id, "introduction.answer")
    done = introduction_answer(actor=request.user, introduction=introduction, accept=payload.accept)
    return _introduction_out(access_introduction(request.user, done.pk))


# Conversations ----------------------------------------------------------------------------


@router.get(
    "/conversations", response=list[ConversationOut], summary="Your conversations, latest first"
)
@paginate(Pagination)
def conversations_list(request: HttpRequest) -> Any:
    qs = selectors.conversation_list_for_user(user=request.user).select_related("community")
    return ShapedPage(qs, lambda c: _conversation_out(request, c))


@router.post(
    "/conversations",
    response={201: ConversationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Write to one person (your conversation with them goes on) or a group of up to 8",
)
def conversation_start(request: HttpRequest, payload: ConversationIn) -> Any:
    others = [access_person(request.user, pk, "message.start") for pk in dict.fromkeys(payload.to)]
    conversation = conversation_services.conversation_start(
        actor=request.user, others=others, body=payload.body, title=payload.title
    )
    return 201, _conversation_out(request, access_conversation(request.user, conversation.pk))


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationOut, 404: ErrorOut},
    summary="A conversation of yours",
)
def conversation_detail(request: HttpRequest, conversation_id: int) -> Any:
    return _conversation_out(request, access_conversation(request.user, conversation_id))


@router.get(
    "/conversations/{conversation_id}/messages",
    response={200: list[MessageOut], 404: ErrorOut},
    summary="A conversation's messages, newest first",
)
@paginate(Pagination)
def messages_list(request: HttpRequest, conversation_id: int) -> Any:
    conversation = access_conversation(request.user, conversation_id)
    return ShapedPage(selectors.messages_of(conversation=conversation), _message_out)


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Write in a conversation",
)
def message_create(request: HttpRequest, conversation_id: int, payload: MessageIn) -> Any:
    conversation = access_conversation(request.user, conversation_id, "conversation.post")
    message = conversation_services.message_send(
        actor=request.user, conversation=conversation, body=payload.body
    )
    return 201, _message_out(message)


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: ReadOut, 404: ErrorOut},
    summary="Mark a conversation read up to its newest message",
)
def conversation_read(request: HttpRequest, conversation_id: int) -> Any:
    conversation = access_conversation(request.user, conversation_id)
    conversation_services.conversation_mark_read(actor=request.user, conversation=conversation)
    return ReadOut(unread_conversations=selectors.unread_conversation_count(user=request.user))


@router.post(
    "/conversations/{conversation_id}/reports",
    response={201: ReportOut, 400: ErrorOut, 404: ErrorOut},
    summary="Show some messages to the community's moderators (they see only these)",
)
def conversation_report_create(
    request: HttpRequest, conversation_id: int, payload: ReportIn
) -> Any:
    conversation = access_conversation(request.user, conversation_id, "conversation.report")
    report = conversation_report(
        actor=request.user,
        conversation=conversation,
        reason=payload.reason,
        message_ids=payload.messages,
    )
    return 201, ReportOut(id=report.pk, messages=len(report.excerpt), created_at=report.created_at)


# People you should meet ------------------------------------------------------------------


class SuggestionOut(Schema):
    person: NetworkPersonOut
    score: int
    reasons: list[str] = Field(..., description="Why, strongest first, in plain words.")


@router.get(
    "/me/suggestions",
    response=list[SuggestionOut],
    summary="People you should meet, with why (ties across regions first)",
)
@paginate(Pagination)
def suggestions_list(request: HttpRequest) -> Any:
    return [
        SuggestionOut(person=_ref(s.person), score=s.score, reasons=list(s.reasons))
        for s in suggestions_for(user=request.user, limit=20)
    ]


class HolidayOut(Schema):
    date: date
    name: str


class CountryNoteOut(Schema):
    community: str = Field(
        ..., description="The slug of the community whose facilitators wrote it."
    )
    country: str
    body_html: str = Field(..., description="The note, as sanitised HTML.")


class ContextOut(Schema):
    person: NetworkPersonOut
    timezone: str
    local_time: datetime = Field(..., description="Their time now, with their UTC offset.")
    offset_minutes: int = Field(..., description="Their UTC offset minus yours, now.")
    working_now: bool
    working_hours: str = Field(..., description="Their working day, local: 'HH:MM-HH:MM'.")
    workdays: list[int] = Field(..., description="The days they work: Monday = 0 … Sunday = 6.")
    shared_minutes_per_day: int = Field(
        ..., description="The longest stretch of working time you share on one day this week."
    )
    next_shared_start: datetime | None
    next_shared_end: datetime | None
    holidays: list[HolidayOut] = Field(..., description="Their public holidays this week and next.")
    languages: list[str]
    name_pronunciation: str
    working_notes_html: str
    country_notes: list[CountryNoteOut] = Field(
        ..., description="Notes about their country from the communities you share."
    )


@router.get(
    "/people/{person_id}/context",
    response={200: ContextOut, 404: ErrorOut},
    summary="How to work with someone: local time, shared hours, working week, holidays",
)
def person_context_get(request: HttpRequest, person_id: Id) -> Any:
    person = access_profile(request.user, person_id)
    found = person_context(viewer=request.user, person=person)
    shared = found.next_shared
    return ContextOut(
        person=_ref(person),
        timezone=person.timezone,
        local_time=found.local_now,
        offset_minutes=found.offset_minutes,
        working_now=found.working_now,
        working_hours=f"{person.work_start:%H:%M}-{person.work_end:%H:%M}",
        workdays=sorted(found.workdays),
        shared_minutes_per_day=int(found.shared_per_day.total_seconds() // 60),
        next_shared_start=shared[0] if shared else None,
        next_shared_end=shared[1] if shared else None,
        holidays=[HolidayOut(date=day, name=name) for day, name in found.holidays],
        languages=found.languages,
        name_pronunciation=found.name_pronunciation,
        working_notes_html=render_markdown(found.working_notes) if found.working_notes else "",
        country_notes=[
            CountryNoteOut(
                community=note.community.slug,
                country=note.country,
                body_html=render_markdown(note.body),
            )
            for note in found.notes
        ],
    )
