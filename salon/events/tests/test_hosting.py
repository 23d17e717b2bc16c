"""Hosts change what they planned, take attendance; everyone filters their calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.events.models import Attendance, Event, EventFormat, Rsvp, RsvpStatus
from salon.events.recurrence import Recurrence

FORM = {
    "title": "Strategy webinar",
    "date": "2027-02-09",
    "time": "09:00",
    "duration": "60",
    "mode": "online",
    "join_url": "https://meet.example.com/strategy",
}


def _form(event: Event, **changes: str) -> dict[str, Any]:
    return {**FORM, "format": event.format_id, **changes}


def test_the_edit_page_shows_what_was_planned_in_its_own_zone(
    director: Any, plan_event: Any
) -> None:
    event = plan_event(start_local=datetime(2027, 2, 9, 9, 0))

    page = client_for(director).get(f"/events/{event.pk}/edit/").content.decode()

    assert 'value="2027-02-09"' in page
    assert 'value="09:00"' in page
    assert "In Europe/London, the zone it was planned in." in page


def test_a_host_moves_one_session_and_calendars_see_a_new_sequence(
    director: Any, plan_event: Any
) -> None:
    first = plan_event(
        start_local=datetime(2027, 2, 9, 9, 0), recurrence=Recurrence(frequency="weekly", count=3)
    )

    response = client_for(director).post(
        f"/events/{first.pk}/edit/", _form(first, time="10:30", scope="this")
    )

    assert response.status_code == 302
    starts = [
        (e.starts_at.astimezone(UTC).strftime("%d %H:%M"), e.sequence)
        for e in Event.objects.order_by("starts_at")
    ]
    assert starts == [("09 10:30", 1), ("16 09:00", 0), ("23 09:00", 0)]


def test_this_and_following_moves_every_later_session_by_the_same_amount(
    director: Any, plan_event: Any
) -> None:
    plan_event(
        start_local=datetime(2027, 2, 9, 9, 0), recurrence=Recurrence(frequency="weekly", count=3)
    )
    second = Event.objects.order_by("starts_at")[1]

    client_for(director).post(
        f"/events/{second.pk}/edit/",
        _form(
            second, date="2027-02-16", time="11:00", title="Strategy, revised", scope="following"
        ),
    )

    rows = [
        (e.title, e.starts_at.astimezone(UTC).strftime("%d %H:%M"))
        for e in Event.objects.order_by("starts_at")
    ]
    assert rows == [
        ("Strategy webinar", "09 09:00"),
        ("Strategy, revised", "16 11:00"),
        ("Strategy, revised", "23 11:00"),
    ]


def test_bad_input_on_the_edit_page_changes_nothing(director: Any, plan_event: Any) -> None:
    event = plan_event(start_local=datetime(2027, 2, 9, 9, 0))

    response = client_for(director).post(
        f"/events/{event.pk}/edit/", _form(event, duration="2", mode="in_person")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Say where people meet." in page
    event.refresh_from_db()
    assert (event.sequence, event.mode) == (0, "online")


def test_a_host_adds_the_recording_after_the_session(director: Any, plan_event: Any) -> None:
    event = plan_event(start_local=datetime(2027, 2, 9, 9, 0))

    client_for(director).post(
        f"/events/{event.pk}/edit/",
        _form(event, recording_url="https://video.example.com/r/1", materials="Slides: deck.pdf"),
    )

    page = client_for(director).get(event.get_absolute_url()).content.decode()
    assert 'href="https://video.example.com/r/1"' in page
    assert "Slides: deck.pdf" in page


def test_members_cannot_edit_and_outsiders_cannot_tell_it_exists(
    member: Any, outsider: Any, plan_event: Any
) -> None:
    event = plan_event()

    assert client_for(member).get(f"/events/{event.pk}/edit/").status_code == 403
    assert client_for(outsider).get(f"/events/{event.pk}/edit/").status_code == 404
    assert client_for(member).get(f"/events/{event.pk}/attendance/").status_code == 403
    assert client_for(outsider).post(f"/events/{event.pk}/attendance/").status_code == 404


def test_a_host_ticks_who_came(director: Any, member: Any, community: Any, plan_event: Any) -> None:
    event = plan_event()
    late = make_user("late@acme.test", "Lena Late")
    join(late, community, Role.MEMBER)
    for person, status in ((member, RsvpStatus.GOING), (late, RsvpStatus.MAYBE)):
        Rsvp.objects.create(event=event, user=person, status=status, requested_at=timezone.now())
    host = client_for(director)

    page = host.get(f"/events/{event.pk}/attendance/").content.decode()
    assert "Lena Late" in page
    assert "said maybe" in page

    host.post(f"/events/{event.pk}/attendance/", {"present": [member.pk, late.pk]})
    host.post(f"/events/{event.pk}/attendance/", {"present": [late.pk]})

    assert list(Attendance.objects.filter(event=event).values_list("user_id", flat=True)) == [
        late.pk
    ]


def test_only_people_who_answered_can_be_marked_present(
    director: Any, outsider: Any, plan_event: Any
) -> None:
    event = plan_event()

    response = client_for(director).post(
        f"/events/{event.pk}/attendance/", {"present": [outsider.pk]}, follow=True
    )

    assert "Only people who answered can be marked present." in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_attendance_page_query_count_stays_flat(
    director: Any, community: Any, plan_event: Any, django_assert_max_num_queries: Any
) -> None:
    event = plan_event()
    host = client_for(director)

    def answer(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = make_user(f"p{i}@acme.test", f"Person {i}")
            join(person, community, Role.MEMBER)
            Rsvp.objects.create(
                event=event, user=person, status="going", requested_at=timezone.now()
            )
            if i % 2:
                Attendance.objects.create(event=event, user=person)

    answer(2, 0)
    host.get(f"/events/{event.pk}/attendance/")
    with django_assert_max_num_queries(9):
        host.get(f"/events/{event.pk}/attendance/")
    answer(20, 2)
    with django_assert_max_num_queries(9):
        host.get(f"/events/{event.pk}/attendance/")


def test_the_agenda_filters_by_circle_and_keeps_the_filter_across_pages(
    member: Any, circle: Any, plan_event: Any
) -> None:
    plan_event(title="Everyone's webinar")
    plan_event(
        title="EMEA breakfast", circle=circle, recurrence=Recurrence(frequency="daily", count=25)
    )
    client = client_for(member)

    page = client.get(f"/events/?circle={circle.pk}").content.decode()

    assert "EMEA breakfast" in page
    assert "Everyone" not in page
    assert f"circle={circle.pk}&amp;when=upcoming&amp;page=2" in page


def test_the_circle_filter_offers_only_circles_whose_events_you_see(
    member: Any, circle: Any, private_circle: Any
) -> None:
    page = client_for(member).get("/events/").content.decode()

    assert "EMEA Chapter" in page
    assert "Board" not in page


def test_the_month_view_filters_by_format(member: Any, plan_event: Any) -> None:
    office = EventFormat.objects.get_or_create(
        slug="office-hours", defaults={"name": "Office hours"}
    )[0]
    start = timezone.now() + timedelta(days=1)
    local = start.replace(tzinfo=None, minute=0, second=0, microsecond=0)
    plan_event(title="Webinar on pricing", start_local=local, tz="UTC")
    plan_event(title="Ask the CFO", start_local=local, tz="UTC", format=office)
    query = f"y={start.year}&m={start.month}&format=office-hours"

    page = client_for(member).get(f"/events/month/?{query}").content.decode()

    assert "Ask the CFO" in page
    assert "Webinar on pricing" not in page


def test_nonsense_filters_are_ignored(member: Any, plan_event: Any) -> None:
    plan_event(title="Still here")
    client = client_for(member)

    for query in ("circle=abc&community=-1", "y=99999&m=13", "circle=" + "9" * 40):
        assert client.get(f"/events/?{query}").status_code == 200
        assert client.get(f"/events/month/?{query}").status_code == 200


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_host_shares_slides_that_only_people_who_see_the_event_can_open(
    director: Any, member: Any, outsider: Any, plan_event: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = plan_event()
    host = client_for(director)

    response = host.post(
        f"/events/{event.pk}/files/",
        {"file": SimpleUploadedFile("deck.pdf", PDF, content_type="application/pdf")},
        follow=True,
    )

    assert "“deck.pdf” is in the materials." in response.content.decode()
    page = client_for(member).get(event.get_absolute_url()).content.decode()
    link = event.files.get().get_absolute_url()
    assert f'href="{link}"' in page
    download = client_for(member).get(link)
    assert download.status_code == 200
    assert download.getvalue().startswith(b"%PDF")
    assert client_for(outsider).get(link).status_code == 404


def test_members_cannot_add_files_and_a_disguised_file_is_refused(
    director: Any, member: Any, plan_event: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = plan_event()

    def program() -> Any:
        return SimpleUploadedFile("notes.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 64)

    refused = client_for(member).post(f"/events/{event.pk}/files/", {"file": program()})
    disguised = client_for(director).post(
        f"/events/{event.pk}/files/", {"file": program()}, follow=True
    )
    empty = client_for(director).post(
        f"/events/{event.pk}/files/", {"file": SimpleUploadedFile("a.txt", b"")}, follow=True
    )

    assert refused.status_code == 403
    assert "This type of file is not accepted." in disguised.content.decode()
    assert "That file is empty." in empty.content.decode()
    assert not event.files.exists()


def test_a_host_removes_a_file(director: Any, plan_event: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = plan_event()
    host = client_for(director)
    host.post(f"/events/{event.pk}/files/", {"file": SimpleUploadedFile("deck.pdf", PDF)})
    attachment = event.files.get()

    host.post(f"/events/{event.pk}/files/{attachment.pk}/remove/")

    assert not event.files.exists()


def test_hosts_see_the_ratings_as_a_chart_and_repeated_answers_once(
    director: Any, community: Any, plan_event: Any
) -> None:
    from salon.events.models import Feedback

    event = plan_event(start_local=datetime.now() - timedelta(days=2))
    for i in range(3):
        person = make_user(f"f{i}@acme.test", f"Fiona {i}")
        join(person, community, Role.MEMBER)
        Feedback.objects.create(event=event, user=person, rating=5, will_apply="Pre-mortem it")

    page = client_for(director).get(event.get_absolute_url()).content.decode()

    assert "5★: 3, " not in page  # 5★ is the last in the chart's description
    assert "1★: 0, 2★: 0, 3★: 0, 4★: 0, 5★: 3</title>" in page
    assert page.count("Pre-mortem it") == 1
    assert "× 3" in page


def test_the_feedback_form_opens_with_the_earlier_answer(member: Any, plan_event: Any) -> None:
    from salon.events.models import Feedback

    event = plan_event(start_local=datetime.now() - timedelta(days=2))
    Rsvp.objects.create(event=event, user=member, status="going", requested_at=timezone.now())
    Feedback.objects.create(event=event, user=member, rating=4, will_apply="Pre-mortem it")

    page = client_for(member).get(event.get_absolute_url()).content.decode()

    assert 'value="4" required id="id_rating_3" checked' in page
    assert "Pre-mortem it</textarea>" in page


def test_the_video_link_is_for_hosts_and_for_sessions_still_to_come(
    director: Any, member: Any, plan_event: Any
) -> None:
    upcoming = plan_event(join_url="https://meet.example.com/next")
    past = plan_event(
        start_local=datetime.now() - timedelta(days=2), join_url="https://meet.example.com/old"
    )
    Rsvp.objects.create(event=past, user=member, status="going", requested_at=timezone.now())

    host_page = client_for(director).get(upcoming.get_absolute_url()).content.decode()
    past_page = client_for(member).get(past.get_absolute_url()).content.decode()

    assert "https://meet.example.com/next" in host_page
    assert "https://meet.example.com/old" not in past_page
    assert "Check in" not in past_page.split("<footer", 1)[0].split("What happened", 1)[1]


def test_the_month_shows_the_days_either_side_and_every_day_of_a_long_session(
    member: Any, plan_event: Any
) -> None:
    plan_event(
        title="Two-day hackathon",
        start_local=datetime(2027, 3, 31, 9, 0),
        duration=timedelta(hours=30),
        tz="UTC",
    )

    page = client_for(member).get("/events/month/?y=2027&m=3").content.decode()

    assert page.count("Two-day hackathon") == 2  # 31 March, and 1 April in March's grid


def test_the_home_page_lists_the_sessions_you_host(director: Any, plan_event: Any) -> None:
    plan_event(title="Hosted by Diana")

    page = client_for(director).get("/home/").content.decode()

    assert "Hosted by Diana" in page
    assert "Nothing on your calendar yet" not in page


def test_the_host_sees_who_is_coming_a_page_of_faces_at_a_time(
    director: Any, community: Any, plan_event: Any, django_assert_max_num_queries: Any
) -> None:
    event = plan_event()
    for i in range(50):
        person = make_user(f"coming{i:02}@acme.test", f"Coming {i:02}")
        join(person, community, Role.MEMBER)
        Rsvp.objects.create(
            event=event,
            user=person,
            status="going",
            requested_at=timezone.now() + timedelta(seconds=i),
        )
    host = client_for(director)
    host.get(event.get_absolute_url())

    # (the host's page: the member's 11, and the feedback summary)
    with django_assert_max_num_queries(12):
        first = host.get(event.get_absolute_url()).content.decode()
    second = host.get(event.get_absolute_url(), {"page": 2}).content.decode()

    assert "50 people" in first
    assert "Coming 00" in first
    assert "Coming 47" in first
    assert "Coming 48" not in first
    assert "Page 1 of 2" in first
    assert "Coming 48" in second
    assert "Coming 49" in second
    assert "Coming 00" not in second
