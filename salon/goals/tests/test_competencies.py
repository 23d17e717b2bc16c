"""The competency framework: a default for every community, with definitions, observable
behaviours and proficiency levels, edited by its director and versioned."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import client_for
from salon.communities.models import Community
from salon.core.models import AuditEvent
from salon.goals import selectors
from salon.goals.framework import DEFAULT_COMPETENCIES, default_framework
from salon.goals.models import Behaviour, Competency, FrameworkVersion, ProficiencyLevel
from salon.goals.services.competencies import competency_update


def _edit(competency: Competency, **changes: Any) -> dict[str, str]:
    """The edit form as the page fills it, with ``changes`` typed over it."""
    p = f"c{competency.pk}"
    data = {
        f"{p}-name": competency.name,
        f"{p}-description": competency.description,
        f"{p}-position": str(competency.position),
        f"{p}-behaviours": "\n".join(
            b.text for b in competency.behaviours.filter(retired_at__isnull=True)
        ),
    }
    for level in competency.levels.all():
        data[f"{p}-level_{level.rank}_name"] = level.name
        data[f"{p}-level_{level.rank}_description"] = level.description
    data.update({f"{p}-{key}": value for key, value in changes.items()})
    return data


def test_every_new_community_gets_its_own_copy_of_the_default_framework(db: Any) -> None:
    one = Community.objects.create(name="One", slug="one")
    two = Community.objects.create(name="Two", slug="two")

    mine = Competency.objects.filter(community=one)
    assert mine.count() == Competency.objects.filter(community=two).count()
    assert mine.count() == len(DEFAULT_COMPETENCIES)
    assert 8 <= len(DEFAULT_COMPETENCIES) <= 12
    assert all(c.description for c in mine)
    for competency in mine:
        assert 3 <= competency.behaviours.count() <= 5
        assert [lv.name for lv in competency.levels.all()] == list(default_framework().level_names)
        assert all(lv.description for lv in competency.levels.all())
    assert FrameworkVersion.objects.get(community=one).number == 1


def test_the_framework_reads_in_four_queries_whatever_its_size(
    community: Any, django_assert_num_queries: Any
) -> None:
    # The version, the competencies, their behaviours, their levels.
    with django_assert_num_queries(4):
        framework = selectors.framework_for(community)
        texts = [b.text for b in framework.behaviours()]
        names = [lv.name for c in framework.competencies for lv in c.levels.all()]
    assert len(texts) >= 30
    assert len(names) == 40
    assert framework.number == 1

    for n in range(40):
        competency = Competency.objects.create(community=community, name=f"Extra {n}")
        Behaviour.objects.bulk_create(
            Behaviour(competency=competency, text=f"Does {i}", position=i) for i in range(5)
        )
    with django_assert_num_queries(4):
        framework = selectors.framework_for(community)
        assert len(framework.behaviours()) > 200
        assert sum(len(c.levels.all()) for c in framework.competencies) == 40


def test_the_director_edits_definition_behaviours_and_levels_and_the_version_records_it(
    director: Any, community: Any
) -> None:
    client = client_for(director)
    trust = Competency.objects.get(community=community, name="Building trust")
    kept = trust.behaviours.get(position=1)

    response = client.post(
        f"/c/acme/competencies/{trust.pk}/",
        _edit(
            trust,
            name="Building trust fast",
            description="Earns trust in new teams quickly.",
            behaviours=f"{kept.text}\nAsks new colleagues what they need.\nShares credit.\n",
            level_4_name="Trusted adviser",
        ),
    )

    assert response.status_code == 302
    trust.refresh_from_db()
    assert trust.name == "Building trust fast"
    active = list(trust.behaviours.filter(retired_at__isnull=True))
    assert [b.text for b in active] == [
        kept.text,
        "Asks new colleagues what they need.",
        "Shares credit.",
    ]
    assert active[0].pk == kept.pk  # 360 ratings of an unchanged behaviour keep their meaning
    assert trust.behaviours.filter(retired_at__isnull=False).count() == 1  # retired, not lost
    assert trust.levels.get(rank=4).name == "Trusted adviser"
    version = FrameworkVersion.objects.filter(community=community).first()
    assert version is not None
    assert version.number == 2
    assert "behaviours" in version.summary
    assert "proficiency levels" in version.summary
    assert version.changed_by == director
    event = AuditEvent.objects.get(action="goals.competency.updated")
    assert event.details["version"] == 2
    page = client.get("/c/acme/competencies/").content.decode()
    assert "Asks new colleagues what they need." in page
    assert "Version 2" in page


def test_saving_without_a_change_makes_no_new_version(director: Any, community: Any) -> None:
    trust = Competency.objects.get(community=community, name="Building trust")

    client_for(director).post(f"/c/acme/competencies/{trust.pk}/", _edit(trust))

    assert FrameworkVersion.objects.filter(community=community).count() == 1


@pytest.mark.parametrize(
    "behaviours",
    ["Only one.\nAnd two.", "1\n2\n3\n4\n5\n6", "Same.\nsame.\nOther."],
)
def test_a_competency_needs_three_to_five_distinct_behaviours(
    director: Any, community: Any, behaviours: str
) -> None:
    trust = Competency.objects.get(community=community, name="Building trust")
    before = list(trust.behaviours.values_list("text", flat=True))

    response = client_for(director).post(
        f"/c/acme/competencies/{trust.pk}/", _edit(trust, behaviours=behaviours), follow=True
    )

    assert list(trust.behaviours.values_list("text", flat=True)) == before
    assert "different behaviours" in response.content.decode()
    assert FrameworkVersion.objects.filter(community=community).count() == 1


def test_levels_need_distinct_names(director: Any, community: Any) -> None:
    trust = Competency.objects.get(community=community, name="Building trust")

    with pytest.raises(ValidationError):
        competency_update(
            actor=director,
            competency=trust,
            name=trust.name,
            description="",
            position=1,
            levels=[("Good", ""), ("good", "")],
        )

    assert trust.levels.count() == 4


def test_the_director_adds_a_competency_with_its_behaviours_and_levels(
    director: Any, community: Any
) -> None:
    data = {
        "new-name": "Board leadership",
        "new-description": "Works well with a board.",
        "new-behaviours": "Prepares the board.\nListens to dissent.\nReports bad news early.",
    }
    for rank, name in enumerate(default_framework().level_names, start=1):
        data[f"new-level_{rank}_name"] = name
    data["new-level_1_description"] = "Attends board meetings."

    client_for(director).post("/c/acme/competencies/", data)

    board = Competency.objects.get(community=community, name="Board leadership")
    assert board.behaviours.count() == 3
    assert board.levels.get(rank=1).description == "Attends board meetings."
    assert "Board leadership" in FrameworkVersion.objects.filter(community=community)[0].summary


def test_retiring_and_restoring_each_make_a_version(director: Any, community: Any) -> None:
    client = client_for(director)
    trust = Competency.objects.get(community=community, name="Building trust")

    client.post(f"/c/acme/competencies/{trust.pk}/retire/", {"retired": "1"})
    client.post(f"/c/acme/competencies/{trust.pk}/retire/", {"retired": "0"})

    trust.refresh_from_db()
    assert trust.retired_at is None
    assert FrameworkVersion.objects.filter(community=community).count() == 3
    assert AuditEvent.objects.filter(action__startswith="goals.competency.").count() == 2


def test_members_read_the_framework_but_cannot_change_it(
    member: Any, facilitator: Any, community: Any
) -> None:
    trust = Competency.objects.get(community=community, name="Building trust")
    behaviour = trust.behaviours.first()
    assert behaviour is not None

    page = client_for(member).get("/c/acme/competencies/")
    by_member = client_for(member).post("/c/acme/competencies/", {"new-name": "Mine"})
    by_facilitator = client_for(facilitator).post(
        f"/c/acme/competencies/{trust.pk}/retire/", {"retired": "1"}
    )

    assert page.status_code == 200
    assert "Building trust" in page.content.decode()
    assert behaviour.text in page.content.decode()
    assert "Edit Building trust" not in page.content.decode()
    assert by_member.status_code == 403
    assert by_facilitator.status_code == 403
    trust.refresh_from_db()
    assert trust.retired_at is None
    assert not Competency.objects.filter(name="Mine").exists()


def test_missing_defaults_come_back_with_their_behaviours(director: Any, community: Any) -> None:
    Competency.objects.filter(community=community, name="Leading change").delete()

    client_for(director).post("/c/acme/competencies/defaults/")

    change = Competency.objects.get(community=community, name="Leading change")
    assert change.behaviours.count() == 4
    assert change.levels.count() == 4
    assert FrameworkVersion.objects.filter(community=community).count() == 2


def test_the_api_lists_the_framework_with_behaviours_and_levels(
    member: Any, community: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member)

    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/communities/acme/competencies")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["version"] == 1
    trust = next(c for c in body["competencies"] if c["name"] == "Building trust")
    assert trust["definition"]
    assert 3 <= len(trust["behaviours"]) <= 5
    assert [lv["rank"] for lv in trust["levels"]] == [1, 2, 3, 4]


def test_outsiders_do_not_see_the_framework(outsider: Any, community: Any) -> None:
    response = client_for(outsider).get("/api/v1/communities/acme/competencies")

    assert response.status_code == 404


def test_a_goal_in_the_api_carries_its_competency_behaviours(member: Any, make_goal: Any) -> None:
    goal = make_goal("community")

    body = json.loads(client_for(member).get(f"/api/v1/goals/{goal.pk}").content)

    assert body["competency"]["behaviours"]
    assert len(body["competency"]["levels"]) == 4
    assert ProficiencyLevel.objects.filter(competency_id=body["competency"]["id"]).count() == 4
