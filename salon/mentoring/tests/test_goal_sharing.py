"""The goals a mentee shares in the space, what the mentor then sees (and another member
does not), and the mentoring part of the personal data export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import TestCase

from conftest import client_for, join, make_user
from salon.accounts.services import personal_data_export
from salon.goals.models import Competency, Goal
from salon.goals.services.goals import check_in_create as goal_check_in
from salon.goals.services.goals import goal_create
from salon.mentoring.models import Programme
from salon.mentoring.services.mentorships import check_in_create, session_log


def _goal(owner: Any, community: Any, visibility: str, title: str) -> Goal:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return goal_create(
            owner=owner,
            community=community,
            competency=Competency.objects.get(community=community, name="Developing others"),
            title=title,
            success_looks_like="My team decides without me.",
            visibility=visibility,
        )


def test_the_mentee_shares_a_goal_and_the_mentor_sees_it_but_another_member_does_not(
    member: Any, mentor: Any, community: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    goal = _goal(member, community, "mentor", "Lead the board review")
    _goal(member, community, "only_me", "Find a new job")
    with TestCase.captureOnCommitCallbacks(execute=True):
        goal_check_in(actor=member, goal=goal, progress=40, confidence=6, blocked="Time.")
    sam = make_user("sam@acme.test", "Sam Stranger")
    join(sam, community)

    offered = client_for(member).get(f"/mentoring/{mentorship.pk}/agreement/").content.decode()
    assert "Lead the board review" in offered
    assert "Find a new job" not in offered  # "only me" goals are not offered
    response = client_for(member).post(
        f"/mentoring/{mentorship.pk}/agreement/", {"share": "1", "share-goals": [goal.pk]}
    )

    assert response.status_code == 302
    assert list(mentorship.shared_goals.all()) == [goal]
    space = client_for(mentor).get(mentorship.get_absolute_url()).content.decode()
    assert "Lead the board review" in space
    assert "40% progress" in space
    assert goal.get_absolute_url() in space
    goal_page = client_for(mentor).get(goal.get_absolute_url())
    assert goal_page.status_code == 200
    assert "Time." in goal_page.content.decode()  # mentors see check-in notes
    assert client_for(sam).get(goal.get_absolute_url()).status_code == 404
    assert client_for(sam).get(mentorship.get_absolute_url()).status_code == 404


def test_an_only_me_goal_cannot_be_shared_and_the_mentor_cannot_choose(
    member: Any, mentor: Any, community: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    secret = _goal(member, community, "only_me", "Find a new job")
    visible = _goal(member, community, "community", "Speak at the summit")

    refused = client_for(member).post(
        f"/mentoring/{mentorship.pk}/agreement/", {"share": "1", "share-goals": [secret.pk]}
    )
    by_mentor = client_for(mentor).post(
        f"/mentoring/{mentorship.pk}/agreement/", {"share": "1", "share-goals": [visible.pk]}
    )

    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    # The mentor's form has no goals to tick: what they send for them is ignored.
    assert by_mentor.status_code == 302
    assert not mentorship.shared_goals.exists()
    assert (
        "Tick the goals"
        not in client_for(mentor).get(f"/mentoring/{mentorship.pk}/agreement/").content.decode()
    )


def test_a_shared_goal_made_only_me_later_drops_out_of_the_space(
    member: Any, mentor: Any, community: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    goal = _goal(member, community, "mentor", "Lead the board review")
    mentorship.shared_goals.add(goal)
    Goal.objects.filter(pk=goal.pk).update(visibility="only_me")

    space = client_for(mentor).get(mentorship.get_absolute_url()).content.decode()

    assert "Lead the board review" not in space


def test_the_data_export_holds_my_mentorships_sessions_and_check_ins_never_the_others(
    member: Any, mentor: Any, programme: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    with TestCase.captureOnCommitCallbacks(execute=True):
        session = session_log(
            actor=member,
            mentorship=mentorship,
            held_on=date(2026, 11, 3),
            minutes=60,
            notes="Shared: the stakeholder map.",
            private_note="Maya's private worry.",
        )
    session.private_notes.create(author=mentor, text="Mona's private view.")
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 10)
    )
    mentorship.refresh_from_db()
    check_in_create(actor=member, mentorship=mentorship, stage="mid", satisfaction=4, progress=3)
    check_in_create(
        actor=mentor,
        mentorship=mentorship,
        stage="mid",
        satisfaction=2,
        progress=2,
        comment="Mona's candid comment",
    )

    maya = personal_data_export(user=member)
    mona = personal_data_export(user=mentor)

    (mine,) = maya["mentorships"]
    assert (mine["side"], mine["with"]) == ("mentee", "Mona Mentor")
    assert mine["sessions"] == [
        {
            "held_on": "2026-11-03",
            "minutes": 60,
            "shared_notes": "Shared: the stakeholder map.",
            "my_private_notes": "Maya's private worry.",
        }
    ]
    assert [(c["stage"], c["satisfaction"]) for c in mine["my_check_ins"]] == [("mid", 4)]
    assert "Mona's" not in str(maya)
    assert mona["mentorships"][0]["sessions"][0]["my_private_notes"] == "Mona's private view."
    assert "Maya's private worry." not in str(mona)
    assert [e["side"] for e in maya["mentoring_enrolments"]] == ["mentee"]


def test_one_save_keeps_both_the_agreement_and_the_goals_the_mentee_ticked(
    member: Any, mentor: Any, community: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    goal = _goal(member, community, "mentor", "Lead the board review")
    page = client_for(member).get(f"/mentoring/{mentorship.pk}/agreement/").content.decode()

    response = client_for(member).post(
        f"/mentoring/{mentorship.pk}/agreement/",
        {
            "goals": "Board presence.",
            "cadence": "Monthly",
            "how": "Video",
            "share-goals": [goal.pk],
        },
        follow=True,
    )

    # One form, one button: nothing the mentee ticked is dropped.
    form = page.split(f'action="/mentoring/{mentorship.pk}/agreement/"')
    assert len(form) == 2
    assert "Lead the board review" in form[1].split("</form>")[0]
    assert "Save the agreement and shared goals" in form[1].split("</form>")[0]
    assert response.status_code == 200
    mentorship.refresh_from_db()
    assert mentorship.agreement_cadence == "Monthly"
    assert list(mentorship.shared_goals.all()) == [goal]
    assert "Agreement saved. Shared goals saved." in response.content.decode()


def test_saving_only_the_goals_leaves_the_agreement_and_its_author_alone(
    member: Any, mentor: Any, community: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    goal = _goal(member, community, "mentor", "Lead the board review")
    client_for(mentor).post(
        f"/mentoring/{mentorship.pk}/agreement/",
        {"goals": "Board presence.", "cadence": "Monthly", "how": "Video"},
    )

    client_for(member).post(
        f"/mentoring/{mentorship.pk}/agreement/",
        {
            "goals": "Board presence.",
            "cadence": "Monthly",
            "how": "Video",
            "share-goals": [goal.pk],
        },
    )

    mentorship.refresh_from_db()
    assert mentorship.agreement_updated_by == mentor
    assert list(mentorship.shared_goals.all()) == [goal]
