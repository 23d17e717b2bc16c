"""Peer review of assignments: a submission goes to two cohort members, chosen fairly;
they read it and write what works and one suggestion by a due date; the author reads the
reviews once both are in (or they are due); the programme team sees counts and late ones."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for, join, make_user
from salon.accounts.models import Block
from salon.communities.models import CircleMembership
from salon.notifications.models import Notification
from salon.programmes.models import Item, PeerReview
from salon.programmes.services.curriculum import ItemPlan, item_add
from salon.programmes.services.progress import item_done
from salon.programmes.tests.conftest import TODAY

ANSWER = {"answer": "My plan: three scenarios, one decision date."}
REVIEW = {"works": "The decision date.", "suggestion": "Name who decides.", "rating": "4"}


def _peer(email: str, name: str, community: Any, cohort: Any, region: str = "") -> Any:
    user = make_user(email, name, region=region)
    join(user, community)
    CircleMembership.objects.create(circle=cohort, user=user)
    return user


@pytest.fixture
def peers(community: Any, cohort: Any, member: Any) -> dict[str, Any]:
    """Maya (EMEA) and three cohort peers: Ana in EMEA too, Bo in APAC, Cy in the Americas."""
    member.region = "emea"
    member.save()
    return {
        "ana": _peer("ana@acme.test", "Ana EMEA", community, cohort, "emea"),
        "bo": _peer("bo@acme.test", "Bo APAC", community, cohort, "apac"),
        "cy": _peer("cy@acme.test", "Cy Americas", community, cohort, "americas"),
    }


@pytest.fixture
def assignment(director: Any, module: Any) -> Item:
    return item_add(
        actor=director,
        module=module,
        plan=ItemPlan(
            kind="assignment",
            title="Your scenario plan",
            due_on=TODAY + timedelta(days=7),
            peer_review=True,
        ),
    )


def _hand_in(user: Any, item: Item) -> Any:
    return client_for(user).post(f"/programme-items/{item.pk}/done/", ANSWER)


def test_handing_in_asks_two_peers_from_elsewhere_and_tells_them(
    member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    response = _hand_in(member, assignment)

    assert response.status_code == 302
    reviews = PeerReview.objects.filter(author=member).order_by("reviewer__name")
    # Bo and Cy work in other regions than Maya's; Ana, in hers, is left for others.
    assert [r.reviewer for r in reviews] == [peers["bo"], peers["cy"]]
    assert {r.due_on for r in reviews} == {TODAY + timedelta(days=7)}
    assert (
        Notification.objects.filter(
            kind="programmes.review_asked", recipient__in=[peers["bo"], peers["cy"]]
        ).count()
        == 2
    )
    page = client_for(peers["bo"]).get(f"/programmes/{assignment.module.programme_id}/")
    assert "Reviews asked of you" in page.content.decode()


def test_nobody_the_author_blocked_reviews_their_work(
    member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    Block.objects.create(blocker=member, blocked=peers["bo"])

    _hand_in(member, assignment)

    reviewers = set(PeerReview.objects.values_list("reviewer__name", flat=True))
    assert reviewers == {"Cy Americas", "Ana EMEA"}


def test_the_author_reads_the_reviews_once_both_are_in(
    member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    _hand_in(member, assignment)
    first, second = PeerReview.objects.order_by("pk")
    programme_page = f"/programmes/{assignment.module.programme_id}/"
    reviewer = client_for(first.reviewer)

    page = reviewer.get(f"/peer-reviews/{first.pk}/").content.decode()
    assert "My plan: three scenarios, one decision date." in page
    assert reviewer.post(f"/peer-reviews/{first.pk}/", REVIEW).status_code == 302
    first.refresh_from_db()
    assert (first.works, first.rating, first.submitted_at is not None) == (
        "The decision date.",
        4,
        True,
    )
    waiting = client_for(member).get(programme_page).content.decode()
    assert "Two peers are reviewing it" in waiting
    assert "The decision date." not in waiting

    client_for(second.reviewer).post(f"/peer-reviews/{second.pk}/", REVIEW)

    assert "The decision date." in client_for(member).get(programme_page).content.decode()
    assert Notification.objects.filter(kind="programmes.reviews_ready", recipient=member).exists()


def test_after_the_due_date_the_author_reads_what_is_in(
    member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    _hand_in(member, assignment)
    first, _second = PeerReview.objects.order_by("pk")
    client_for(first.reviewer).post(f"/peer-reviews/{first.pk}/", REVIEW)
    PeerReview.objects.update(due_on=TODAY - timedelta(days=1))

    body = client_for(member).get(f"/api/v1/programme-items/{assignment.pk}/peer-reviews").json()

    assert body["released"] is True
    assert [r["suggestion"] for r in body["reviews"]] == ["Name who decides."]


def test_a_review_is_submitted_once_and_only_by_its_reviewer(
    member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    _hand_in(member, assignment)
    review = PeerReview.objects.order_by("pk").first()
    assert review is not None
    outsider_in_cohort = peers["ana"] if review.reviewer != peers["ana"] else peers["bo"]

    assert client_for(outsider_in_cohort).get(f"/peer-reviews/{review.pk}/").status_code == 404
    assert client_for(member).get(f"/peer-reviews/{review.pk}/").status_code == 404
    api = client_for(review.reviewer)
    url = f"/api/v1/peer-reviews/{review.pk}/submit"
    body = {"works": "Clear.", "suggestion": "Shorter.", "rating": 6}
    assert api.post(url, body, content_type="application/json").status_code == 422
    body["rating"] = 5
    assert api.post(url, body, content_type="application/json").status_code == 200
    assert api.post(url, body, content_type="application/json").status_code == 403


def test_a_handed_in_assignment_under_review_stays_handed_in(
    member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    _hand_in(member, assignment)

    client_for(member).post(f"/programme-items/{assignment.pk}/undo/")

    assert assignment.progress.filter(user=member).exists()


def test_the_programme_team_sees_counts_and_late_reviews(
    director: Any, member: Any, peers: dict[str, Any], assignment: Item
) -> None:
    _hand_in(member, assignment)
    late = PeerReview.objects.order_by("pk").first()
    assert late is not None
    PeerReview.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=2))
    programme_id = assignment.module.programme_id

    page = client_for(director).get(f"/programmes/{programme_id}/reviews/").content.decode()
    report = client_for(director).get(f"/api/v1/cohort-programmes/{programme_id}/peer-reviews")

    assert "0 of 2 reviews in" in page
    assert late.reviewer.display_name in page
    assert report.json() == [
        {
            "item": assignment.pk,
            "title": "Your scenario plan",
            "assigned": 2,
            "submitted": 0,
            "late": [
                {
                    "review": late.pk,
                    "reviewer": late.reviewer_id,
                    "reviewer_name": late.reviewer.display_name,
                    "author": member.pk,
                    "author_name": member.display_name,
                    "due_on": (TODAY - timedelta(days=2)).isoformat(),
                }
            ],
        }
    ]
    assert client_for(member).get(f"/programmes/{programme_id}/reviews/").status_code == 403


def _report_queries(director: Any, programme_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client_for(director).get(f"/programmes/{programme_id}/reviews/").status_code == 200
    return len(queries)


def test_the_review_report_costs_the_same_with_ten_times_the_cohort(
    director: Any,
    community: Any,
    cohort: Any,
    peers: dict[str, Any],
    member: Any,
    module: Any,
    django_assert_max_num_queries: Any,
) -> None:
    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            item = item_add(
                actor=director,
                module=module,
                plan=ItemPlan(kind="assignment", title=f"Task {i}", peer_review=True),
            )
            for who in [member, *peers.values()]:
                item_done(actor=who, item=item, answer="Done.")
            PeerReview.objects.filter(item=item).update(due_on=TODAY - timedelta(days=1))

    grow(1, 0)
    small = _report_queries(director, module.programme_id)
    for i in range(6):
        _peer(f"more{i}@acme.test", f"More {i}", community, cohort)
    grow(9, 1)

    # Session, user, memberships; the programme; the assignments; their reviews with
    # reviewer and author; the menus. Ten assignments and twice the cohort cost the same.
    assert PeerReview.objects.count() == 2 * 4 * 10
    assert _report_queries(director, module.programme_id) == small
    with django_assert_max_num_queries(small):
        client_for(director).get(f"/programmes/{module.programme_id}/reviews/")


@pytest.mark.parametrize("authors", [1, 3])
def test_the_reviews_asked_of_me_cost_the_same_however_many(
    director: Any,
    member: Any,
    peers: dict[str, Any],
    module: Any,
    authors: int,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(authors):
        item = item_add(
            actor=director,
            module=module,
            plan=ItemPlan(kind="assignment", title=f"Task {i}", peer_review=True),
        )
        for who in peers.values():
            item_done(actor=who, item=item, answer="Done.")
    asked = PeerReview.objects.filter(reviewer=member).count()
    assert asked >= authors

    # Session and user; the memberships (the rate limit and the door); the page of
    # reviews with their items; the count. The same for one assignment or three.
    client = client_for(member)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/me/peer-reviews").json()

    assert body["count"] == asked
    assert {r["item_title"] for r in body["items"]} <= {f"Task {i}" for i in range(authors)}
