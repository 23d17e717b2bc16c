"""The competency framework: a default for every community, edited by its director."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.communities.models import Community
from salon.core.models import AuditEvent
from salon.goals.framework import DEFAULT_COMPETENCIES
from salon.goals.models import Competency


def test_every_new_community_gets_its_own_copy_of_the_default_framework(db: Any) -> None:
    one = Community.objects.create(name="One", slug="one")
    two = Community.objects.create(name="Two", slug="two")

    mine = Competency.objects.filter(community=one)
    assert mine.count() == Competency.objects.filter(community=two).count()
    assert mine.count() == len(DEFAULT_COMPETENCIES)
    assert 8 <= len(DEFAULT_COMPETENCIES) <= 12
    assert all(c.description for c in mine)


def test_the_director_renames_adds_and_retires_competencies(director: Any, community: Any) -> None:
    client = client_for(director)
    trust = Competency.objects.get(community=community, name="Building trust")

    client.post(
        f"/c/acme/competencies/{trust.pk}/",
        {
            f"c{trust.pk}-name": "Building trust fast",
            f"c{trust.pk}-description": "Earns trust in new teams quickly.",
            f"c{trust.pk}-position": "1",
        },
    )
    client.post("/c/acme/competencies/", {"new-name": "Board leadership", "new-description": ""})
    client.post(f"/c/acme/competencies/{trust.pk}/retire/", {"retired": "1"})

    trust.refresh_from_db()
    assert trust.name == "Building trust fast"
    assert trust.retired_at is not None
    assert Competency.objects.filter(community=community, name="Board leadership").exists()
    assert AuditEvent.objects.filter(action__startswith="goals.competency.").count() == 3
    member_view = client.get("/c/acme/competencies/").content.decode()
    assert "Board leadership" in member_view


def test_members_read_the_framework_but_cannot_change_it(
    member: Any, facilitator: Any, community: Any
) -> None:
    trust = Competency.objects.get(community=community, name="Building trust")

    page = client_for(member).get("/c/acme/competencies/")
    by_member = client_for(member).post("/c/acme/competencies/", {"new-name": "Mine"})
    by_facilitator = client_for(facilitator).post(
        f"/c/acme/competencies/{trust.pk}/retire/", {"retired": "1"}
    )

    assert page.status_code == 200
    assert "Building trust" in page.content.decode()
    assert by_member.status_code == 403
    assert by_facilitator.status_code == 403
    trust.refresh_from_db()
    assert trust.retired_at is None
    assert not Competency.objects.filter(name="Mine").exists()


def test_missing_defaults_come_back_on_request(director: Any, community: Any) -> None:
    Competency.objects.filter(community=community, name="Leading change").delete()

    client_for(director).post("/c/acme/competencies/defaults/")

    assert Competency.objects.filter(community=community, name="Leading change").exists()
