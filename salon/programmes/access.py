"""The only doors to cohort programmes, their modules and items: 404 for what a user may
not see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.permissions import can, require
from salon.programmes.models import Item, Module, PeerReview, Programme


def access_cohort_programme(
    user: Any, programme_id: int, action: str = "cohort_programme.view"
) -> Programme:
    programme = Programme.objects.select_related("community").filter(pk=programme_id).first()
    if programme is None or not can(user, "cohort_programme.view", programme):
        raise Http404
    if action != "cohort_programme.view":
        require(user, action, programme)
    return programme


def access_programme_module(
    user: Any, module_id: int, action: str = "cohort_programme.view"
) -> Module:
    module = Module.objects.select_related("programme__community").filter(pk=module_id).first()
    if module is None or not can(user, "cohort_programme.view", module.programme):
        raise Http404
    if action != "cohort_programme.view":
        require(user, action, module.programme)
    return module


def access_programme_item(user: Any, item_id: int, action: str = "cohort_programme.view") -> Item:
    item = (
        Item.objects.select_related("module__programme__community", "resource", "path", "event")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not can(user, "cohort_programme.view", item.module.programme):
        raise Http404
    if action != "cohort_programme.view":
        require(user, action, item.module.programme)
    return item


def access_peer_review(user: Any, review_id: int, action: str = "peer_review.view") -> PeerReview:
    """A review asked of the user, or, for the programme's team, any of its reviews."""
    review = (
        PeerReview.objects.select_related("item__module__programme__community", "author")
        .filter(pk=review_id)
        .first()
    )
    if review is None or not can(user, "peer_review.view", review):
        raise Http404
    if action != "peer_review.view":
        require(user, action, review)
    return review
