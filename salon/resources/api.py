"""The library and learning paths in the API: thin handlers over the same selectors and
services as the pages."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut, Id, Slug, omittable
from salon.communities.access import access_community
from salon.communities.selectors import circle_visibility
from salon.core.ratelimit import consume
from salon.core.safe_urls import SafeURL
from salon.resources import selectors
from salon.resources.access import access_path, access_resource, access_step
from salon.resources.models import ResourceKind
from salon.resources.services import library as library_services
from salon.resources.services import paths as path_services

router = Router(tags=["library"])


class ResourceOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    url: str
    community: str
    circle: str | None
    status: str
    published_on: date | None
    tags: list[str]
    competencies: list[str]
    author: str | None
    file: str | None
    file_version: int | None
    useful: int
    done: int
    marked_useful: bool
    saved: bool
    marked_done: bool
    page: str


class ResourceIn(Schema):
    kind: ResourceKind
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=400)
    body: str = Field("", max_length=50_000, description="Markdown, for articles and cases.")
    url: SafeURL = Field("", max_length=500)
    tags: list[str] = Field([], max_length=12)
    competencies: list[Id] = Field([], max_length=50, description="Ids of competencies.")
    circle: Slug | None = None


class ResourcePatch(Schema):
    title: str = omittable(min_length=1, max_length=200)
    summary: str = omittable(max_length=400)
    body: str = omittable(max_length=50_000)
    url: SafeURL = omittable(max_length=500)
    tags: list[str] = omittable(max_length=12)


class VersionOut(Schema):
    number: int
    note: str
    name: str
    size: int
    uploaded_at: datetime
    text_status: str
    file: str


def limit_uploads(request: HttpRequest) -> None:
    """Files sent through the API count against ``SALON_RATE_POST`` (topics, replies and
    files), per person: a 429 with Retry-After beyond it."""
    consume("uploads", str(request.user.pk), settings.SALON_RATE_POST)


class VersionIn(Schema):
    note: str = Field("", max_length=300, description="What changed (needed once a file exists).")


class FileResourceIn(Schema):
    kind: ResourceKind = ResourceKind.FILE
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=400)
    tags: str = Field("", max_length=600, description="Comma-separated.")


class LibraryQuery(Schema):
    kind: ResourceKind | None = None
    competency: Id | None = None
    tag: str = Field("", max_length=50)


def _resource_out(request: HttpRequest, r: Any) -> ResourceOut:
    version = r.current_version
    return ResourceOut(
        id=r.pk,
        kind=r.kind,
        title=r.title,
        summary=r.summary,
        url=r.url,
        community=r.community.slug,
        circle=r.circle.slug if r.circle_id else None,
        status=r.status,
        published_on=r.published_on,
        tags=[t.name for t in r.tags.all()],
        competencies=[c.name for c in r.competencies.all()],
        author=r.author.name if r.author_id else None,
        file=request.build_absolute_uri(version.attachment.get_absolute_url()) if version else None,
        file_version=version.number if version else None,
        useful=getattr(r, "useful_count", 0),
        done=getattr(r, "done_count", 0),
        marked_useful=getattr(r, "i_found_useful", False),
        saved=getattr(r, "i_saved", False),
        marked_done=getattr(r, "i_did", False),
        page=request.build_absolute_uri(r.get_absolute_url()),
    )


@router.get(
    "/communities/{slug}/resources",
    response={200: list[ResourceOut], 404: ErrorOut},
    summary="The community's library (published resources you can see)",
)
@paginate(Pagination)
def resource_list(request: HttpRequest, slug: str, filters: Query[LibraryQuery]) -> Any:
    community = access_community(request.user, slug, "library.view")
    qs = selectors.library_for(
        user=request.user,
        community=community,
        filters=selectors.LibraryFilters(
            kind=filters.kind or "", competency=filters.competency, tag=filters.tag
        ),
    ).select_related("community")
    return ShapedPage(qs, lambda r: _resource_out(request, r))


def _competencies(community: Any, ids: list[int]) -> list[Any]:
    from salon.goals.selectors import competencies_of

    found = list(competencies_of(community=community).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(400, "There is no such competency in this community.")
    return found


@router.post(
    "/communities/{slug}/resources",
    response={201: ResourceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Publish a link, video, article, case study, template or insight (files: …/files)",
)
def resource_create(request: HttpRequest, slug: str, payload: ResourceIn) -> Any:
    community = access_community(request.user, slug, "resource.create")
    if payload.kind == ResourceKind.FILE:
        raise HttpError(400, "Send files to /api/v1/communities/{slug}/resources/files.")
    circle = None
    if payload.circle:
        circle = (
            community.circles.filter(circle_visibility(user=request.user), slug=payload.circle)
            .select_related("community")
            .first()
        )
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    resource = library_services.resource_create(
        actor=request.user,
        community=community,
        plan=library_services.ResourcePlan(
            kind=payload.kind,
            title=payload.title,
            summary=payload.summary,
            body=payload.body,
            url=payload.url,
            tags=payload.tags,
            competencies=_competencies(community, payload.competencies),
            circle=circle,
        ),
    )
    return 201, _resource_out(
        request, selectors.resource_with_viewer(user=request.user, resource=resource)
    )


@router.post(
    "/communities/{slug}/resources/files",
    response={201: ResourceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Publish (or suggest) a file (multipart: `file`, `title`, …)",
)
def resource_create_with_file(
    request: HttpRequest, slug: str, data: Form[FileResourceIn], file: File[UploadedFile]
) -> Any:
    """The file goes through the same upload checks as on the page (type sniffed from
    the bytes, the size limit); its text is then read for search in a task."""
    community = access_community(request.user, slug, "resource.create")
    limit_uploads(request)
    resource = library_services.resource_create(
        actor=request.user,
        community=community,
        plan=library_services.ResourcePlan(
            kind=data.kind,
            title=data.title,
            summary=data.summary,
            tags=[t for t in data.tags.split(",") if t.strip()],
        ),
        upload=file,
    )
    return 201, _resource_out(
        request, selectors.resource_with_viewer(user=request.user, resource=resource)
    )


@router.get(
    "/resources/{resource_id}",
    response={200: ResourceOut, 404: ErrorOut},
    summary="A resource",
)
def resource_get(request: HttpRequest, resource_id: int) -> Any:
    resource = access_resource(request.user, resource_id)
    return _resource_out(
        request, selectors.resource_with_viewer(user=request.user, resource=resource)
    )


@router.patch(
    "/resources/{resource_id}",
    response={200: ResourceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Change a resource (only the fields sent)",
)
def resource_patch(request: HttpRequest, resource_id: int, payload: ResourcePatch) -> Any:
    resource = access_resource(request.user, resource_id, "resource.edit")
    changes = payload.dict(exclude_unset=True)
    plan = library_services.ResourcePlan(
        kind=resource.kind,
        title=changes.get("title", resource.title),
        summary=changes.get("summary", resource.summary),
        body=changes.get("body", resource.body),
        url=changes.get("url", resource.url),
        tags=changes.get("tags", [t.name for t in resource.tags.all()]),
        competencies=list(resource.competencies.all()),
        circle=resource.circle,
        event=resource.event,
        path=resource.path,
    )
    library_services.resource_update(actor=request.user, resource=resource, plan=plan)
    return _resource_out(
        request, selectors.resource_with_viewer(user=request.user, resource=resource)
    )


@router.get(
    "/resources/{resource_id}/versions",
    response={200: list[VersionOut], 404: ErrorOut},
    summary="Every version of a resource's file, newest first, with what changed",
)
def resource_versions(request: HttpRequest, resource_id: int) -> Any:
    resource = access_resource(request.user, resource_id)
    return [
        VersionOut(
            number=v.number,
            note=v.note,
            name=v.attachment.name,
            size=v.attachment.size,
            uploaded_at=v.created_at,
            text_status=v.text_status,
            file=request.build_absolute_uri(v.attachment.get_absolute_url()),
        )
        for v in selectors.versions_of(resource=resource)
    ]


@router.post(
    "/resources/{resource_id}/versions",
    response={201: VersionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Add or replace the file (multipart: `file`, and `note` saying what changed)",
)
def resource_version_add(
    request: HttpRequest, resource_id: int, data: Form[VersionIn], file: File[UploadedFile]
) -> Any:
    resource = access_resource(request.user, resource_id, "resource.edit")
    limit_uploads(request)
    v = library_services.resource_add_version(
        actor=request.user, resource=resource, upload=file, note=data.note
    )
    return 201, VersionOut(
        number=v.number,
        note=v.note,
        name=v.attachment.name,
        size=v.attachment.size,
        uploaded_at=v.created_at,
        text_status=v.text_status,
        file=request.build_absolute_uri(v.attachment.get_absolute_url()),
    )


# Learning paths ---------------------------------------------------------------------------


class PathOut(Schema):
    id: int
    title: str
    summary: str
    community: str
    circle: str | None
    status: str
    steps: int
    done: int
    following: bool
    finished: bool
    page: str


class PathIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=400)
    circle: Slug | None = Field(None, description="A cohort or circle of the community.")


class StepDoneIn(Schema):
    reflection: str = Field("", max_length=4000)
    goal: Id | None = Field(None, description="For a “set a goal” step: your goal's id.")


class StepDoneOut(Schema):
    step: int
    done_at: datetime
    path_finished: bool


def _path_out(request: HttpRequest, p: Any) -> PathOut:
    return PathOut(
        id=p.pk,
        title=p.title,
        summary=p.summary,
        community=p.community.slug,
        circle=p.circle.slug if p.circle_id else None,
        status=p.status,
        steps=getattr(p, "step_count", 0),
        done=getattr(p, "my_done", 0),
        following=getattr(p, "i_follow", False),
        finished=getattr(p, "i_finished", False),
        page=request.build_absolute_uri(p.get_absolute_url()),
    )


@router.get(
    "/communities/{slug}/paths",
    response={200: list[PathOut], 404: ErrorOut},
    summary="The community's learning paths you can see",
)
@paginate(Pagination)
def path_list(request: HttpRequest, slug: str) -> Any:
    community = access_community(request.user, slug, "library.view")
    qs = selectors.paths_for(user=request.user, community=community)
    return ShapedPage(qs, lambda p: _path_out(request, p))


@router.post(
    "/communities/{slug}/paths",
    response={201: PathOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Make a learning path (a draft: add steps on its page, then publish)",
)
def path_create(request: HttpRequest, slug: str, payload: PathIn) -> Any:
    community = access_community(request.user, slug, "path.create")
    circle = None
    if payload.circle:
        circle = community.circles.filter(slug=payload.circle).first()
        if circle is None:
            raise HttpError(400, "There is no such circle in this community.")
    path = path_services.path_create(
        actor=request.user,
        community=community,
        plan=path_services.PathPlan(title=payload.title, summary=payload.summary, circle=circle),
    )
    return 201, _path_out(
        request, selectors.paths_for(user=request.user, community=community).get(pk=path.pk)
    )


@router.get(
    "/me/paths",
    response={200: list[PathOut]},
    summary="The paths you follow, and your cohorts' paths",
)
@paginate(Pagination)
def my_paths(request: HttpRequest) -> Any:
    return ShapedPage(selectors.my_paths(user=request.user), lambda p: _path_out(request, p))


@router.post(
    "/path-steps/{step_id}/done",
    response={200: StepDoneOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark a step of a path done (with the reflection, or the goal you set)",
)
def step_done(request: HttpRequest, step_id: int, payload: StepDoneIn) -> Any:
    step = access_step(request.user, step_id, "path.follow")
    goal = None
    if payload.goal is not None:
        goal = selectors.own_goal(user=request.user, goal_id=payload.goal)
        if goal is None:
            raise HttpError(400, "Choose one of your own goals.")
    completion = path_services.step_done(
        actor=request.user, step=step, reflection=payload.reflection, goal=goal
    )
    enrolment = selectors.enrolment_of(user=request.user, path=step.path)
    return StepDoneOut(
        step=step.pk,
        done_at=completion.done_at,
        path_finished=bool(enrolment and enrolment.completed_at),
    )


# For you ------------------------------------------------------------------------------------


class RecommendationOut(Schema):
    kind: str
    id: int
    title: str
    community: str
    reason: str
    page: str


@router.get(
    "/me/recommendations",
    response={200: list[RecommendationOut]},
    summary="Resources and paths for you, each with why",
)
def my_recommendations(request: HttpRequest) -> Any:
    from salon.resources.recommendations import recommendations_for

    return [
        RecommendationOut(
            kind=r.kind,
            id=r.item.pk,
            title=r.item.title,
            community=r.item.community.slug,
            reason=r.reason,
            page=request.build_absolute_uri(r.item.get_absolute_url()),
        )
        for r in recommendations_for(user=request.user, limit=20, with_feedback=True)
    ]


class RecommendationKind(StrEnum):
    RESOURCE = "resource"
    PATH = "path"


@router.delete(
    "/me/recommendations/{kind}/{object_id}",
    response={204: None, 404: ErrorOut},
    summary="Hide a recommendation (“Not for me”)",
)
def hide_recommendation(request: HttpRequest, kind: RecommendationKind, object_id: int) -> Any:
    if kind == RecommendationKind.PATH:
        item: Any = access_path(request.user, object_id)
    else:
        item = access_resource(request.user, object_id)
    library_services.recommendation_hide(actor=request.user, item=item)
    return 204, None
