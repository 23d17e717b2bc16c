"""The only doors to resources and paths: 404 for what a user may not see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.resources.models import LearningPath, PathStep, Resource


def access_resource(user: Any, resource_id: int, action: str = "resource.view") -> Resource:
    resource = (
        Resource.objects.select_related(
            "community", "circle__community", "event", "path", "author", "curator"
        )
        .filter(pk=resource_id)
        .first()
    )
    if resource is None or not can(user, "resource.view", resource):
        raise Http404
    if action != "resource.view":
        require(user, action, resource)
    return resource


def access_path(user: Any, path_id: int, action: str = "path.view") -> LearningPath:
    path = (
        LearningPath.objects.select_related("community", "circle__community")
        .filter(pk=path_id)
        .first()
    )
    if path is None or not can(user, "path.view", path):
        raise Http404
    if action != "path.view":
        require(user, action, path)
    return path


def access_step(user: Any, step_id: int, action: str = "path.view") -> PathStep:
    step = (
        PathStep.objects.select_related(
            "path__community", "path__circle__community", "resource", "event"
        )
        .filter(pk=step_id)
        .first()
    )
    if step is None or not can(user, "path.view", step.path):
        raise Http404
    if action != "path.view":
        require(user, action, step.path)
    return step
