"""Directors and facilitators change what a key result measures after setting it, on its
edit page or with ``PATCH /api/v1/key-results/{id}``: versioned like value updates (a
stale version writes nothing), each change kept as a revision and in the audit log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from conftest import client_for
from salon.core.models import AuditEvent
from salon.goals.models import KeyResult, KeyResultRevision, KeyResultUpdate
from salon.goals.services.objectives import key_result_record


@pytest.fixture
def kr(objective: Any, director: Any) -> KeyResult:
    """ "Members mentoring someone": 0 → 40 members, recorded at 12 (version 2)."""
    key_result = objective.key_results.get(title="Members mentoring someone")
    return key_result_record(actor=director, key_result=key_result, value=12, expected_version=1)


def _form(kr: KeyResult, **changes: Any) -> dict[str, Any]:
    data = {
        "title": kr.title,
        "kind": kr.kind,
        "baseline": str(kr.baseline),
        "target": str(kr.target),
        "unit": kr.unit,
        "currency": kr.currency,
        "due": kr.due.isoformat() if kr.due else "",
        "version": str(kr.version),
    }
    data.update({name: str(value) for name, value in changes.items()})
    return data


def _unchanged(kr: KeyResult) -> None:
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert (fresh.title, fresh.target, fresh.version) == (kr.title, kr.target, kr.version)
    assert not KeyResultRevision.objects.exists()
    assert not AuditEvent.objects.filter(action="goals.key_result.updated").exists()


# The page ---------------------------------------------------------------------------------


def test_a_director_changes_a_key_results_definition_and_its_history_keeps_what_changed(
    director: Any, member: Any, kr: KeyResult
) -> None:
    client = client_for(director)
    url = f"/key-results/{kr.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    # The form opens with what the key result measures now, and the version it was read at.
    form = page.context["form"]
    assert form["title"].value() == "Members mentoring someone"
    assert form["target"].value() == Decimal(40)
    assert 'name="version" value="2"' in page.content.decode()

    response = client.post(
        url,
        _form(
            kr, title="Members mentoring a successor", target=50, unit="people", due="2026-05-31"
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == kr.objective.get_absolute_url()
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert fresh.title == "Members mentoring a successor"
    assert (fresh.target, fresh.unit, fresh.due) == (Decimal(50), "people", date(2026, 5, 31))
    assert fresh.current == Decimal(12)  # the value recorded so far stays
    assert fresh.version == kr.version + 1
    revision = KeyResultRevision.objects.get()
    assert (revision.by, revision.key_result) == (director, fresh)
    assert revision.changes == {
        "title": ["Members mentoring someone", "Members mentoring a successor"],
        "target": ["40.00", "50.00"],
        "unit": ["members", "people"],
        "due": ["", "2026-05-31"],
    }
    event = AuditEvent.objects.get(action="goals.key_result.updated")
    assert event.actor == director
    assert event.details["changes"] == revision.changes
    history = client.get(url).content.decode()
    assert "Target 40 → 50" in history
    assert "Diana Director" in history
    objectives = client_for(member).get("/c/acme/objectives/").content.decode()
    assert "Members mentoring a successor" in objectives
    assert "12 people of 50 people" in objectives


def test_a_facilitator_may_edit_and_the_page_links_to_the_form_only_for_stewards(
    facilitator: Any, member: Any, kr: KeyResult
) -> None:
    link = f'href="/key-results/{kr.pk}/edit/"'

    assert link in client_for(facilitator).get("/c/acme/objectives/").content.decode()
    assert link not in client_for(member).get("/c/acme/objectives/").content.decode()
    response = client_for(facilitator).post(
        f"/key-results/{kr.pk}/edit/", _form(kr, title="Mentors in place")
    )
    assert response.status_code == 302
    assert KeyResult.objects.get(pk=kr.pk).title == "Mentors in place"


def test_members_and_outsiders_cannot_edit_a_definition_on_the_page(
    member: Any, outsider: Any, kr: KeyResult, director: Any
) -> None:
    # Even as the objective's owner: owners record values, stewards define key results.
    kr.objective.owner = member
    kr.objective.save()
    url = f"/key-results/{kr.pk}/edit/"

    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, _form(kr, title="Mine now")).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, _form(kr, title="Mine now")).status_code == 404
    _unchanged(kr)


def test_a_stale_definition_edit_is_refused_with_a_clear_message_and_writes_nothing(
    director: Any, facilitator: Any, kr: KeyResult
) -> None:
    stale = _form(kr, target=60)
    key_result_record(actor=facilitator, key_result=kr, value=20, expected_version=kr.version)

    response = client_for(director).post(f"/key-results/{kr.pk}/edit/", stale)

    assert response.status_code == 409
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert fresh.target == Decimal(40)
    assert not KeyResultRevision.objects.exists()
    body = response.content.decode()
    assert "Someone updated this key result a moment ago: it is now 20 members." in body
    # The form keeps what was typed and now carries the current version.
    assert 'value="60"' in body or 'value="60.00"' in body
    assert f'name="version" value="{fresh.version}"' in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": "0"}, "The target must differ from the baseline."),
        ({"kind": "currency", "currency": "E1"}, "A three-letter code, such as EUR."),
        ({"title": ""}, "This field is required."),
        ({"target": ""}, "Give a target."),
        ({"kind": "spaceship"}, "Select a valid choice."),
    ],
)
def test_bad_definitions_are_refused_on_the_page_and_write_nothing(
    director: Any, kr: KeyResult, changes: dict[str, str], message: str
) -> None:
    response = client_for(director).post(f"/key-results/{kr.pk}/edit/", _form(kr, **changes))

    assert response.status_code == 400
    _unchanged(kr)
    assert message in response.content.decode()


def test_an_archived_objectives_key_results_are_not_edited(director: Any, kr: KeyResult) -> None:
    from salon.goals.services.objectives import objective_archive

    objective_archive(actor=director, objective=kr.objective)

    response = client_for(director).post(f"/key-results/{kr.pk}/edit/", _form(kr, title="Late"))

    assert response.status_code == 403
    _unchanged(kr)


def test_turning_a_key_result_into_done_or_not_done_starts_it_again(
    director: Any, kr: KeyResult
) -> None:
    response = client_for(director).post(
        f"/key-results/{kr.pk}/edit/", _form(kr, kind="done", target="")
    )

    assert response.status_code == 302
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert (fresh.kind, fresh.baseline, fresh.target, fresh.current, fresh.unit) == (
        "done",
        Decimal(0),
        Decimal(1),
        Decimal(0),
        "",
    )
    changes = KeyResultRevision.objects.get().changes
    assert changes["current"] == ["12.00", "0"]
    assert changes["kind"] == ["number", "done"]


def test_saving_an_unchanged_definition_writes_nothing(director: Any, kr: KeyResult) -> None:
    response = client_for(director).post(f"/key-results/{kr.pk}/edit/", _form(kr))

    assert response.status_code == 302
    _unchanged(kr)


# The API ----------------------------------------------------------------------------------


def _patch(user: Any, kr: KeyResult, **payload: Any) -> Any:
    return client_for(user).patch(
        f"/api/v1/key-results/{kr.pk}", payload, content_type="application/json"
    )


def test_the_api_changes_only_the_definition_fields_sent(facilitator: Any, kr: KeyResult) -> None:
    response = _patch(facilitator, kr, version=kr.version, target="55", due="2026-06-15")

    assert response.status_code == 200
    body = response.json()
    assert (body["target"], body["due"], body["version"]) == (55.0, "2026-06-15", kr.version + 1)
    assert body["title"] == "Members mentoring someone"
    assert body["current"] == 12.0
    assert KeyResultRevision.objects.get().changes == {
        "target": ["40.00", "55.00"],
        "due": ["", "2026-06-15"],
    }
    cleared = _patch(facilitator, kr, version=body["version"], due=None)
    assert cleared.status_code == 200
    assert cleared.json()["due"] is None


def test_the_api_records_a_value_and_a_new_definition_in_one_request(
    director: Any, kr: KeyResult
) -> None:
    response = _patch(director, kr, version=kr.version, target="80", current="30", comment="Q2")

    assert response.status_code == 200
    assert response.json()["version"] == kr.version + 2
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert (fresh.target, fresh.current) == (Decimal(80), Decimal(30))
    assert KeyResultUpdate.objects.filter(key_result=kr, comment="Q2").exists()
    assert KeyResultRevision.objects.count() == 1


def test_members_get_a_403_for_a_definition_change_and_outsiders_a_404(
    member: Any, outsider: Any, kr: KeyResult
) -> None:
    kr.objective.owner = member
    kr.objective.save()

    refused = _patch(member, kr, version=kr.version, title="Mine now")
    hidden = _patch(outsider, kr, version=kr.version, title="Mine now")
    # The owner still records values.
    value = _patch(member, kr, version=kr.version, current="13")

    assert refused.status_code == 403
    assert refused.json() == {"detail": "You do not have permission to do this."}
    assert hidden.status_code == 404
    assert value.status_code == 200
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert (fresh.title, fresh.current) == ("Members mentoring someone", Decimal(13))
    assert not KeyResultRevision.objects.exists()


def test_a_stale_definition_change_through_the_api_is_a_409_and_writes_nothing(
    director: Any, facilitator: Any, kr: KeyResult
) -> None:
    seen = kr.version
    assert _patch(facilitator, kr, version=seen, title="Mentors").status_code == 200

    response = _patch(director, kr, version=seen, target="99")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Someone updated this key result a moment ago: it is now 12 members. Check and try again."
    )
    fresh = KeyResult.objects.get(pk=kr.pk)
    assert (fresh.title, fresh.target, fresh.version) == ("Mentors", Decimal(40), seen + 1)
    assert KeyResultRevision.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "detail"),
    [
        ({"target": "0"}, 400, "The target must differ from the baseline."),
        ({"kind": "currency"}, 400, "Give the currency as a three-letter code, such as EUR."),
        ({"target": None}, 400, "Give each key result a target."),
        ({"title": "   "}, 400, "A key result cannot be empty."),
        # The value is refused after the definition was accepted: both are undone.
        ({"kind": "done", "current": "5"}, 400, "A done/not done key result is 0 or 1."),
        ({}, 400, "Send a new `current` value, or the definition fields to change."),
        ({"kind": "spaceship"}, 422, None),
        ({"title": ""}, 422, None),
        ({"target": "1e40"}, 422, None),
    ],
)
def test_bad_definitions_through_the_api_are_clear_errors_and_write_nothing(
    director: Any, kr: KeyResult, payload: dict[str, Any], status: int, detail: str | None
) -> None:
    response = _patch(director, kr, version=kr.version, **payload)

    assert response.status_code == status
    assert "detail" in response.json()
    if detail is not None:
        assert response.json()["detail"] == detail
    _unchanged(kr)
    assert KeyResult.objects.get(pk=kr.pk).current == Decimal(12)
