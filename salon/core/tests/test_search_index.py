"""The index stays current: creating, editing and deleting anything registered shows in
search at once, on either engine; ``manage.py reindex`` rebuilds it all."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import join, make_user
from salon.accounts import services as account_services
from salon.communities import services
from salon.communities.models import Circle, Community
from salon.core import search
from salon.core.models import SearchDocument
from salon.core.search.schema import FTS_TABLE


def _titles(user: Any, text: str, **filters: str) -> list[str]:
    return [hit.title for hit in search.search(user=user, text=text, **filters)[0:50]]


def _engine_matches_documents() -> None:
    """The engine's own index holds exactly the documents' words (SQLite checks it itself;
    on PostgreSQL the vector is a generated column of the same row)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )


def test_a_new_community_is_found_by_its_name_tagline_and_purpose(director: Any) -> None:
    created = services.community_create(
        actor=director, name="Lighthouse Forum", tagline="Navigating change", purpose="Ethics."
    )

    assert _titles(director, "lighthouse") == ["Lighthouse Forum"]
    assert _titles(director, "navigating") == ["Lighthouse Forum"]
    assert _titles(director, "ethics") == ["Lighthouse Forum"]
    assert (
        SearchDocument.objects.get(kind="community", object_id=created.pk).url
        == "/c/lighthouse-forum/"
    )
    _engine_matches_documents()


def test_an_edit_is_found_by_its_new_words_and_no_longer_by_the_old(
    director: Any, community: Community
) -> None:
    services.community_update(actor=director, community=community, purpose="Quantum finance.")
    assert _titles(director, "quantum") == ["Acme Leaders"]

    services.community_update(actor=director, community=community, purpose="Ocean shipping.")

    assert _titles(director, "quantum") == []
    assert _titles(director, "ocean") == ["Acme Leaders"]
    _engine_matches_documents()


def test_a_circle_is_indexed_on_create_edit_and_delete(director: Any, community: Community) -> None:
    circle = services.circle_create(
        actor=director, community=community, name="Falcon Cohort", kind="cohort"
    )
    assert _titles(director, "falcon", kind="circle") == ["Falcon Cohort"]

    circle.description = "Meets on Tuesdays"
    circle.save()
    assert _titles(director, "tuesdays") == ["Falcon Cohort"]

    circle.delete()
    assert _titles(director, "falcon") == []
    assert not SearchDocument.objects.filter(kind="circle", object_id=circle.pk).exists()
    _engine_matches_documents()


def test_a_person_is_found_once_they_join_and_with_their_edited_profile(
    director: Any, community: Community
) -> None:
    newcomer = make_user("nia@acme.test", "Nia Newcomer")
    assert _titles(director, "nia") == []

    join(newcomer, community)
    assert _titles(director, "nia") == ["Nia Newcomer"]

    account_services.profile_update(
        user=newcomer, title="Head of Treasury", interests=["sailing"], country="Ghana"
    )

    assert _titles(director, "treasury") == ["Nia Newcomer"]
    assert _titles(director, "sailing ghana") == ["Nia Newcomer"]
    _engine_matches_documents()


def test_a_person_who_leaves_or_is_removed_is_no_longer_found(
    director: Any, member: Any, community: Community
) -> None:
    assert _titles(director, "maya") == ["Maya Member"]

    services.membership_remove(actor=director, membership=member.memberships.get())

    assert _titles(director, "maya") == []


def test_a_deactivated_person_disappears_and_comes_back_when_reactivated(
    director: Any, member: Any
) -> None:
    member.is_active = False
    member.save()
    assert _titles(director, "maya") == []

    member.is_active = True
    member.save()
    assert _titles(director, "maya") == ["Maya Member"]


def test_signing_in_does_not_rewrite_the_persons_documents(member: Any) -> None:
    before = SearchDocument.objects.get(kind="person").updated_at

    member.last_login = None
    member.save(update_fields=["last_login"])

    assert SearchDocument.objects.get(kind="person").updated_at == before


def test_deleting_a_community_removes_everything_in_it(
    director: Any, member: Any, community: Community, circle: Circle, outsider: Any
) -> None:
    assert SearchDocument.objects.filter(community=community).count() == 4

    community.delete()

    assert not SearchDocument.objects.filter(community_id=community.pk).exists()
    assert _titles(outsider, "olga") == ["Olga Outsider"]
    _engine_matches_documents()


def test_changes_that_send_no_signal_are_indexed_by_calling_index(
    director: Any, community: Community
) -> None:
    Community.objects.filter(pk=community.pk).update(name="Renamed Quietly")
    assert _titles(director, "renamed") == []

    search.index(Community.objects.get(pk=community.pk))

    assert _titles(director, "renamed") == ["Renamed Quietly"]


def test_reindex_rebuilds_every_document_from_the_registered_objects(
    director: Any, member: Any, circle: Circle, capsys: Any
) -> None:
    expected = sorted(SearchDocument.objects.values_list("kind", "object_id", "title"))
    SearchDocument.objects.all().delete()

    call_command("reindex")

    assert sorted(SearchDocument.objects.values_list("kind", "object_id", "title")) == expected
    assert _titles(director, "emea") == ["EMEA Chapter"]
    assert "person: 2 document(s)" in capsys.readouterr().out
    _engine_matches_documents()


def test_reindex_refuses_an_unknown_kind(db: Any) -> None:
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("reindex", "nonsense")


def test_phrases_and_exclusions_behave(director: Any, community: Community) -> None:
    circles = {
        "Alpha": "Board governance in practice",
        "Beta": "Governance of the board",
        "Gamma": "Governance without boards",
    }
    for name, description in circles.items():
        Circle.objects.create(
            community=community, name=name, slug=name.lower(), description=description
        )

    assert sorted(_titles(director, '"board governance"')) == ["Alpha"]
    assert sorted(_titles(director, "governance board ")) == ["Alpha", "Beta"]
    assert sorted(_titles(director, "governance board")) == ["Alpha", "Beta", "Gamma"]  # boards
    assert sorted(_titles(director, "governance -board")) == ["Gamma"]
    assert sorted(_titles(director, 'governance -"board governance"')) == ["Beta", "Gamma"]
    assert sorted(_titles(director, "governance boa")) == ["Alpha", "Beta", "Gamma"]
    assert sorted(_titles(director, "governance boa ")) == []


def test_accents_and_case_do_not_matter(director: Any, community: Community) -> None:
    Circle.objects.create(community=community, name="Zürich Chapter", slug="zurich")

    assert _titles(director, "ZURICH") == ["Zürich Chapter"]
    assert _titles(director, "zürich") == ["Zürich Chapter"]


def test_the_title_ranks_above_the_body(director: Any, community: Community) -> None:
    Circle.objects.create(community=community, name="Other", slug="o", description="About pricing")
    Circle.objects.create(community=community, name="Pricing", slug="p", description="Other")

    assert _titles(director, "pricing") == ["Pricing", "Other"]


def test_a_guest_membership_is_found_by_participants_only(
    director: Any, guest: Any, member: Any
) -> None:
    assert _titles(member, "gus") == ["Gus Guest"]
    assert _titles(guest, "maya") == []
