"""Reads of peer reviews: the cohort as plain people for choosing reviewers, the reviews
asked of a member, the reviews of a member's own work once released, and the programme
team's report. Each is one or two queries, however large the cohort."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import F, Q

from salon.communities.models import PARTICIPANT_ROLES, CircleMembership
from salon.programmes.models import Item, ItemKind, PeerReview, Programme
from salon.programmes.reviewing import Person


def cohort_people(*, programme: Programme) -> list[Person]:
    """The programme's cohort members who take part in its community, each with their
    region and their other circles of the community (two queries)."""
    from salon.accounts.models import User

    users = list(
        User.objects.filter(
            is_active=True,
            circle_memberships__circle__cohort_programmes=programme,
            circle_memberships__circle__archived_at__isnull=True,
            memberships__community_id=programme.community_id,
            memberships__role__in=PARTICIPANT_ROLES,
        )
        .distinct()
        .only("pk", "region")
    )
    cohort_ids = set(programme.cohorts.values_list("pk", flat=True))
    circles: dict[int, set[int]] = {u.pk: set() for u in users}
    for user_id, circle_id in CircleMembership.objects.filter(
        user_id__in=list(circles),
        circle__community_id=programme.community_id,
        circle__archived_at__isnull=True,
    ).values_list("user_id", "circle_id"):
        if circle_id not in cohort_ids:
            circles[user_id].add(circle_id)
    return [Person(id=u.pk, region=u.region, circles=frozenset(circles[u.pk])) for u in users]


def loads(*, item: Item) -> tuple[dict[int, int], dict[int, int]]:
    """Reviews asked of each person: for this assignment, and across the programme."""
    here: dict[int, int] = {}
    overall: dict[int, int] = {}
    for item_id, reviewer_id in PeerReview.objects.filter(
        item__module__programme_id=item.module.programme_id
    ).values_list("item_id", "reviewer_id"):
        overall[reviewer_id] = overall.get(reviewer_id, 0) + 1
        if item_id == item.pk:
            here[reviewer_id] = here.get(reviewer_id, 0) + 1
    return here, overall


def handed_in(*, item: Item) -> frozenset[int]:
    """Who has handed the assignment in (one query)."""
    from salon.programmes.models import Progress

    return frozenset(Progress.objects.filter(item=item).values_list("user_id", flat=True))


def blocked_with(*, user_id: int) -> frozenset[int]:
    """Everyone the user blocked or was blocked by (one query)."""
    from salon.accounts.models import Block

    pairs = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return frozenset(b if a == user_id else a for a, b in pairs)


def reviews_asked_of(*, user: Any, programme: Programme) -> list[PeerReview]:
    """The reviews the user is asked for in this programme, open ones first."""
    return list(
        PeerReview.objects.filter(reviewer_id=user.pk, item__module__programme=programme)
        .select_related("item", "author")
        .order_by(F("submitted_at").asc(nulls_first=True), "due_on", "pk")
    )


def reviews_asked_of_me(*, user: Any) -> Any:
    """Every review asked of the user in programmes they still take part in, open ones
    first (one query; a page at a time)."""
    from salon.communities.models import Membership

    return (
        PeerReview.objects.filter(
            reviewer_id=user.pk,
            item__module__programme__community__in=Membership.objects.filter(
                user_id=user.pk, role__in=PARTICIPANT_ROLES
            ).values("community_id"),
        )
        .select_related("item__module__programme")
        .order_by(F("submitted_at").asc(nulls_first=True), "due_on", "pk")
    )


def released(reviews: list[PeerReview], today: date) -> bool:
    """The author reads the reviews of a submission once all are in, or once they are due."""
    return bool(reviews) and all(r.is_submitted or r.due_on < today for r in reviews)


def reviews_of_my_work(*, user: Any, programme: Programme, today: date) -> dict[int, list[Any]]:
    """Per assignment: the submitted reviews of the user's work, when released; an empty
    list while they are still being written (one query)."""
    mine: dict[int, list[PeerReview]] = {}
    for review in PeerReview.objects.filter(
        author_id=user.pk, item__module__programme=programme
    ).order_by("pk"):
        mine.setdefault(review.item_id, []).append(review)
    return {
        item_id: [r for r in rows if r.is_submitted] if released(rows, today) else []
        for item_id, rows in mine.items()
    }


@dataclass
class AssignmentReviews:
    item: Item
    assigned: int = 0
    submitted: int = 0
    late: list[PeerReview] = field(default_factory=list)


def review_report(*, programme: Programme, today: date) -> list[AssignmentReviews]:
    """For the programme's team: each peer-reviewed assignment with how many reviews were
    asked and are in, and the late ones by name (two queries)."""
    rows = {
        item.pk: AssignmentReviews(item=item)
        for item in Item.objects.filter(
            module__programme=programme, kind=ItemKind.ASSIGNMENT, peer_review=True
        ).order_by("module__position", "position")
    }
    for review in (
        PeerReview.objects.filter(item_id__in=list(rows))
        .select_related("author", "reviewer")
        .order_by("due_on", "pk")
    ):
        row = rows[review.item_id]
        row.assigned += 1
        if review.is_submitted:
            row.submitted += 1
        elif review.is_late(today):
            row.late.append(review)
    return list(rows.values())


def submission_of(review: PeerReview) -> str:
    """The author's answer the reviewer reads (one query)."""
    from salon.programmes.models import Progress

    done = Progress.objects.filter(item_id=review.item_id, user_id=review.author_id).first()
    return done.answer if done else ""


def review_competency(review: PeerReview) -> Any:
    """The module's first competency, which the optional rating is against (or None)."""
    return review.item.module.competencies.order_by("pk").first()
