"""Stewards manage categories: edit, reorder, archive, delete when empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import client_for
from salon.core.models import AuditEvent
from salon.discussions.categories import (
    category_archive,
    category_create,
    category_delete,
    category_move,
    category_update,
)
from salon.discussions.models import Category, Level, Subscription
from salon.discussions.services.reading import subscription_set


def _names(community: Any, circle: Any = None) -> list[str]:
    return list(
        Category.objects.filter(community=community, circle=circle)
        .order_by("position", "name", "pk")
        .values_list("name", flat=True)
    )


def test_a_facilitator_edits_a_category_and_the_change_is_audited(
    facilitator: Any, general: Any
) -> None:
    response = client_for(facilitator).post(
        f"/c/acme/forum/categories/{general.pk}/edit/",
        {
            "name": "  General   talk ",
            "description": "Anything.",
            "chatham_house": "on",
            "position": 3,
        },
    )

    assert response.status_code == 302
    general.refresh_from_db()
    assert (general.name, general.description, general.chatham_house, general.position) == (
        "General talk",
        "Anything.",
        True,
        3,
    )
    assert general.slug == "general"  # links to ?category=general keep working
    event = AuditEvent.objects.get(action="discussions.category.updated")
    assert event.actor == facilitator
    assert event.community_id == general.community_id
    assert event.details["changes"]["chatham_house"] == [False, True]
    assert event.details["changes"]["name"] == ["General", "General talk"]


def test_the_edit_page_warns_that_the_rule_changes_existing_topics_attribution(
    director: Any, general: Any, start: Any
) -> None:
    start(director)

    page = client_for(director).get(f"/c/acme/forum/categories/{general.pk}/edit/")

    assert page.status_code == 200
    assert "This category holds 1 topic." in page.content.decode()
    assert "changes, from now on, how it is attributed" in page.content.decode()


def test_saving_nothing_new_writes_no_audit_event(director: Any, general: Any) -> None:
    category_update(actor=director, category=general, name="General", position=0)

    assert not AuditEvent.objects.filter(action="discussions.category.updated").exists()


def test_members_and_outsiders_cannot_edit_a_category(
    member: Any, outsider: Any, general: Any, other_community: Any, director: Any
) -> None:
    url = f"/c/acme/forum/categories/{general.pk}/edit/"

    assert client_for(member).post(url, {"name": "Mine", "position": 0}).status_code == 403
    assert client_for(outsider).post(url, {"name": "Mine", "position": 0}).status_code == 404
    with pytest.raises(PermissionDenied):
        category_update(actor=member, category=general, name="Mine")
    general.refresh_from_db()
    assert general.name == "General"


@pytest.mark.parametrize(
    ("action", "data"),
    [("move", {"direction": "up"}), ("archive", {"archived": "1"}), ("delete", {})],
)
def test_members_get_403_and_outsiders_404_for_every_change(
    member: Any, outsider: Any, guest: Any, general: Any, action: str, data: dict[str, str]
) -> None:
    url = f"/c/acme/forum/categories/{general.pk}/{action}/"

    assert client_for(member).post(url, data).status_code == 403
    assert client_for(guest).post(url, data).status_code == 403
    assert client_for(outsider).post(url, data).status_code == 404
    general.refresh_from_db()
    assert (general.position, general.archived) == (0, False)
    assert (
        not AuditEvent.objects.filter(action__startswith="discussions.category.")
        .exclude(action="discussions.category.created")
        .exists()
    )


def test_a_category_of_another_community_is_not_found(
    director: Any, outsider: Any, other_community: Any
) -> None:
    elsewhere = category_create(actor=outsider, community=other_community, name="Theirs")

    response = client_for(director).get(f"/c/acme/forum/categories/{elsewhere.pk}/edit/")

    assert response.status_code == 404


def test_move_up_and_down_reorders_within_its_forum_only(
    director: Any, community: Any, circle: Any
) -> None:
    for name in ["Alpha", "Beta", "Gamma"]:
        category_create(actor=director, community=community, name=name)
    emea = category_create(actor=director, community=community, name="Circle talk", circle=circle)
    gamma = Category.objects.get(name="Gamma")
    client = client_for(director)

    response = client.post(f"/c/acme/forum/categories/{gamma.pk}/move/", {"direction": "up"})

    assert response.status_code == 302
    assert _names(community) == ["Alpha", "Gamma", "Beta"]
    client.post(f"/c/acme/forum/categories/{gamma.pk}/move/", {"direction": "up"})
    assert _names(community) == ["Gamma", "Alpha", "Beta"]
    # Already first: nothing moves.
    client.post(f"/c/acme/forum/categories/{gamma.pk}/move/", {"direction": "up"})
    assert _names(community) == ["Gamma", "Alpha", "Beta"]
    client.post(f"/c/acme/forum/categories/{gamma.pk}/move/", {"direction": "down"})
    assert _names(community) == ["Alpha", "Gamma", "Beta"]
    emea.refresh_from_db()
    assert emea.position == 0
    moves = AuditEvent.objects.filter(action="discussions.category.moved")
    assert moves.count() == 3
    assert moves.order_by("pk")[0].details == {"direction": "up", "position": 1}


def test_the_forum_and_the_new_topic_page_follow_the_order(
    director: Any, member: Any, community: Any
) -> None:
    alpha = category_create(actor=director, community=community, name="Alpha")
    category_create(actor=director, community=community, name="Beta")
    category_move(actor=director, category=alpha, direction="down")

    forum = client_for(member).get("/c/acme/forum/").content.decode()
    new = client_for(member).get("/c/acme/forum/new/").content.decode()

    assert forum.index(">Beta<") < forum.index(">Alpha<")
    assert new.index(">Beta<") < new.index(">Alpha<")


def test_an_empty_category_is_deleted_after_asking(
    director: Any, member: Any, general: Any
) -> None:
    subscription_set(user=member, category=general, level=Level.WATCH)
    client = client_for(director)

    asked = client.get(f"/c/acme/forum/categories/{general.pk}/delete/")
    response = client.post(f"/c/acme/forum/categories/{general.pk}/delete/")

    assert asked.status_code == 200
    assert "Delete the category" in asked.content.decode()
    assert response.status_code == 302
    assert not Category.objects.filter(pk=general.pk).exists()
    assert not Subscription.objects.filter(category_id=general.pk).exists()
    event = AuditEvent.objects.get(action="discussions.category.deleted")
    assert (event.target_id, event.details["name"]) == (str(general.pk), "General")


def test_a_category_with_topics_is_not_deleted_and_archiving_is_offered(
    director: Any, general: Any, start: Any
) -> None:
    start(director)
    client = client_for(director)

    asked = client.get(f"/c/acme/forum/categories/{general.pk}/delete/").content.decode()
    response = client.post(f"/c/acme/forum/categories/{general.pk}/delete/")

    assert "so it cannot be deleted" in asked
    assert "Archive the category" in asked
    assert "Delete the category" not in asked
    assert response.status_code == 400
    assert "has topics: archive it instead" in response.content.decode()
    assert Category.objects.filter(pk=general.pk).exists()
    assert not AuditEvent.objects.filter(action="discussions.category.deleted").exists()
    with pytest.raises(ValidationError):
        category_delete(actor=director, category=general)


def test_an_archived_category_leaves_the_lists_but_its_topics_stay_readable(
    director: Any, member: Any, general: Any, start: Any
) -> None:
    topic = start(director, title="Kept for the record")
    category_create(actor=director, community=general.community, name="Open")

    response = client_for(director).post(
        f"/c/acme/forum/categories/{general.pk}/archive/", {"archived": "1"}
    )

    assert response.status_code == 302
    general.refresh_from_db()
    assert general.archived
    assert AuditEvent.objects.filter(action="discussions.category.archived").count() == 1
    client = client_for(member)
    forum = client.get("/c/acme/forum/").content.decode()
    assert "?category=general" not in forum
    assert "Kept for the record" in forum  # the topic is still listed and readable
    assert "Kept for the record" in client.get(f"/t/{topic.pk}/").content.decode()
    new = client.get("/c/acme/forum/new/").content.decode()
    assert ">General<" not in new
    assert ">Open<" in new
    refused = client.post(
        "/c/acme/forum/new/",
        {"category": general.pk, "kind": "discussion", "title": "Sneaky", "body": "Hi"},
    )
    assert refused.status_code == 400
    # The stewards' list still has it, to bring it back.
    assert (
        "Unarchive General"
        in client_for(director).get("/c/acme/forum/categories/").content.decode()
    )
    category_archive(actor=director, category=general, archived=False)
    assert "?category=general" in client.get("/c/acme/forum/").content.decode()


def test_the_api_refuses_a_new_topic_in_an_archived_category(
    member: Any, director: Any, general: Any
) -> None:
    category_archive(actor=director, category=general)

    response = client_for(member).post(
        "/api/v1/communities/acme/topics",
        {"category": "general", "kind": "discussion", "title": "T", "body": "B", "tags": []},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_the_forum_links_stewards_to_the_category_pages(
    director: Any, member: Any, general: Any
) -> None:
    assert "Manage categories" in client_for(director).get("/c/acme/forum/").content.decode()
    assert "Manage categories" not in client_for(member).get("/c/acme/forum/").content.decode()
    page = client_for(director).get("/c/acme/forum/categories/").content.decode()
    assert f"/c/acme/forum/categories/{general.pk}/edit/" in page
    assert "Move General up" in page


def test_the_categories_page_query_count_stays_flat(
    director: Any, community: Any, circle: Any, django_assert_num_queries: Any
) -> None:
    for n in range(2):
        category_create(actor=director, community=community, name=f"C{n}")
    client = client_for(director)
    client.get("/c/acme/forum/categories/")
    # user, community, memberships, the categories with their circles and topic counts,
    # the bell
    with django_assert_num_queries(5):
        client.get("/c/acme/forum/categories/")
    for n in range(2, 20):
        category_create(
            actor=director, community=community, name=f"C{n}", circle=circle if n % 2 else None
        )
    with django_assert_num_queries(5):
        client.get("/c/acme/forum/categories/")
