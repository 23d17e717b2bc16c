from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut
from salon.communities import selectors, services
from salon.communities.access import access_community
from salon.communities.models import Circle, CircleKind, Membership, Role, Visibility
from salon.communities.roles import membership_of
from salon.core.permissions import can

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
    is_private: bool = False


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    name: str = Field("", max_length=150)
    role: Role = Role.MEMBER
    circle: str | None = Field(None, description="Slug of a circle to add them to.")
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
