"""Cultural context: local time, shared working hours, working weeks (Friday-Saturday
weekends included), public holidays, "how to work with me" and a community's country
notes, on the profile and in the API; and the planner that respects all of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from conftest import join, make_user
from salon.communities.models import Circle, CircleMembership, Role
from salon.core import working_time
from salon.core.models import AuditEvent
from salon.events import planner
from salon.events.planner_views import planner_inputs
from salon.network.context import describe_days
from salon.network.models import CountryNote, NetworkSettings

# A Monday: Saudi National Day falls on the Wednesday of this week.
MONDAY = datetime(2026, 9, 21, 10, 0, tzinfo=UTC)


@pytest.fixture
def saudi(community: Any) -> Any:
    user = make_user(
        "omar@acme.test",
        "Omar Haddad",
        region="mea",
        country="Saudi Arabia",
        timezone="Asia/Riyadh",
        work_start=time(9, 0),
        work_end=time(17, 0),
    )
    join(user, community, Role.MEMBER)
    return user


@pytest.fixture
def londoner(director: Any) -> Any:
    director.timezone = "Europe/London"
    director.work_start, director.work_end = time(9, 0), time(17, 30)
    director.save()
    return director


# --- the plain rules -------------------------------------------------------------------


def test_countries_are_found_by_the_names_profiles_use() -> None:
    assert working_time.country_code("Saudi Arabia") == "SA"
    assert working_time.country_code("  united kingdom ") == "GB"
    assert working_time.country_code("UAE") == "AE"
    assert working_time.country_code("Atlantis") is None


def test_a_friday_saturday_weekend_is_right() -> None:
    sunday_to_thursday = frozenset({6, 0, 1, 2, 3})
    assert working_time.workdays("Saudi Arabia") == sunday_to_thursday
    assert working_time.workdays("Egypt") == sunday_to_thursday
    assert working_time.workdays("United Arab Emirates") == frozenset(range(5))
    assert working_time.workdays("Japan") == frozenset(range(5))
    assert working_time.workdays("") == frozenset(range(5))
    assert describe_days(sunday_to_thursday) == "Sunday to Thursday"
    assert describe_days(frozenset(range(5))) == "Monday to Friday"


def test_public_holidays_come_from_the_country() -> None:
    found = working_time.holidays_between("Saudi Arabia", date(2026, 9, 21), date(2026, 9, 27))
    assert [day for day, _name in found] == [date(2026, 9, 23)]
    assert "National Day" in found[0][1]
    christmas = working_time.holidays_between(
        "United Kingdom", date(2026, 12, 24), date(2026, 12, 26)
    )
    assert [day for day, _name in christmas] == [date(2026, 12, 25), date(2026, 12, 26)]


def test_shared_hours_follow_both_working_weeks() -> None:
    london = working_time.Hours("Europe/London", time(9), time(17, 30))
    riyadh = working_time.Hours(
        "Asia/Riyadh", time(9), time(17), workdays=working_time.workdays("Saudi Arabia")
    )
    spans = working_time.overlap(london, riyadh, around=MONDAY)
    by_day = {start.date(): end - start for start, end in spans}
    # London 08:00-16:30 UTC in summer time; Riyadh 06:00-14:00 UTC: six hours.
    assert by_day[date(2026, 9, 21)] == timedelta(hours=6)
    # Friday is Riyadh's weekend, Sunday London's: nothing shared either day.
    assert date(2026, 9, 25) not in by_day
    assert date(2026, 9, 27) not in by_day
    assert len(by_day) == 4


def test_shared_hours_move_with_daylight_saving_on_one_side() -> None:
    """New York moves its clocks on 8 March 2026, London on 29 March: for three weeks the
    two share an hour more of the working day."""
    london = working_time.Hours("Europe/London", time(9), time(17, 30))
    new_york = working_time.Hours("America/New_York", time(9), time(17))
    thursday = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    by_day = {
        start.date(): end - start
        for start, end in working_time.overlap(london, new_york, around=thursday, days=7)
    }
    assert by_day[date(2026, 3, 5)] == timedelta(hours=3, minutes=30)  # 14:00-17:30 UTC
    assert by_day[date(2026, 3, 9)] == timedelta(hours=4, minutes=30)  # 13:00-17:30 UTC


def test_a_night_shift_runs_into_the_next_day() -> None:
    night = working_time.Hours("UTC", time(22), time(6))
    [(start, end)] = night.intervals(date(2026, 9, 21), date(2026, 9, 21))
    assert (start.hour, end - start) == (22, timedelta(hours=8))


# --- the profile and the API -----------------------------------------------------------


@freeze_time(MONDAY)
def test_a_profile_shows_how_to_work_with_someone_elsewhere(
    as_user: Any, londoner: Any, saudi: Any
) -> None:
    page = as_user(londoner).get(f"/people/{saudi.pk}/").content.decode()

    assert "Working with Omar" in page
    assert "Monday 13:00" in page  # 10:00 UTC in Riyadh
    assert "2 h ahead of you" in page
    assert "Sunday to Thursday" in page
    assert "a different weekend from yours" in page
    assert "Up to 6 h a day" in page
    assert "National Day" in page


@freeze_time(MONDAY)
def test_what_a_member_writes_about_working_with_them_shows_sanitised(
    as_user: Any, londoner: Any, saudi: Any
) -> None:
    response = as_user(saudi).post(
        "/settings/working-with-me/",
        {
            "name_pronunciation": "OH-mar ha-DAD",
            "working_notes": "I answer messages **after 4 pm**.<script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="network.working_style.changed").exists()

    page = as_user(londoner).get(f"/people/{saudi.pk}/").content.decode()
    assert "OH-mar ha-DAD" in page
    assert "<strong>after 4 pm</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_too_long_a_note_about_oneself_is_refused_and_nothing_is_written(
    as_user: Any, member: Any
) -> None:
    response = as_user(member).post(
        "/settings/working-with-me/", {"name_pronunciation": "", "working_notes": "x" * 2001}
    )
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not NetworkSettings.objects.filter(user=member).exists()


@freeze_time(MONDAY)
def test_a_facilitator_writes_a_country_note_that_members_see_on_profiles(
    as_user: Any, facilitator: Any, member: Any, saudi: Any
) -> None:
    response = as_user(facilitator).post(
        "/c/acme/country-notes/",
        {"country": "Saudi Arabia", "body": "Meetings often start with *coffee*."},
    )
    assert response.status_code == 302
    note = CountryNote.objects.get()
    assert (note.country, note.updated_by) == ("Saudi Arabia", facilitator)
    assert AuditEvent.objects.filter(action="network.country_note.added").exists()

    profile = as_user(member).get(f"/people/{saudi.pk}/").content.decode()
    assert "Working with people in Saudi Arabia" in profile
    assert "<em>coffee</em>" in profile
    listing = as_user(member).get("/c/acme/country-notes/").content.decode()
    assert "Meetings often start with" in listing
    assert "Write a note" not in listing  # members read; facilitators write


def test_a_member_may_not_write_country_notes(as_user: Any, member: Any, saudi: Any) -> None:
    response = as_user(member).post(
        "/c/acme/country-notes/", {"country": "Saudi Arabia", "body": "Mine"}
    )
    assert response.status_code == 403
    assert not CountryNote.objects.exists()


def test_a_note_needs_a_country_members_give(as_user: Any, facilitator: Any, saudi: Any) -> None:
    response = as_user(facilitator).post(
        "/c/acme/country-notes/", {"country": "Atlantis", "body": "Underwater meetings."}
    )
    assert response.status_code == 400
    assert not CountryNote.objects.exists()


def test_country_notes_stay_inside_their_community(
    as_user: Any, saudi: Any, outsider: Any, other_community: Any
) -> None:
    """Someone who shares another community with Omar sees his context, but not the notes
    Acme's facilitators wrote."""
    join(saudi, other_community, Role.MEMBER)
    CountryNote.objects.create(
        community=saudi.memberships.get(community__slug="acme").community,
        country="Saudi Arabia",
        body="Acme only",
    )
    page = as_user(outsider).get(f"/people/{saudi.pk}/").content.decode()
    assert "Working with Omar" in page
    assert "Acme only" not in page


@freeze_time(MONDAY)
def test_the_api_gives_the_same_context(as_user: Any, londoner: Any, saudi: Any) -> None:
    CountryNote.objects.create(
        community=saudi.memberships.get().community, country="Saudi Arabia", body="Coffee first."
    )
    body = as_user(londoner).get(f"/api/v1/people/{saudi.pk}/context").json()

    assert body["timezone"] == "Asia/Riyadh"
    assert body["local_time"].startswith("2026-09-21T13:00:00+03:00")
    assert body["offset_minutes"] == 120
    assert body["working_now"] is True
    assert body["workdays"] == [0, 1, 2, 3, 6]
    assert body["shared_minutes_per_day"] == 360
    assert [h["date"] for h in body["holidays"]] == ["2026-09-23"]
    assert body["country_notes"][0]["body_html"].strip() == "<p>Coffee first.</p>"


def test_the_context_of_someone_you_may_not_see_is_not_found(
    as_user: Any, outsider: Any, saudi: Any
) -> None:
    response = as_user(outsider).get(f"/api/v1/people/{saudi.pk}/context")
    assert response.status_code == 404


def test_the_country_notes_page_stays_flat(
    as_user: Any, facilitator: Any, community: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(facilitator)
    client.get("/c/acme/country-notes/")
    for n in range(20):
        user = make_user(f"p{n}@acme.test", f"Person {n}", country=f"Country {n}")
        join(user, community)
        CountryNote.objects.create(
            community=community, country=f"Country {n}", body="Note", updated_by=facilitator
        )
    with django_assert_max_num_queries(12):
        assert client.get("/c/acme/country-notes/").status_code == 200


# --- the planner ----------------------------------------------------------------------


def test_the_planner_gives_each_person_their_working_week_and_holidays(
    community: Any, saudi: Any, londoner: Any
) -> None:
    people, _names, holidays = planner_inputs(
        community, between=(date(2026, 9, 21), date(2026, 9, 27))
    )
    by_id = {p.id: p for p in people}
    assert by_id[saudi.pk].workdays == frozenset({6, 0, 1, 2, 3})
    assert by_id[londoner.pk].workdays == frozenset(range(5))
    assert holidays[saudi.pk] == {date(2026, 9, 23): "National Day Holiday"}
    [(start, end)] = by_id[saudi.pk].unavailable
    assert start == datetime(2026, 9, 22, 21, 0, tzinfo=UTC)  # midnight in Riyadh
    assert end - start == timedelta(days=1)


def test_the_planner_avoids_a_holiday_and_says_whom_a_time_falls_on(
    as_user: Any, director: Any, community: Any, saudi: Any
) -> None:
    """Over a week, no proposal for Omar's circle lands on National Day; asked for that
    day alone, the page says whose holiday each time falls on."""
    circle = Circle.objects.create(community=community, name="Gulf", slug="gulf", kind="chapter")
    CircleMembership.objects.create(circle=circle, user=saudi)
    people, _names, _holidays = planner_inputs(
        community, circle=circle, between=(date(2026, 9, 20), date(2026, 9, 27))
    )
    slots = planner.plan_slots(
        people,
        start=datetime(2026, 9, 20, tzinfo=UTC),
        end=datetime(2026, 9, 27, tzinfo=UTC),
        duration=timedelta(hours=1),
        limit=8,
    )
    riyadh = ZoneInfo("Asia/Riyadh")
    assert slots
    assert all(s.start.astimezone(riyadh).date() != date(2026, 9, 23) for s in slots)

    page = as_user(director).get(
        "/c/acme/events/find-a-time/",
        {"circle": circle.pk, "duration": 60, "start": "2026-09-23", "days": 1, "sessions": 1},
    )
    assert "Public holiday: National Day Holiday for Omar Haddad" in page.content.decode()
