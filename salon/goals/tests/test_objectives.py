"""Shared objectives and key results: setting them, progress, updates with history, and two
people updating at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import client_for
from salon.core.models import AuditEvent
from salon.goals.models import KeyResult, KeyResultUpdate, Objective
from salon.goals.services.objectives import key_result_record


def test_a_director_sets_an_objective_with_key_results_from_the_page(
    director: Any, member: Any
) -> None:
    response = client_for(director).post(
        "/c/acme/objectives/new/",
        {
            "title": "Double cross-regional mentoring",
            "why": "Our leaders learn most across regions.",
            "circle": "",
            "period": "2026 Q3",
            "starts_on": "2026-07-01",
            "ends_on": "2026-09-30",
            "owner": member.pk,
            "kr-TOTAL_FORMS": "3",
            "kr-INITIAL_FORMS": "0",
            "kr-MIN_NUM_FORMS": "0",
            "kr-MAX_NUM_FORMS": "10",
            "kr-0-title": "Mentoring pairs across regions",
            "kr-0-kind": "number",
            "kr-0-baseline": "12",
            "kr-0-target": "24",
            "kr-0-unit": "pairs",
            "kr-1-title": "Programme budget raised",
            "kr-1-kind": "currency",
            "kr-1-baseline": "0",
            "kr-1-target": "250000",
            "kr-1-currency": "eur",
            "kr-2-kind": "number",
        },
    )

    assert response.status_code == 302
    objective = Objective.objects.get()
    assert objective.owner == member
    krs = list(objective.key_results.all())
    assert [(kr.title, kr.kind, kr.target) for kr in krs] == [
        ("Mentoring pairs across regions", "number", Decimal("24.00")),
        ("Programme budget raised", "currency", Decimal("250000.00")),
    ]
    assert krs[1].currency == "EUR"
    assert AuditEvent.objects.filter(action="goals.objective.created").exists()
    page = client_for(member).get("/c/acme/objectives/").content.decode()
    assert "Double cross-regional mentoring" in page
    assert "12 pairs of 24 pairs" in page


def test_members_cannot_set_objectives(member: Any) -> None:
    assert client_for(member).get("/c/acme/objectives/new/").status_code == 403
    response = client_for(member).post(
        "/api/v1/communities/acme/objectives",
        {"title": "Mine", "period": "Q1", "starts_on": "2026-01-01", "ends_on": "2026-03-31"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Objective.objects.exists()


def test_progress_is_the_mean_of_the_key_results(objective: Any, director: Any) -> None:
    mentors, plans, academy = objective.key_results.order_by("position")
    key_result_record(actor=director, key_result=mentors, value=10, expected_version=1)
    key_result_record(actor=director, key_result=plans, value=50, expected_version=1)
    key_result_record(actor=director, key_result=academy, value=1, expected_version=1)

    body = client_for(director).get("/api/v1/communities/acme/objectives").json()

    (found,) = body["items"]
    assert [kr["progress"] for kr in found["key_results"]] == [0.25, 0.5, 1.0]
    assert found["progress"] == round((0.25 + 0.5 + 1.0) / 3, 4)


def test_the_owner_updates_a_key_result_in_place_and_its_history_keeps_who_and_why(
    objective: Any, member: Any, director: Any
) -> None:
    objective.owner = member
    objective.save()
    kr = objective.key_results.order_by("position").first()

    response = client_for(member).post(
        f"/key-results/{kr.pk}/update/",
        {
            f"kr{kr.pk}-value": "14",
            f"kr{kr.pk}-confidence": "7",
            f"kr{kr.pk}-comment": "Two new pairs in APAC.",
            f"kr{kr.pk}-version": "1",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # the key result alone, swapped in place
    kr.refresh_from_db()
    assert (kr.current, kr.confidence, kr.version) == (Decimal("14.00"), 7, 2)
    update = KeyResultUpdate.objects.get()
    assert (update.by, update.old_value, update.new_value) == (member, Decimal(0), Decimal(14))
    assert update.comment == "Two new pairs in APAC."
    assert "Two new pairs in APAC." in body
    assert f'name="kr{kr.pk}-version" value="2"' in body


def test_recording_a_key_results_value_is_audited_with_the_value_it_replaced(
    objective: Any, director: Any
) -> None:
    kr = objective.key_results.order_by("position").first()

    key_result_record(actor=director, key_result=kr, value=20, expected_version=1)

    event = AuditEvent.objects.get(action="goals.key_result.recorded")
    assert event.actor == director
    assert event.target_id == str(objective.pk)
    assert event.details["key_result"] == kr.title
    assert (Decimal(event.details["was"]), Decimal(event.details["value"])) == (0, 20)


def test_a_stale_update_on_the_page_is_refused_with_the_current_value_and_writes_nothing(
    objective: Any, director: Any, facilitator: Any
) -> None:
    kr = objective.key_results.order_by("position").first()
    # Fred loaded the page at version 1; Diana updates first.
    key_result_record(actor=director, key_result=kr, value=20, expected_version=1)

    response = client_for(facilitator).post(
        f"/key-results/{kr.pk}/update/",
        {f"kr{kr.pk}-value": "15", f"kr{kr.pk}-version": "1"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Someone updated this key result a moment ago: it is now 20 members. "
        "Check and try again." in body
    )
    kr.refresh_from_db()
    assert (kr.current, kr.version) == (Decimal(20), 2)
    assert KeyResultUpdate.objects.count() == 1
    # The form now carries the current version: sending it again is deliberate.
    assert f'name="kr{kr.pk}-version" value="2"' in body


def test_a_stale_update_through_the_api_is_a_409_and_writes_nothing(
    objective: Any, director: Any, facilitator: Any
) -> None:
    kr = objective.key_results.order_by("position").first()
    client = client_for(facilitator)
    first = client.patch(
        f"/api/v1/key-results/{kr.pk}",
        {"version": 1, "current": 18, "comment": "First"},
        content_type="application/json",
    )

    second = client_for(director).patch(
        f"/api/v1/key-results/{kr.pk}",
        {"version": 1, "current": 30},
        content_type="application/json",
    )

    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json() == {
        "detail": "Someone updated this key result a moment ago: it is now 18 members. "
        "Check and try again."
    }
    kr.refresh_from_db()
    assert kr.current == Decimal(18)
    assert list(KeyResultUpdate.objects.values_list("new_value", flat=True)) == [Decimal(18)]


def test_only_the_objectives_owner_or_a_steward_updates_a_key_result(
    objective: Any, member: Any, outsider: Any
) -> None:
    kr = objective.key_results.order_by("position").first()
    payload = {"version": 1, "current": 5}

    by_member = client_for(member).patch(
        f"/api/v1/key-results/{kr.pk}", payload, content_type="application/json"
    )
    by_outsider = client_for(outsider).patch(
        f"/api/v1/key-results/{kr.pk}", payload, content_type="application/json"
    )

    assert by_member.status_code == 403
    assert by_outsider.status_code == 404
    assert not KeyResultUpdate.objects.exists()


def test_a_circle_objective_is_seen_only_by_those_who_see_the_circle(
    director: Any, member: Any, guest: Any, private_circle: Any
) -> None:
    from datetime import date

    from salon.goals.services.objectives import objective_create

    objective_create(
        actor=director,
        community=private_circle.community,
        circle=private_circle,
        title="Board-only objective",
        period="2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )

    for person, sees in ((director, True), (member, False), (guest, False)):
        page = client_for(person).get("/c/acme/objectives/").content.decode()
        api = client_for(person).get("/api/v1/communities/acme/objectives").json()
        assert ("Board-only objective" in page) is sees
        assert (api["count"] == 1) is sees


def test_the_community_home_shows_the_objectives_card_with_progress(
    objective: Any, member: Any, director: Any
) -> None:
    kr = objective.key_results.order_by("position").first()
    key_result_record(actor=director, key_result=kr, value=40, expected_version=1)
    client = client_for(member)

    home = client.get("/c/acme/").content.decode()
    card = client.get("/c/acme/objectives/card/", headers={"HX-Request": "true"})

    # The home page holds the card; its objectives load into it (no query on the home page).
    assert 'id="objectives-card-h"' in home
    assert 'hx-get="/c/acme/objectives/card/"' in home
    body = card.content.decode()
    assert card.status_code == 200
    assert "Grow the next generation of leaders" in body
    assert '<progress max="100" value="33"' in body
    assert 'aria-label="Progress of the objective “Grow the next generation of leaders”"' in body
    assert client_for(None).get("/c/acme/objectives/card/").status_code == 302


def test_an_archived_objective_leaves_the_page_but_keeps_its_history(
    objective: Any, director: Any
) -> None:
    client = client_for(director)

    response = client.post(f"/objectives/{objective.pk}/archive/", {"archived": "1"})

    assert response.status_code == 302
    assert "Grow the next generation" not in client.get("/c/acme/objectives/").content.decode()
    assert (
        "Grow the next generation" in client.get("/c/acme/objectives/?archived=1").content.decode()
    )
    kr = KeyResult.objects.filter(objective=objective).order_by("pk")[0]
    late = client.patch(
        f"/api/v1/key-results/{kr.pk}",
        {"version": 1, "current": 5},
        content_type="application/json",
    )
    assert late.status_code == 403


def test_bad_key_results_are_refused_with_a_clear_message(director: Any) -> None:
    response = client_for(director).post(
        "/api/v1/communities/acme/objectives",
        {
            "title": "Costs",
            "period": "2026",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "key_results": [{"title": "Cut travel", "kind": "currency", "target": 5}],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "three-letter code" in response.json()["detail"]
    assert not Objective.objects.exists()


def test_a_done_key_result_opens_its_form_as_done(objective: Any, director: Any) -> None:
    kr = objective.key_results.get(kind="done")
    KeyResult.objects.filter(pk=kr.pk).update(current=1)

    page = client_for(director).get("/c/acme/objectives/").content.decode()

    form = page.split(f'name="kr{kr.pk}-value"', 1)[1].split("</select>", 1)[0]
    assert '<option value="1" selected>Done</option>' in form
