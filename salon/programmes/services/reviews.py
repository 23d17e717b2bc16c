"""Peer review of assignments: two cohort members are asked to review each submission
(chosen fairly by ``programmes/reviewing.py``), and each writes what works, one
suggestion and, if they like, a rating against the module's competency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import require
from salon.goals.cleaning import clean_text
from salon.programmes import notifications
from salon.programmes.models import Item, ItemKind, PeerReview
from salon.programmes.reviewing import Person, choose_reviewers
from salon.programmes.selectors import reviews as selectors

# Reviewers have this many days from the submission.
REVIEW_DAYS = 7
TEXT_MAX = 2000


@transaction.atomic
def reviewers_assign(*, actor: Any, item: Item) -> list[PeerReview]:
    """Ask two cohort members to review the actor's submission of ``item`` (nothing when
    the item asks for no peer review, or reviewers were asked already)."""
    programme = item.module.programme
    require(actor, "cohort_programme.take_part", programme)
    if item.kind != ItemKind.ASSIGNMENT or not item.peer_review:
        return []
    if PeerReview.objects.filter(item=item, author_id=actor.pk).exists():
        return []
    # One assignment's reviewers are chosen one submission at a time, so loads stay true.
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    cohort = selectors.cohort_people(programme=programme)
    author = next((p for p in cohort if p.id == actor.pk), Person(id=actor.pk))
    here, overall = selectors.loads(item=item)
    chosen = choose_reviewers(
        author=author,
        cohort=cohort,
        load=here,
        programme_load=overall,
        blocked=selectors.blocked_with(user_id=actor.pk),
        waiting=frozenset(p.id for p in cohort) - selectors.handed_in(item=item),
    )
    now = timezone.now()
    due_on = timezone.localdate(now) + timedelta(days=REVIEW_DAYS)
    reviews = PeerReview.objects.bulk_create(
        [
            PeerReview(
                item=item, author_id=actor.pk, reviewer_id=pk, assigned_at=now, due_on=due_on
            )
            for pk in chosen
        ]
    )
    audit(
        "programmes.review.assigned",
        actor=actor,
        target=programme,
        item=item.pk,
        reviewers=len(reviews),
    )
    ids = [review.pk for review in reviews]
    transaction.on_commit(lambda: _tell_reviewers(ids), robust=True)
    return reviews


def _tell_reviewers(review_ids: list[int]) -> None:
    for review in PeerReview.objects.filter(pk__in=review_ids).select_related(
        "item__module__programme__community"
    ):
        notifications.review_asked(review=review)


@transaction.atomic
def peer_review_submit(
    *, actor: Any, review: PeerReview, works: str, suggestion: str, rating: int | None = None
) -> PeerReview:
    require(actor, "peer_review.submit", review)
    review.works = clean_text(works, label=_("What works"), max_length=TEXT_MAX)
    review.suggestion = clean_text(suggestion, label=_("One suggestion"), max_length=TEXT_MAX)
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("A rating is from 1 to 5."), code="rating")
    review.rating = rating
    review.submitted_at = timezone.now()
    # Submitted once: a second tab's submission finds it done and changes nothing.
    updated = PeerReview.objects.filter(pk=review.pk, submitted_at__isnull=True).update(
        works=review.works,
        suggestion=review.suggestion,
        rating=review.rating,
        submitted_at=review.submitted_at,
    )
    if not updated:
        raise ValidationError(_("This review was submitted already."), code="submitted")
    audit("programmes.review.submitted", actor=actor, target=review.item.module.programme)
    all_in = not PeerReview.objects.filter(
        item_id=review.item_id, author_id=review.author_id, submitted_at__isnull=True
    ).exists()
    if all_in:
        transaction.on_commit(lambda: notifications.reviews_ready(review=review), robust=True)
    return review
