from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.circles.models import MeetingNotes
from salon.demo.forum_content import COHORT_SLUG


def test_the_director_sees_the_cohorts_health_and_the_member_their_meeting_actions(
    db: Any,
) -> None:
    call_command("seed_demo")
    director = User.objects.get(email="director@salon.test")
    member = User.objects.get(email="member@salon.test")

    page = client_for(director).get(f"/c/global-executive-network/circles/{COHORT_SLUG}/health/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "Quiet for 30 days" in body
    assert body.count("Nudge ") >= 2
    assert "Goals stalling" in body
    assert "Assignments late" in body
    assert "of the circle came to its recent sessions" in body
    assert MeetingNotes.objects.filter(circle__slug=COHORT_SLUG).count() == 2
    week = client_for(member).get("/api/v1/me/week").json()
    assert len(week["actions"]) == 2
    circles = client_for(director).get("/c/global-executive-network/circles/").content.decode()
    assert "Waiting for approval" in circles
    # An assignment peer-reviewed: the member reads both reviews of her stakeholder map,
    # and has one review of her own to write; the director sees the counts.
    programme = member.circle_memberships.get(
        circle__slug=COHORT_SLUG
    ).circle.cohort_programmes.get()
    mine = client_for(member).get(programme.get_absolute_url()).content.decode()
    assert mine.count("One suggestion") >= 2
    assert "Reviews asked of you" in mine
    report = client_for(director).get(f"/programmes/{programme.pk}/reviews/").content.decode()
    assert "reviews in" in report
