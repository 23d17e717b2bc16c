"""My mentoring and the pair's shared space: only the pair sees it, the agreement is
written together, check-in answers stay with their author, and a pair can end early and
ask for a rematch. Maya (member) is mentored by Mona (mentor)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import client_for
from salon.core.models import AuditEvent
from salon.mentoring.models import (
    ActionItem,
    Enrolment,
    Match,
    MatchStatus,
    MentoringCheckIn,
    MentoringSession,
    Mentorship,
    MentorshipStatus,
    Programme,
    ProgrammeStatus,
)
from salon.mentoring.selectors.mentorships import programme_health
from salon.mentoring.services.mentorships import check_in_create, session_log
from salon.notifications.models import Notification


def _open_check_ins(programme: Programme) -> None:
    """Move the cycle so that both check-ins are open today."""
    today = timezone.localdate()
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=today - timedelta(days=150), ends_on=today + timedelta(days=5)
    )


def test_the_pair_sees_their_space_and_nobody_else_does(
    member: Any,
    mentor: Any,
    director: Any,
    facilitator: Any,
    guest: Any,
    outsider: Any,
    make_mentorship: Any,
) -> None:
    mentorship = make_mentorship()

    for person in (member, mentor):
        response = client_for(person).get(f"/mentoring/{mentorship.pk}/")
        assert response.status_code == 200
        assert "This space belongs to you" in response.content.decode()
    # Directors included: the programme team knows the pair exists, never the space.
    for person in (director, facilitator, guest, outsider):
        for path in ("", "agreement/", "sessions/new/", "check-in/mid/", "end/"):
            response = client_for(person).get(f"/mentoring/{mentorship.pk}/{path}")
            assert response.status_code == 404, (person, path)
    assert client_for(member).get("/mentoring/999999/").status_code == 404


def test_my_mentoring_lists_both_sides_matches_to_answer_and_open_programmes(
    member: Any, mentor: Any, programme: Any, make_mentorship: Any, community: Any
) -> None:
    mentorship = make_mentorship()
    Mentorship.objects.filter(pk=mentorship.pk).update(last_session_on=date(2026, 11, 2))
    ActionItem.objects.create(mentorship=mentorship, text="Read the board pack", owner=member)
    other = Programme.objects.create(
        community=community,
        name="Reverse mentoring on AI",
        starts_on=date(2027, 2, 1),
        ends_on=date(2027, 7, 1),
        status=ProgrammeStatus.ENROLLING,
    )
    match = Match.objects.create(
        programme=other, mentee=member, mentor=mentor, status=MatchStatus.PUBLISHED
    )

    maya = client_for(member).get("/mentoring/").content.decode()
    mona = client_for(mentor).get("/mentoring/").content.decode()

    assert "Mentored by Mona Mentor" in maya
    assert "Mentoring Maya Member" in mona
    assert "2 November 2026" in maya  # the last session
    assert "Mid-cycle: opens" in maya
    assert f"/mentoring/matches/{match.pk}/" in maya
    assert f"/c/acme/mentoring/{other.pk}/" in maya
    assert "Cross-regional mentoring 2027" in maya
    assert ">Mentoring</a>" in maya  # the header entry


def test_my_mentoring_explains_itself_when_empty(member: Any) -> None:
    body = client_for(member).get("/mentoring/").content.decode()

    assert "No mentoring yet" in body
    assert "A mentor is a peer" in body


def test_either_side_edits_the_agreement_and_the_space_says_who_did(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()

    response = client_for(mentor).post(
        f"/mentoring/{mentorship.pk}/agreement/",
        {"goals": "Board presence.", "cadence": "An hour every three weeks", "how": "Video"},
    )

    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.agreement_cadence == "An hour every three weeks"
    assert mentorship.agreement_updated_by == mentor
    assert AuditEvent.objects.filter(action="mentoring.agreement.updated").exists()
    body = client_for(member).get(mentorship.get_absolute_url()).content.decode()
    assert "Board presence." in body
    assert "Last updated by Mona Mentor" in body


def test_an_agreement_that_is_too_long_is_refused_with_a_clear_error(
    member: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()

    response = client_for(member).post(
        f"/mentoring/{mentorship.pk}/agreement/", {"goals": "x", "cadence": "y" * 201, "how": ""}
    )

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.agreement_goals == ""


def test_check_in_answers_are_hidden_from_the_other_side(
    member: Any, mentor: Any, programme: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    _open_check_ins(programme)

    response = client_for(member).post(
        f"/mentoring/{mentorship.pk}/check-in/mid/",
        {"satisfaction": "2", "progress": "4", "comment": "Zanzibar feels rushed."},
    )

    assert response.status_code == 302
    check_in = MentoringCheckIn.objects.get()
    assert (check_in.author, check_in.stage, check_in.satisfaction) == (member, "mid", 2)
    # Only that it happened reaches the audit log; the answers do not.
    event = AuditEvent.objects.get(action="mentoring.check_in.created")
    assert "Zanzibar" not in str(event.details)
    mine = client_for(member).get(f"/mentoring/{mentorship.pk}/check-in/mid/").content.decode()
    assert "Zanzibar feels rushed." in mine
    space = client_for(mentor).get(mentorship.get_absolute_url()).content.decode()
    assert "Maya has answered." in space
    theirs = client_for(mentor).get(f"/mentoring/{mentorship.pk}/check-in/mid/").content.decode()
    assert "Zanzibar" not in space + theirs
    assert "Send my check-in" in theirs  # Mona answers her own


def test_a_check_in_is_answered_once_and_not_before_it_opens(
    member: Any, programme: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    client = client_for(member)

    early = client.post(
        f"/mentoring/{mentorship.pk}/check-in/end/", {"satisfaction": "5", "progress": "5"}
    )
    assert early.status_code == 400
    _open_check_ins(programme)
    assert (
        client.post(
            f"/mentoring/{mentorship.pk}/check-in/end/", {"satisfaction": "5", "progress": "5"}
        ).status_code
        == 302
    )
    again = client.post(
        f"/mentoring/{mentorship.pk}/check-in/end/", {"satisfaction": "1", "progress": "1"}
    )
    assert again.status_code == 400
    assert MentoringCheckIn.objects.get().satisfaction == 5
    missing = client.post(f"/mentoring/{mentorship.pk}/check-in/mid/", {"satisfaction": "9"})
    assert missing.status_code == 400
    assert "Select a valid choice" in missing.content.decode()
    assert client.get(f"/mentoring/{mentorship.pk}/check-in/later/").status_code == 404


def test_the_mentee_ends_early_asks_for_a_rematch_and_the_mentor_is_told_by_email(
    member: Any, mentor: Any, make_mentorship: Any, smtp_inbox: Any
) -> None:
    mentorship = make_mentorship()

    response = client_for(member).post(
        f"/mentoring/{mentorship.pk}/end/",
        {"reason": "Our calendars never meet.", "wants_rematch": "on"},
    )

    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ENDED_EARLY
    assert (mentorship.ended_by, mentorship.wants_rematch) == (member, True)
    assert Enrolment.objects.filter(user=member, withdrawn_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="mentoring.mentorship.ended_early").exists()
    told = Notification.objects.get(kind="mentoring.ended_early")
    assert told.recipient == mentor
    assert [m["X-Rcpt-To"] for m in smtp_inbox.messages] == [mentor.email]
    body = client_for(mentor).get(mentorship.get_absolute_url()).content.decode()
    assert "Our calendars never meet." in body
    assert "A rematch was asked" in body
    assert "Log a session" not in body
    # An ended mentorship takes no more writes, and its space stays readable.
    assert client_for(member).get(f"/mentoring/{mentorship.pk}/end/").status_code == 403
    assert (
        client_for(member)
        .post(
            f"/mentoring/{mentorship.pk}/sessions/new/", {"held_on": "2026-11-01", "minutes": "60"}
        )
        .status_code
        == 403
    )


def test_ending_needs_a_reason(member: Any, make_mentorship: Any) -> None:
    mentorship = make_mentorship()

    response = client_for(member).post(f"/mentoring/{mentorship.pk}/end/", {"reason": " "})

    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACTIVE


def test_when_the_mentor_ends_it_a_rematch_is_asked_for_the_mentee(
    mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()

    client_for(mentor).post(f"/mentoring/{mentorship.pk}/end/", {"reason": "New role abroad."})

    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ENDED_EARLY
    assert mentorship.wants_rematch is True


def test_action_items_are_added_toggled_and_shown_overdue(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    client = client_for(mentor)

    response = client.post(
        f"/mentoring/{mentorship.pk}/actions/new/",
        {
            "action-text": "Draft the board memo",
            "action-owner": member.pk,
            "action-due_on": "2026-01-05",
        },
    )

    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.due_on) == (member, date(2026, 1, 5))
    assert "Overdue" in client.get(mentorship.get_absolute_url()).content.decode()
    toggled = client.post(
        f"/mentoring/{mentorship.pk}/actions/{item.pk}/toggle/", headers={"HX-Request": "true"}
    )
    assert toggled.status_code == 200
    item.refresh_from_db()
    assert item.done_at is not None
    assert "Done" in toggled.content.decode()
    bad = client.post(f"/mentoring/{mentorship.pk}/actions/new/", {"action-text": ""})
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()


@pytest.fixture
def many_sessions(member: Any, mentor: Any, make_mentorship: Any) -> Any:
    mentorship = make_mentorship()

    def grow(count: int) -> Mentorship:
        start = MentoringSession.objects.filter(mentorship=mentorship).count()
        for n in range(start, start + count):
            session = MentoringSession.objects.create(
                mentorship=mentorship,
                held_on=date(2026, 1, 1) + timedelta(days=n),
                notes=f"Session **{n}**",
                logged_by=member,
            )
            session.private_notes.create(author=member, text=f"Maya's note {n}")
            session.private_notes.create(author=mentor, text=f"Mona's note {n}")
            ActionItem.objects.create(
                mentorship=mentorship, session=session, text=f"A{n}", owner=mentor
            )
        return mentorship

    return grow


def test_the_space_and_my_mentoring_cost_the_same_queries_for_5_or_100_sessions(
    member: Any, many_sessions: Any, django_assert_max_num_queries: Any
) -> None:
    mentorship = many_sessions(5)
    client = client_for(member)
    client.get(mentorship.get_absolute_url())  # warm: content types, sessions
    client.get("/mentoring/")
    # user, the mentorship (programme, community, pair, who edited the agreement), the
    # viewer's memberships, sessions, the viewer's private notes, check-ins, shared goals
    # (with their latest check-in), action items (with owners), the bell
    with django_assert_max_num_queries(9) as space:
        assert client.get(mentorship.get_absolute_url()).status_code == 200
    # user, memberships, mentorships (pair, programme, open actions), the viewer's
    # check-ins, matches to answer, the viewer's enrolments and their matches (where they
    # stand), open programmes, the bell
    with django_assert_max_num_queries(9) as mine:
        assert client.get("/mentoring/").status_code == 200

    many_sessions(95)

    with django_assert_max_num_queries(len(space.captured_queries)):
        response = client.get(mentorship.get_absolute_url())
    assert len(response.context["sessions"]) == 100
    with django_assert_max_num_queries(len(mine.captured_queries)):
        assert client.get("/mentoring/").status_code == 200


def test_private_notes_never_reach_the_other_side_in_the_space(
    member: Any, mentor: Any, many_sessions: Any
) -> None:
    mentorship = many_sessions(3)

    maya = client_for(member).get(mentorship.get_absolute_url()).content.decode()
    mona = client_for(mentor).get(mentorship.get_absolute_url()).content.decode()

    assert "Maya&#x27;s note 2" in maya
    assert "Mona&#x27;s note" not in maya
    assert "Mona&#x27;s note 2" in mona
    assert "Maya&#x27;s note" not in mona
    assert "<strong>2</strong>" in maya  # shared notes in Markdown


def test_programme_health_counts_pairs_and_hides_means_under_three_answers(
    member: Any, mentor: Any, programme: Any, make_mentorship: Any, enrol: Any, community: Any
) -> None:
    from conftest import join, make_user

    first = make_mentorship()
    _open_check_ins(programme)
    programme.refresh_from_db()
    first.programme = programme
    session_log(actor=member, mentorship=first, held_on=timezone.localdate(), minutes=45)
    check_in_create(actor=member, mentorship=first, stage="mid", satisfaction=4, progress=3)
    check_in_create(actor=mentor, mentorship=first, stage="mid", satisfaction=5, progress=4)
    mentees = []
    for n in range(2):
        person = make_user(f"mentee{n}@acme.test", f"Mentee {n}")
        join(person, community)
        mentees.append(make_mentorship(mentee=person))
    mentees[0].programme = programme
    check_in_create(
        actor=mentees[0].mentee, mentorship=mentees[0], stage="mid", satisfaction=3, progress=2
    )
    Mentorship.objects.filter(pk=mentees[1].pk).update(
        status=MentorshipStatus.ENDED_EARLY, wants_rematch=True
    )
    Mentorship.objects.update(started_at=timezone.now() - timedelta(days=150))

    health = programme_health(programme)

    assert (health["active"], health["ended_early"], health["completed"]) == (2, 1, 0)
    assert health["rematch_asked"] == 1
    assert health["sessions"] == 1
    assert health["overdue"] == 1  # the second pair never met, 150 days in
    assert health["check_ins"]["mid"] == {"answers": 3, "satisfaction": 4.0, "progress": 3.0}
    assert health["check_ins"]["end"]["satisfaction"] == "fewer than 3"


def test_what_we_work_on_renders_markdown_safely_like_the_session_notes(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    client_for(mentor).post(
        f"/mentoring/{mentorship.pk}/agreement/",
        {"goals": "- **Board** presence\n- <script>x()</script>", "cadence": "", "how": ""},
    )

    space = client_for(member).get(mentorship.get_absolute_url()).content.decode()
    form = client_for(member).get(f"/mentoring/{mentorship.pk}/agreement/").content.decode()

    assert "<li><strong>Board</strong> presence</li>" in space
    assert "<script>x()" not in space
    assert "Markdown works" in form
