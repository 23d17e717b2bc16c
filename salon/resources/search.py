"""What the library puts in search (see docs/search.md): each published resource, with the
words of its current file. The "resource" audience mirrors ``resource.view`` for published
resources: anyone with a role in the community for a resource outside circles, the circle
rule (``circle.view``) for one in a circle. Suggestions and declined ones are not indexed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from salon.communities.roles import memberships_of
from salon.core import search
from salon.core.markdown import plain_text
from salon.core.models import SearchDocument
from salon.resources.models import LearningPath, Resource, ResourceVersion


def _resource_view(user: Any) -> Q:
    return Q(circle__isnull=True, community_id__in=list(memberships_of(user))) | (
        Q(circle__isnull=False) & search.audience("circle").visible(user)
    )


def _resource_of(document: SearchDocument) -> Resource:
    return Resource.objects.select_related("community", "circle").get(pk=document.object_id)


def _path_of(document: SearchDocument) -> LearningPath:
    return LearningPath.objects.select_related("community", "circle").get(pk=document.object_id)


search.register_audience(search.Audience("resource", "resource.view", _resource_view, _resource_of))
search.register_audience(search.Audience("path", "path.view", _resource_view, _path_of))


def resource_document(resource: Resource) -> search.Document | None:
    if not resource.is_published:
        return None
    file_text = ""
    if resource.current_version_id is not None:
        file_text = (
            ResourceVersion.objects.filter(pk=resource.current_version_id)
            .values_list("text", flat=True)
            .first()
            or ""
        )
    tags = [str(resource.get_kind_display())]
    if resource.pk:
        tags += [t.name for t in resource.tags.all()]
        tags += [c.name for c in resource.competencies.all()]
    return search.Document(
        community_id=resource.community_id,
        circle_id=resource.circle_id,
        title=resource.title,
        body="\n".join(p for p in (resource.summary, plain_text(resource.body), file_text) if p),
        tags=tags,
        url=resource.get_absolute_url(),
    )


def path_document(path: LearningPath) -> search.Document | None:
    if not path.is_published:
        return None
    return search.Document(
        community_id=path.community_id,
        circle_id=path.circle_id,
        title=path.title,
        body=path.summary,
        tags=[str(_("Learning path"))],
        url=path.get_absolute_url(),
    )


search.register(
    search.Source(
        kind="resource",
        label=_("Library"),
        model=Resource,
        audience="resource",
        document=resource_document,
        queryset=lambda: Resource.objects.prefetch_related("tags", "competencies"),
    )
)
search.register(
    search.Source(
        kind="path",
        label=_("Learning path"),
        model=LearningPath,
        audience="path",
        document=path_document,
    )
)
