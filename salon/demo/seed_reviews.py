"""Peer reviews in the Global Executive Network's cohort programme: each hand-in of a
peer-reviewed assignment went to two peers, chosen by the same rules as in use
(``programmes/reviewing.py``); reviews past their due date are mostly in, one in five
late. The demo member reads both reviews of her stakeholder map, and has one review of
her own still to write this week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from salon.programmes.models import Item, PeerReview, Programme, Progress
from salon.programmes.reviewing import choose_reviewers
from salon.programmes.selectors.reviews import cohort_people
from salon.programmes.services.reviews import REVIEW_DAYS


def seed_reviews(
    *, programme: Programme, member: Any, reviews: list[dict[str, str]], today: date
) -> None:
    cohort = cohort_people(programme=programme)
    rows: list[PeerReview] = []
    n = 0
    for item in Item.objects.filter(module__programme=programme, peer_review=True):
        handed_in = list(Progress.objects.filter(item=item).order_by("done_at", "pk"))
        waiting = {p.id for p in cohort}
        load: dict[int, int] = {}
        for progress in handed_in:
            waiting.discard(progress.user_id)
            author = next((p for p in cohort if p.id == progress.user_id), None)
            if author is None:
                continue
            for reviewer in choose_reviewers(
                author=author, cohort=cohort, load=load, waiting=frozenset(waiting)
            ):
                load[reviewer] = load.get(reviewer, 0) + 1
                due_on = progress.done_at.date() + timedelta(days=REVIEW_DAYS)
                words = reviews[n % len(reviews)]
                n += 1
                done = progress.user_id == member.pk or (due_on < today and n % 5 != 0)
                rows.append(
                    PeerReview(
                        item=item,
                        author_id=progress.user_id,
                        reviewer_id=reviewer,
                        assigned_at=progress.done_at,
                        due_on=due_on,
                        works=words["works"] if done else "",
                        suggestion=words["suggestion"] if done else "",
                        rating=4 if done and n % 2 else None,
                        submitted_at=progress.done_at + timedelta(days=2) if done else None,
                    )
                )
    PeerReview.objects.bulk_create(rows)
    # One review asked of the demo member is hers to write this week.
    mine = PeerReview.objects.filter(reviewer=member, submitted_at__isnull=True).first()
    if mine is None:
        mine = PeerReview.objects.filter(reviewer=member).order_by("-pk").first()
    if mine is not None:
        PeerReview.objects.filter(pk=mine.pk).update(
            due_on=today + timedelta(days=3), submitted_at=None, works="", suggestion=""
        )
