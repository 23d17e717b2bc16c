"""Peer review of assignments in the API: the reviews asked of you, one review (the
submission and the form's answers), submitting it, the reviews of your own work once
released, and the programme team's report of counts and late reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut
from salon.goals.services.goals import local_today
from salon.programmes.access import (
    access_cohort_programme,
    access_peer_review,
    access_programme_item,
)
from salon.programmes.selectors import reviews as selectors
from salon.programmes.services.reviews import TEXT_MAX, peer_review_submit

router = Router(tags=["cohort programmes"])


class ReviewOut(Schema):
    id: int
    item: int
    item_title: str
    due_on: date
    submitted_at: datetime | None
    late: bool
    submission: str = Field(..., description="The author's answer to the assignment.")
    works: str
    suggestion: str
    rating: int | None = Field(None, ge=1, le=5)
    page: str


class AskedOut(Schema):
    id: int
    item: int
    item_title: str
    programme: int
    due_on: date
    submitted_at: datetime | None
    late: bool
    page: str


class ReviewIn(Schema):
    works: str = Field(..., min_length=1, max_length=TEXT_MAX, description="What works.")
    suggestion: str = Field(..., min_length=1, max_length=TEXT_MAX, description="One suggestion.")
    rating: int | None = Field(
        None, ge=1, le=5, description="Against the module's competency, 1 to 5."
    )


class ReviewOfMineOut(Schema):
    works: str
    suggestion: str
    rating: int | None


class MyReviewsOut(Schema):
    item: int
    released: bool = Field(..., description="All reviews are in, or their due date passed.")
    reviews: list[ReviewOfMineOut]


class LateReviewOut(Schema):
    review: int
    reviewer: int
    reviewer_name: str
    author: int
    author_name: str
    due_on: date


class AssignmentReviewsOut(Schema):
    item: int
    title: str
    assigned: int
    submitted: int
    late: list[LateReviewOut]


def _review_out(request: HttpRequest, review: Any) -> ReviewOut:
    return ReviewOut(
        id=review.pk,
        item=review.item_id,
        item_title=review.item.title,
        due_on=review.due_on,
        submitted_at=review.submitted_at,
        late=review.is_late(local_today(request.user)),
        submission=selectors.submission_of(review),
        works=review.works,
        suggestion=review.suggestion,
        rating=review.rating,
        page=request.build_absolute_uri(review.get_absolute_url()),
    )


@router.get(
    "/cohort-programmes/{programme_id}/peer-reviews",
    response={200: list[AssignmentReviewsOut], 403: ErrorOut, 404: ErrorOut},
    summary="Each peer-reviewed assignment: reviews asked, in, and late (the programme team)",
)
def review_report(request: HttpRequest, programme_id: int) -> Any:
    programme = access_cohort_programme(request.user, programme_id, "cohort_programme.edit")
    rows = selectors.review_report(programme=programme, today=local_today(request.user))
    return [
        AssignmentReviewsOut(
            item=row.item.pk,
            title=row.item.title,
            assigned=row.assigned,
            submitted=row.submitted,
            late=[
                LateReviewOut(
                    review=r.pk,
                    reviewer=r.reviewer_id,
                    reviewer_name=r.reviewer.display_name,
                    author=r.author_id,
                    author_name=r.author.display_name,
                    due_on=r.due_on,
                )
                for r in row.late
            ],
        )
        for row in rows
    ]


@router.get(
    "/me/peer-reviews",
    response={200: list[AskedOut]},
    summary="The peer reviews asked of you, open ones first",
)
@paginate(Pagination)
def reviews_asked(request: HttpRequest) -> Any:
    today = local_today(request.user)
    return ShapedPage(
        selectors.reviews_asked_of_me(user=request.user),
        lambda r: AskedOut(
            id=r.pk,
            item=r.item_id,
            item_title=r.item.title,
            programme=r.item.module.programme_id,
            due_on=r.due_on,
            submitted_at=r.submitted_at,
            late=r.is_late(today),
            page=request.build_absolute_uri(r.get_absolute_url()),
        ),
    )


@router.get(
    "/peer-reviews/{review_id}",
    response={200: ReviewOut, 404: ErrorOut},
    summary="A review asked of you (or, for the programme team, any review), with the work",
)
def review_get(request: HttpRequest, review_id: int) -> Any:
    return _review_out(request, access_peer_review(request.user, review_id))


@router.post(
    "/peer-reviews/{review_id}/submit",
    response={200: ReviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Submit your review: what works, one suggestion, and an optional rating",
)
def review_submit(request: HttpRequest, review_id: int, payload: ReviewIn) -> Any:
    review = access_peer_review(request.user, review_id, "peer_review.submit")
    peer_review_submit(
        actor=request.user,
        review=review,
        works=payload.works,
        suggestion=payload.suggestion,
        rating=payload.rating,
    )
    return _review_out(request, review)


@router.get(
    "/programme-items/{item_id}/peer-reviews",
    response={200: MyReviewsOut, 403: ErrorOut, 404: ErrorOut},
    summary="The peer reviews of your own submission, once both are in or they are due",
)
def reviews_of_mine(request: HttpRequest, item_id: int) -> Any:
    item = access_programme_item(request.user, item_id, "cohort_programme.take_part")
    mine = selectors.reviews_of_my_work(
        user=request.user, programme=item.module.programme, today=local_today(request.user)
    ).get(item.pk)
    return MyReviewsOut(
        item=item.pk,
        released=bool(mine),
        reviews=[
            ReviewOfMineOut(works=r.works, suggestion=r.suggestion, rating=r.rating)
            for r in mine or []
        ],
    )
