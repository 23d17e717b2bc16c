from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictBool

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut, Id, Slug
from salon.communities import selectors, services
from salon.communities.access import access_circle_by_id, access_community
from salon.communities.models import Circle, CircleKind, Membership, Role, Visibility
from salon.communities.roles import membership_of
from salon.core.permissions import can, require

router = Router(tags=["communities"])


class CommunityOut(Schema):
    slug: str
    name: str
    tagline: str
    purpose: str
    visibility: Visibility
    member_count: int | None = None
    my_role: Role | None = None
    url: str


class PersonOut(Schema):
    id: int
    name: str
    title: str
    organisation: str
    region: str
    country: str
    function: str
    industry: str
    timezone: str
    languages: list[str]


class MemberOut(Schema):
    id: int
    role: Role
    joined_at: datetime
    person: PersonOut


class CircleOut(Schema):
    id: int
    slug: str
    name: str
    kind: CircleKind
    description: str
    is_private: bool
    member_count: int
    is_member: bool


class CircleIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    kind: CircleKind = CircleKind.LEARNING_SET
    description: str = Field("", max_length=4000)
    is_private: StrictBool = False


# Django's email check, said as a pattern (dot-atom local part, a domain with a TLD), so
# what the schema allows is what invitation_create accepts.
_EMAIL = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


class InvitationIn(Schema):
    email: str = Field(..., max_length=254, pattern=_EMAIL)
    name: str = Field("", max_length=150)
    role: Role = Role.MEMBER
    circle: Slug | None = Field(None, description="Slug of a circle to add them to.")
    message: str = Field("", max_length=2000)


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    expires_at: datetime


class MembershipPatch(Schema):
    role: Role


class DirectoryQuery(Schema):
    q: str = Field("", max_length=100)
    region: str = ""
    function: str = ""
    industry: str = ""
    language: str = ""
    role: str = ""
    circle: str = ""


def _community_out(request: HttpRequest, community: Any) -> CommunityOut:
    membership = membership_of(request.user, community)
    return CommunityOut(
        slug=community.slug,
        name=community.name,
        tagline=community.tagline,
        purpose=community.purpose,
        visibility=community.visibility,
        member_count=getattr(community, "member_count", None),
        my_role=Role(membership.role) if membership else None,
        url=request.build_absolute_uri(community.get_absolute_url()),
    )


@router.get("/communities", response=list[CommunityOut], summary="Communities you can see")
@paginate(Pagination)
def community_list(request: HttpRequest) -> list[CommunityOut]:
    return [
        _community_out(request, c) for c in selectors.community_list_for_user(user=request.user)
    ]


@router.get(
    "/communities/{slug}",
    response={200: CommunityOut, 404: ErrorOut},
    summary="One community",
)
def community_detail(request: HttpRequest, slug: str) -> CommunityOut:
    community = access_community(request.user, slug)
    if can(request.user, "community.view_members", community):
        community.member_count = Membership.objects.filter(community=community).count()  # type: ignore[attr-defined]
    return _community_out(request, community)


def _member_out(m: Membership) -> MemberOut:
    u = m.user
    return MemberOut(
        id=m.pk,
        role=m.role,  # type: ignore[arg-type]
        joined_at=m.joined_at,
        person=PersonOut(
            id=u.pk,
            name=u.name,
            title=u.title,
            organisation=u.organisation,
            region=u.region,
            country=u.country,
            function=u.function,
            industry=u.industry,
            timezone=u.timezone,
            languages=[lang.code for lang in u.languages.all()],
        ),
    )


@router.get(
    "/communities/{slug}/members",
    response={200: list[MemberOut], 403: ErrorOut, 404: ErrorOut},
    summary="The member directory, with the same filters as the page",
)
@paginate(Pagination)
def member_list(request: HttpRequest, slug: str, filters: Query[DirectoryQuery]) -> Any:
    community = access_community(request.user, slug, "community.view_members")
    members = selectors.member_directory(
        community=community, filters=selectors.DirectoryFilters(**filters.dict())
    )
    return ShapedPage(members, _member_out)


@router.post(
    "/communities/{slug}/members",
    response={201: InvitationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Invite someone by email (they join when they accept)",
)
def member_invite(request: HttpRequest, slug: str, payload: InvitationIn) -> Any:
    community = access_community(request.user, slug, "community.invite")
    circle = None
    if payload.circle:
        circle = Circle.objects.filter(community=community, slug=payload.circle).first()
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    invitation = services.invitation_create(
        actor=request.user,
        community=community,
        email=payload.email,
        name=payload.name,
        role=payload.role,
        circle=circle,
        message=payload.message,
    )
    return 201, InvitationOut(
        id=invitation.pk,
        email=invitation.email,
        role=Role(invitation.role),
        expires_at=invitation.expires_at,
    )


@router.get(
    "/communities/{slug}/circles",
    response={200: list[CircleOut], 404: ErrorOut},
    summary="Circles in a community that you can see",
)
@paginate(Pagination)
def circle_list(request: HttpRequest, slug: str) -> list[CircleOut]:
    community = access_community(request.user, slug)
    return [
        CircleOut(
            id=c.pk,
            slug=c.slug,
            name=c.name,
            kind=c.kind,  # type: ignore[arg-type]
            description=c.description,
            is_private=c.is_private,
            member_count=c.member_count,  # type: ignore[attr-defined]
            is_member=c.viewer_is_member,  # type: ignore[attr-defined]
        )
        for c in selectors.circle_list_for_user(user=request.user, community=community)
    ]


@router.post(
    "/communities/{slug}/circles",
    response={201: CircleOut, 403: ErrorOut, 404: ErrorOut},
    summary="Create a circle",
)
def circle_create(request: HttpRequest, slug: str, payload: CircleIn) -> Any:
    community = access_community(request.user, slug, "circle.create")
    circle = services.circle_create(actor=request.user, community=community, **payload.dict())
    return 201, CircleOut(
        id=circle.pk,
        slug=circle.slug,
        name=circle.name,
        kind=circle.kind,  # type: ignore[arg-type]
        description=circle.description,
        is_private=circle.is_private,
        member_count=0,
        is_member=False,
    )


def _access_membership(request: HttpRequest, membership_id: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"), pk=membership_id
    )
    # Only someone who may see the directory learns that a membership exists.
    if not can(request.user, "community.view_members", membership.community):
        raise HttpError(404, "Not found.")
    return membership


@router.patch(
    "/memberships/{membership_id}",
    response={200: MemberOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Change a member's role",
)
def membership_patch(request: HttpRequest, membership_id: int, payload: MembershipPatch) -> Any:
    membership = _access_membership(request, membership_id)
    services.membership_change_role(actor=request.user, membership=membership, role=payload.role)
    return _member_out(membership)


@router.delete(
    "/memberships/{membership_id}",
    response={204: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a member (or leave, for your own membership)",
)
def membership_delete(request: HttpRequest, membership_id: int) -> Any:
    membership = _access_membership(request, membership_id)
    services.membership_remove(actor=request.user, membership=membership)
    return 204, None


# A circle's people and settings ----------------------------------------------------------


class CircleMemberOut(Schema):
    id: int = Field(..., description="The person's user id.")
    name: str
    title: str
    is_lead: bool
    joined_at: datetime


class CircleMembersIn(Schema):
    users: list[Id] = Field(
        ..., min_length=1, max_length=500, description="User ids of community members to add."
    )


class CirclePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=4000)
    kind: CircleKind | None = None
    is_private: StrictBool | None = None
    archived: StrictBool | None = Field(None, description="Archived circles leave every list.")
    lead: Id | None = Field(
        None, description="User id of the member to make its only lead; null for no lead."
    )


class CircleDetailOut(Schema):
    id: int
    slug: str
    name: str
    kind: CircleKind
    description: str
    is_private: bool
    archived: bool
    leads: list[int]
    url: str


def _circle_member_out(cm: Any) -> CircleMemberOut:
    return CircleMemberOut(
        id=cm.user_id,
        name=cm.user.display_name,
        title=cm.user.title,
        is_lead=cm.is_lead,
        joined_at=cm.joined_at,
    )


def _circle_detail_out(request: HttpRequest, circle: Circle) -> CircleDetailOut:
    return CircleDetailOut(
        id=circle.pk,
        slug=circle.slug,
        name=circle.name,
        kind=CircleKind(circle.kind),
        description=circle.description,
        is_private=circle.is_private,
        archived=circle.is_archived,
        leads=list(
            circle.circle_memberships.filter(is_lead=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        ),
        url=request.build_absolute_uri(circle.get_absolute_url()),
    )


def _person_in(circle: Circle, user_id: int) -> Any:
    people = selectors.community_people(community=circle.community, user_ids=[user_id])
    if not people:
        raise HttpError(404, "There is no such member in this community.")
    return people[0]


@router.get(
    "/circles/{circle_id}",
    response={200: CircleDetailOut, 404: ErrorOut},
    summary="One circle",
)
def circle_detail(request: HttpRequest, circle_id: int) -> CircleDetailOut:
    return _circle_detail_out(request, access_circle_by_id(request.user, circle_id))


@router.patch(
    "/circles/{circle_id}",
    response={200: CircleDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Rename, describe, change the kind or visibility, archive, or set the lead",
)
def circle_patch(request: HttpRequest, circle_id: int, payload: CirclePatch) -> Any:
    circle = access_circle_by_id(request.user, circle_id, "circle.edit")
    changes = payload.dict(exclude_unset=True)
    extra: dict[str, Any] = {}
    if "lead" in changes:
        lead_id = changes.pop("lead")
        extra["lead"] = _person_in(circle, lead_id) if lead_id is not None else None
    for name in ("name", "kind", "is_private", "archived"):
        if name in changes and changes[name] is None:
            raise HttpError(400, f"{name} cannot be null.")
    services.circle_update(
        actor=request.user,
        circle=circle,
        archived=changes.pop("archived", None),
        **extra,
        **changes,
    )
    return _circle_detail_out(request, circle)


@router.get(
    "/circles/{circle_id}/members",
    response={200: list[CircleMemberOut], 404: ErrorOut},
    summary="The members of a circle, its leads first",
)
@paginate(Pagination)
def circle_member_list(request: HttpRequest, circle_id: int) -> Any:
    circle = access_circle_by_id(request.user, circle_id)
    return ShapedPage(selectors.circle_members(circle=circle), _circle_member_out)


@router.post(
    "/circles/{circle_id}/members",
    response={
        201: list[CircleMemberOut],
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Add members of the community to a circle (each is told)",
)
def circle_members_add(request: HttpRequest, circle_id: int, payload: CircleMembersIn) -> Any:
    circle = access_circle_by_id(request.user, circle_id, "circle.manage_members")
    people = selectors.community_people(community=circle.community, user_ids=payload.users)
    missing = sorted(set(payload.users) - {p.pk for p in people})
    if missing:
        raise HttpError(
            400, f"Not members of this community: {', '.join(str(pk) for pk in missing)}."
        )
    services.circle_members_add(actor=request.user, circle=circle, users=people)
    rows = selectors.circle_members(circle=circle).filter(user_id__in=payload.users)
    return 201, [_circle_member_out(cm) for cm in rows]


@router.delete(
    "/circles/{circle_id}/members/{user_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Take someone out of a circle (or leave it, for yourself)",
)
def circle_member_delete(request: HttpRequest, circle_id: int, user_id: int) -> Any:
    circle = access_circle_by_id(request.user, circle_id)
    if user_id == request.user.pk and can(request.user, "circle.leave", circle):
        services.circle_leave(user=request.user, circle=circle)
        return 204, None
    require(request.user, "circle.manage_members", circle)
    services.circle_member_remove(
        actor=request.user, circle=circle, user=_person_in(circle, user_id)
    )
    return 204, None
