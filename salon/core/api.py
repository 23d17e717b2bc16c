"""``GET /api/v1/search``: the search page's results, as JSON.

No ``from __future__ import annotations`` here: django-ninja reads the annotations.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut
from salon.core import search as search_service

router = Router(tags=["search"])


def _kinds() -> list[Any]:
    """The kinds the apps registered (read when the schema is built), or "" for all."""
    return ["", *(kind for kind, _label in search_service.kind_choices())]


class SearchQuery(Schema):
    # No length limit: any text gives results or an empty list (long input is cut).
    q: str = Field("", description='Words; "a phrase" in quotes; -word leaves it out.')
    kind: str = Field(
        "",
        description="Only this kind: community, circle, person, …",
        json_schema_extra=lambda schema: schema.update(enum=_kinds()),
    )
    community: str = Field("", description="Only in this community (its slug).")


class CommunityRef(Schema):
    slug: str
    name: str


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    title: str
    title_html: str = Field(..., description="The title, HTML-escaped, matches in <mark>.")
    snippet_html: str = Field(..., description="Text around the match, escaped, in <mark>.")
    url: str
    tags: list[str]
    community: CommunityRef
    circle: str | None


def _hit_out(request: HttpRequest, hit: Any) -> SearchHitOut:
    return SearchHitOut(
        kind=hit.kind,
        kind_label=str(hit.kind_label),
        title=hit.title,
        title_html=str(hit.title_html),
        snippet_html=str(hit.snippet_html),
        url=request.build_absolute_uri(hit.url),
        tags=hit.tags,
        community=CommunityRef(slug=hit.community_slug, name=hit.community_name),
        circle=hit.circle_name or None,
    )


@router.get(
    "/search",
    response={200: list[SearchHitOut], 400: ErrorOut},
    summary="Search everything you may see, best matches first",
)
@paginate(Pagination)
def search(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    kinds = [value for value, _label in search_service.kind_choices()]
    if filters.kind and filters.kind not in kinds:
        raise HttpError(400, f"There is no kind “{filters.kind[:40]}”. Kinds: {', '.join(kinds)}.")
    results = search_service.search(
        user=request.user, text=filters.q, kind=filters.kind, community=filters.community
    )
    # Paginated by slicing: only the requested page is searched and shaped.
    return ShapedPage(results, lambda hit: _hit_out(request, hit))
