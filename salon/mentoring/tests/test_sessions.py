"""Logging and editing sessions: the log keeps the last session's date, the other side is
told, actions come with the session, and each side's private notes stay their own."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for
from salon.core.models import AuditEvent
from salon.mentoring.models import ActionItem, MentoringSession, PrivateNote
from salon.notifications.models import Notification


def _session_form(**fields: Any) -> dict[str, Any]:
    data = {
        "held_on": "2026-11-12",
        "minutes": "50",
        "notes": "We mapped the **stakeholders**.",
        "private_note": "",
        "act-TOTAL_FORMS": "2",
        "act-INITIAL_FORMS": "0",
        "act-MIN_NUM_FORMS": "0",
        "act-MAX_NUM_FORMS": "10",
    }
    data.update(fields)
    return data


def test_logging_a_session_records_it_with_its_actions_and_tells_the_other_side(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()

    response = client_for(member).post(
        f"/mentoring/{mentorship.pk}/sessions/new/",
        _session_form(
            private_note="I was nervous about the CFO.",
            **{
                "act-0-text": "Book time with the CFO",
                "act-0-owner": str(member.pk),
                "act-0-due_on": "2026-12-01",
                "act-1-text": "",
                "act-1-owner": str(mentor.pk),
            },
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{mentorship.pk}/#sessions"
    session = MentoringSession.objects.get()
    assert (session.held_on, session.minutes, session.logged_by) == (date(2026, 11, 12), 50, member)
    mentorship.refresh_from_db()
    assert mentorship.last_session_on == date(2026, 11, 12)
    assert PrivateNote.objects.get().author == member
    item = ActionItem.objects.get()
    assert (item.text, item.owner, item.session) == ("Book time with the CFO", member, session)
    assert AuditEvent.objects.filter(action="mentoring.session.logged").exists()
    # SESSION_LOGGED goes in the daily digest: Mona finds it in the app today.
    told = Notification.objects.get(kind="mentoring.session_logged")
    assert told.recipient == mentor
    assert told.url == f"/mentoring/{mentorship.pk}/#sessions"
    assert not Notification.objects.filter(recipient=member).exists()
    page = client_for(mentor).get("/notifications/").content.decode()
    assert "Maya Member logged your session of 12 November 2026." in page


def test_the_last_session_is_the_latest_held_whatever_the_order_logged(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    client_for(member).post(
        f"/mentoring/{mentorship.pk}/sessions/new/", _session_form(held_on="2026-11-20")
    )
    client_for(mentor).post(
        f"/mentoring/{mentorship.pk}/sessions/new/", _session_form(held_on="2026-10-01")
    )

    mentorship.refresh_from_db()
    assert mentorship.last_session_on == date(2026, 11, 20)

    latest = MentoringSession.objects.get(held_on=date(2026, 11, 20))
    client_for(mentor).post(
        f"/mentoring/{mentorship.pk}/sessions/{latest.pk}/edit/",
        {"held_on": "2026-09-15", "minutes": "30", "notes": "Moved."},
    )
    mentorship.refresh_from_db()
    assert mentorship.last_session_on == date(2026, 10, 1)


def test_a_session_in_the_future_or_without_a_date_is_refused_clearly(
    member: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    client = client_for(member)

    future = client.post(
        f"/mentoring/{mentorship.pk}/sessions/new/", _session_form(held_on=tomorrow)
    )
    undated = client.post(f"/mentoring/{mentorship.pk}/sessions/new/", _session_form(held_on=""))
    too_long = client.post(
        f"/mentoring/{mentorship.pk}/sessions/new/", _session_form(minutes="900")
    )

    assert future.status_code == undated.status_code == too_long.status_code == 400
    # Next to the Date field, not at the top of the form.
    assert future.context["form"].errors["held_on"] == [
        "Log a session once it has happened: the date is in the future."
    ]
    assert not future.context["form"].non_field_errors()
    assert "This field is required." in undated.content.decode()
    assert "less than or equal to 600" in too_long.content.decode()
    assert not MentoringSession.objects.exists()


def test_either_side_edits_a_session_and_keeps_their_own_private_note(
    member: Any, mentor: Any, make_mentorship: Any
) -> None:
    mentorship = make_mentorship()
    client_for(member).post(
        f"/mentoring/{mentorship.pk}/sessions/new/",
        _session_form(private_note="Maya's worry about the board."),
    )
    session = MentoringSession.objects.get()
    edit = f"/mentoring/{mentorship.pk}/sessions/{session.pk}/edit/"

    form = client_for(mentor).get(edit).content.decode()
    assert "Maya&#x27;s worry" not in form  # the edit form shows only your own note
    response = client_for(mentor).post(
        edit,
        {
            "held_on": "2026-11-12",
            "minutes": "75",
            "notes": "Stakeholders, then the board.",
            "private_note": "Mona: push on delegation.",
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.minutes, session.notes) == (75, "Stakeholders, then the board.")
    notes = dict(PrivateNote.objects.values_list("author_id", "text"))
    assert notes == {
        member.pk: "Maya's worry about the board.",
        mentor.pk: "Mona: push on delegation.",
    }
    assert "Maya&#x27;s worry" in client_for(member).get(edit).content.decode()
    maya = client_for(member).get(mentorship.get_absolute_url()).content.decode()
    assert "Mona: push on delegation." not in maya
    assert "Stakeholders, then the board." in maya


def test_a_session_of_another_pair_is_not_found(
    member: Any, mentor: Any, make_mentorship: Any, community: Any
) -> None:
    from conftest import join, make_user

    mentorship = make_mentorship()
    other_mentee = make_user("otto@acme.test", "Otto Other")
    join(other_mentee, community)
    theirs = make_mentorship(mentee=other_mentee)
    session = MentoringSession.objects.create(
        mentorship=theirs, held_on=date(2026, 11, 1), notes="Otto's session", logged_by=mentor
    )

    response = client_for(member).get(f"/mentoring/{mentorship.pk}/sessions/{session.pk}/edit/")

    assert response.status_code == 404
