"""The sponsor dashboard, its CSV and the API, read from real records."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from salon.analytics import selectors
from salon.analytics.models import OutcomeSnapshot
from salon.analytics.tasks import prepare_outcomes, roll_up_outcomes
from salon.communities.models import Circle, CircleMembership


def _stored(community: Any) -> selectors.Outcomes:
    """The 30 days' figures as the hourly job stored them last."""
    outcomes = selectors.outcomes_for(community=community, days=30)
    assert outcomes is not None
    return outcomes


def _community_figures(community: Any) -> dict[str, Any]:
    return _stored(community).community_figures


def test_the_figures_come_from_what_members_did(
    community: Any, director: Any, facilitator: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(6)

    figures = _community_figures(community)

    # Six newcomers and the director; the facilitator is alone in the Americas, so in no
    # figure (nor are the director's ties with them).
    assert figures["members"] == 7
    assert figures["weekly_active"] == 7  # the six, and the director who answered
    assert figures["posters"] == 7
    assert figures["readers"] == 0
    assert figures["questions"] == 6
    assert figures["answered_share"] == 100
    assert figures["attendance_share"] == 100
    assert figures["check_in_share"] == 100
    assert figures["mentoring_sessions"] == 6
    assert figures["path_steps"] == 6
    # Each newcomer has two ties with the director (a reply, a mentorship): one tie each.
    assert figures["new_ties"] == 12


def test_a_breakdown_withholds_a_group_of_fewer_than_five(
    community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    people = activity(7)
    small = Circle.objects.create(community=community, name="Board", slug="board")
    for person in people[:2]:
        CircleMembership.objects.create(circle=small, user=person)

    outcomes = selectors.outcomes_computed(community=community, days=30)

    rows = {row.label: row.values for row in outcomes.engagement[0].rows}
    assert set(rows["Board"]) == {None}
    # Europe counts the six who are in Europe alone (five newcomers and the director): its
    # two board members are with nobody else, and the pool of small groups is just them,
    # so they are in no figure at all.
    assert rows["Europe"][0] == 6
    assert rows["Whole community"][0] == 6
    assert outcomes.left_out == 2


def test_the_director_sees_the_dashboard_with_its_charts_and_definitions(
    as_user: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(6)

    response = as_user(director).get("/c/acme/outcomes/?days=30")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The six benefits" in page
    assert "<svg" in page
    assert "How these are measured" in page
    assert "Members who wrote at least one post or reply in the period." in page


def test_the_csv_has_every_table_and_no_cell_runs_as_a_formula(
    as_user: Any, community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(5)
    Circle.objects.filter(community=community, slug="europe").update(name="=HYPERLINK(1)")
    roll_up_outcomes.call(slot=_slot())

    response = as_user(director).get("/c/acme/outcomes/export.csv?days=30")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["table", "group", "measure", "value"]
    assert {r[0] for r in rows[1:]} >= {
        "Engagement: who takes part",
        "Engagement: the forum",
        "Leadership growth",
        "Relationships",
    }
    assert any(r[1] == "'=HYPERLINK(1)" for r in rows)
    assert not any(r[1].startswith("=") for r in rows)
    members = next(r for r in rows if r[1] == "Whole community" and r[2] == "Members")
    assert members[3] == "6"  # with the director


def test_the_api_gives_the_same_figures(
    as_user: Any, community: Any, facilitator: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(5)

    response = as_user(facilitator).get("/api/v1/communities/acme/analytics/outcomes?days=30")

    assert response.status_code == 200
    body = response.json()
    tables = {t["key"]: t for t in body["tables"]}
    whole = tables["engagement"]["groups"][0]
    assert whole["label"] == "Whole community"
    assert whole["values"]["members"] == 6  # with the director
    assert tables["programme"]["groups"][0]["values"]["mentoring_sessions"] == 5
    assert body["period_end"] == selectors.period_ending(30).end.isoformat()
    # Nothing happened in the 30 days before: the trend's starting point.
    assert body["before"]["mentoring_sessions"] == 0


def test_the_api_gives_the_csv_too(
    as_user: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(5)

    response = as_user(director).get("/api/v1/communities/acme/analytics/outcomes?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("table,group,measure,value")


def test_a_member_sees_their_own_figures(
    as_user: Any, community: Any, activity: Callable[..., list[Any]]
) -> None:
    me = activity(1)[0]

    response = as_user(me).get("/c/acme/outcomes/mine/?days=30")

    assert response.status_code == 200
    mine = response.context["mine"]
    assert (mine.going, mine.attended, mine.sessions, mine.steps) == (1, 1, 1, 1)
    assert mine.ties == 1  # the director, by a reply and by mentoring


def _slot() -> str:
    return timezone.now().replace(minute=0, second=0, microsecond=0).isoformat()


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_with_ten_times_the_activity(
    as_user: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    client = as_user(director)
    activity(3)
    roll_up_outcomes.call(slot=_slot())
    small = _count(client, "/c/acme/outcomes/")
    activity(27, start=3)
    roll_up_outcomes.call(slot=_slot())
    large = _count(client, "/c/acme/outcomes/")

    # Session, user, memberships, the community, the community's tabs; the figures the
    # hourly rollup stored for the period.
    assert small == large
    assert large <= 12


def test_a_stale_snapshot_is_shown_with_its_time_and_nothing_is_computed_live(
    as_user: Any, community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    director.timezone = "Asia/Tokyo"
    director.save(update_fields=["timezone"])
    client = as_user(director)
    activity(3)
    # Stored yesterday at 22:30 UTC: after midnight the hourly job has not run yet.
    stored_at = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
    OutcomeSnapshot.objects.filter(community=community).update(
        computed_on=stored_at.date(), computed_at=stored_at
    )
    small = _count(client, "/c/acme/outcomes/?days=30")
    activity(27, start=3)  # stores new figures: make them stale again
    OutcomeSnapshot.objects.filter(community=community).update(
        computed_on=stored_at.date(), computed_at=stored_at
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/c/acme/outcomes/?days=30")

    assert response.status_code == 200
    # Session, user, memberships, the community, the community's tabs; the stored figures.
    # Nothing reads the rollups or the activity tables.
    assert len(queries) == small <= 12
    assert not any("analytics_daily" in q["sql"] for q in queries.captured_queries)
    page = response.content.decode()
    assert "Figures as of 2 Mar 2026, 07:30 (Asia/Tokyo)." in page
    period = response.context["outcomes"].period
    assert f"From {period.start:%-d %b %Y} to {period.end:%-d %b %Y}." in page
    assert response.context["outcomes"].community_figures["members"] == 31


def test_with_no_figures_yet_the_page_says_they_are_being_prepared_and_asks_for_them(
    as_user: Any, community: Any, director: Any, facilitator: Any, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    # Queued for a worker, as in production (the tests otherwise run tasks at once).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with CaptureQueriesContext(connection) as queries:
        first = as_user(director).get("/c/acme/outcomes/")
    second = as_user(facilitator).get("/c/acme/outcomes/")
    api = as_user(director).get("/api/v1/communities/acme/analytics/outcomes")
    export = as_user(director).get("/c/acme/outcomes/export.csv")

    assert first.status_code == second.status_code == 200
    assert "The first figures are being prepared" in first.content.decode()
    assert not any("analytics_daily" in q["sql"] for q in queries.captured_queries)
    assert api.status_code == export.status_code == 503
    assert api.json()["detail"].startswith("The first figures are being prepared.")
    # Asked once, however many pages looked.
    queued = DBTaskResult.objects.filter(task_path__endswith="prepare_outcomes")
    assert queued.count() == 1
    assert queued.get().args_kwargs["kwargs"] == {"community_id": community.pk}

    prepare_outcomes.call(community_id=community.pk)

    page = as_user(director).get("/c/acme/outcomes/")
    assert "Figures as of" in page.content.decode()
    assert OutcomeSnapshot.objects.filter(community=community).count() == len(selectors.PERIODS)


def test_the_engagement_api_gives_the_engagement_tables_and_their_csv(
    as_user: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    activity(5)
    client = as_user(director)

    body = client.get("/api/v1/communities/acme/analytics/engagement?days=30").json()
    csv_response = client.get("/api/v1/communities/acme/analytics/engagement?format=csv")

    assert [t["key"] for t in body["tables"]] == ["engagement", "forum", "programme"]
    assert body["tables"][0]["groups"][0]["values"]["members"] == 6
    assert body["weekly_active_share"]
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert {r[0] for r in rows[1:]} == {
        "Engagement: who takes part",
        "Engagement: the forum",
        "Engagement: sessions, goals, mentoring, learning and feedback",
        "Retention",
    }


def test_my_growth_gives_a_member_their_own_figures_only(
    as_user: Any, member: Any, activity: Callable[..., list[Any]]
) -> None:
    me, other = activity(2)

    body = as_user(me).get("/api/v1/me/growth?days=30").json()
    text = b"".join(
        as_user(me).get("/api/v1/me/growth?days=30&format=csv").streaming_content
    ).decode()

    assert [c["community"] for c in body["communities"]] == ["acme"]
    figures = body["communities"][0]["figures"]
    assert (figures["sessions_attended"], figures["mentoring_sessions"], figures["ties"]) == (
        1,
        1,
        1,
    )
    assert other.name not in str(body)
    assert text.startswith("community,measure,value")
    assert "Acme Leaders,mentoring_sessions,1" in text


def test_a_coffee_roulette_meeting_that_happened_is_a_tie_on_the_dashboard(
    as_user: Any, community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    from salon.network.models import CoffeePair, CoffeeRound

    people = activity(6)
    client = as_user(director)
    before = client.get("/c/acme/outcomes/?days=30").context["outcomes"].community_figures
    coffee = CoffeeRound.objects.create(community=community, meet_by=timezone.now().date())
    yesterday = timezone.now() - timedelta(days=1)
    # One pair met (one of them says so); the other did not, and no one says for the third.
    CoffeePair.objects.create(
        round=coffee, first=people[0], second=people[1], starts_at=yesterday, first_met=True
    )
    CoffeePair.objects.create(
        round=coffee, first=people[2], second=people[3], starts_at=yesterday, first_met=False
    )
    CoffeePair.objects.create(round=coffee, first=people[4], second=people[5], starts_at=yesterday)

    roll_up_outcomes.call(slot=_slot())
    after = client.get("/c/acme/outcomes/?days=30").context["outcomes"].community_figures

    assert after["new_ties"] == before["new_ties"] + 2  # one pair, counted for each of them
    assert after["ties"] == before["ties"] + 2
