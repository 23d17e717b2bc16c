"""Where each person stands, on My mentoring and on the programme page: matches to
answer in words that say who is who, a mentee's own request, a match that did not go
ahead (never who declined or why), an enrolment still waiting, and ended mentorships
with their dates. Maya (member) is the mentee, Mona (mentor) the mentor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from conftest import client_for
from salon.mentoring.models import (
    Answer,
    Match,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    Programme,
    Side,
)

MINE = "/mentoring/"


def _match(programme: Programme, mentee: Any, mentor: Any, **fields: Any) -> Match:
    return Match.objects.create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        status=fields.pop("status", MatchStatus.PUBLISHED),
        **fields,
    )


def test_a_proposed_match_says_who_would_mentor_whom_on_each_side(
    member: Any, mentor: Any, programme: Programme, enrol: Any
) -> None:
    enrol(member, programme, Side.MENTEE)
    enrol(mentor, programme, Side.MENTOR)
    _match(programme, member, mentor)

    maya = client_for(member).get(MINE).content.decode()
    mona = client_for(mentor).get(MINE).content.decode()

    assert "Mona Mentor, proposed as your mentor" in maya
    assert "Proposed mentee: Maya Member" in mona
    assert "Mentor Maya Member" not in mona
    # A person with a match waiting is not told they have no mentoring yet.
    assert "No mentoring yet" not in maya
    assert "No mentoring yet" not in mona


def test_a_mentee_sees_their_own_request_and_the_mentor_is_asked_in_plain_words(
    member: Any, mentor: Any, programme: Programme, enrol: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(mode="mentee_choice")
    enrol(member, programme, Side.MENTEE)
    enrol(mentor, programme, Side.MENTOR)
    match = _match(programme, member, mentor, requested=True, mentee_answer=Answer.ACCEPTED)

    maya = client_for(member).get(MINE).content.decode()
    mona = client_for(mentor).get(MINE).content.decode()
    page = client_for(member).get(programme.get_absolute_url()).content.decode()

    assert "You asked Mona Mentor; waiting for their answer." in maya
    assert f'href="/mentoring/matches/{match.pk}/"' in maya
    assert "Maya Member asks you to mentor them" in mona
    assert "You asked Mona Mentor; waiting for their answer." in page


def test_a_declined_match_did_not_go_ahead_without_saying_who_declined_or_why(
    member: Any, mentor: Any, programme: Programme, enrol: Any
) -> None:
    enrol(member, programme, Side.MENTEE)
    enrol(mentor, programme, Side.MENTOR)
    _match(
        programme,
        member,
        mentor,
        status=MatchStatus.DECLINED,
        mentee_answer=Answer.ACCEPTED,
        mentor_answer=Answer.DECLINED,
        decline_reason="Too busy this spring.",
    )

    maya = client_for(member).get(MINE).content.decode()

    assert (
        "Your proposed match did not go ahead; the programme team will propose someone else."
        in maya
    )
    assert "Mona" not in maya
    assert "Too busy" not in maya
    assert "No mentoring yet" not in maya


def test_an_enrolled_mentee_without_a_match_is_told_they_are_waiting_not_to_enrol(
    member: Any, programme: Programme, enrol: Any
) -> None:
    enrol(member, programme, Side.MENTEE)

    maya = client_for(member).get(MINE).content.decode()
    page = client_for(member).get(programme.get_absolute_url()).content.decode()

    assert "Waiting for a match" in maya
    assert "No mentoring yet" not in maya
    assert "Waiting for a match" in page


def test_a_matched_mentee_sees_their_mentor_and_a_link_to_the_space_on_the_programme(
    member: Any, programme: Programme, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()

    page = client_for(member).get(programme.get_absolute_url()).content.decode()

    assert "Matched with Mona Mentor, your mentor." in page
    assert f'href="/mentoring/{mentorship.pk}/"' in page
    assert "Waiting for a match" not in page


def test_nothing_open_is_said_once_for_someone_new(member: Any, programme: Programme) -> None:
    Programme.objects.filter(pk=programme.pk).update(status="active")

    body = client_for(member).get(MINE).content.decode()

    assert "No mentoring yet" in body
    assert "No programme is open for enrolment" in body
    assert "None at the moment." not in body


def test_an_ended_mentorship_shows_its_dates_and_that_a_new_mentor_was_asked_for(
    member: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    zone = timezone.get_current_timezone()
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=MentorshipStatus.ENDED_EARLY,
        started_at=datetime(2026, 11, 29, 12, tzinfo=zone),
        ended_at=datetime(2026, 12, 2, 12, tzinfo=zone),
        ended_by=member,
        end_reason="Our diaries never meet.",
        wants_rematch=True,
    )

    mine = client_for(member).get(MINE).content.decode()
    space = client_for(member).get(mentorship.get_absolute_url()).content.decode()

    assert "29 Nov 2026 – 2 Dec 2026" in mine
    assert "a new mentor was asked for" in mine
    assert "29 Nov 2026 – 2 Dec 2026 · ended early" in space
    assert "Since 29 November 2026" not in space
