from __future__ import annotations

import csv
import io
from typing import Any

from conftest import PASSWORD, client_for, join, make_user
from salon.core.audit import audit
from salon.core.models import AuditEvent


def _csv(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_a_director_reads_and_exports_their_communitys_log(
    director: Any, member: Any, community: Any, other_community: Any
) -> None:
    client = client_for(director)
    client.post("/c/acme/invite/", {"email": "nina@example.com", "role": "member"})
    audit("communities.invitation.created", target=other_community, secret="elsewhere")

    page = client.get("/c/acme/audit/?action=communities.invitation")
    assert page.status_code == 200
    assert "nina@example.com" in page.content.decode()
    assert "elsewhere" not in page.content.decode()

    assert "/accounts/reauthenticate/" in client.get("/c/acme/audit/export.csv")["Location"]
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    rows = _csv(client.get("/c/acme/audit/export.csv?action=communities."))

    assert [r["action"] for r in rows] == ["communities.invitation.created"]
    assert rows[0]["actor"] == director.email
    assert rows[0]["community"] == "acme"
    assert AuditEvent.objects.filter(action="core.audit_log.exported", actor=director).exists()


def test_members_and_facilitators_cannot_read_the_log(member: Any, facilitator: Any) -> None:
    assert client_for(member).get("/c/acme/audit/").status_code == 403
    assert client_for(facilitator).get("/c/acme/audit/export.csv").status_code == 403


def test_staff_read_and_export_everything(
    director: Any, community: Any, other_community: Any
) -> None:
    staff = make_user("it@company.test", "IT Security", is_staff=True)
    audit("communities.community.updated", target=community)
    audit("communities.community.updated", target=other_community)
    client = client_for(staff)

    page = client.get("/audit/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    rows = _csv(client.get("/audit/export.csv?action=communities.community"))

    assert page.status_code == 200
    assert {r["community"] for r in rows} == {"acme", "elsewhere"}


def test_the_site_log_is_invisible_to_everyone_else(director: Any) -> None:
    assert client_for(director).get("/audit/").status_code == 404
    assert client_for(director).get("/audit/export.csv").status_code == 404


def _chatham_topic(director: Any, member: Any, community: Any, *, title: str) -> Any:
    from django.test import TestCase

    from salon.discussions.categories import category_create
    from salon.discussions.services.topics import topic_create

    room = category_create(
        actor=director, community=community, name="Off the record", chatham_house=True
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        return topic_create(actor=member, category=room, title=title, body="Candidly…")


def test_the_log_never_names_who_spoke_under_the_chatham_house_rule(
    director: Any, member: Any, community: Any
) -> None:
    from salon.discussions.moderation import warn_member

    topic = _chatham_topic(director, member, community, title="Our merger doubts")
    warn_member(actor=director, post=topic.posts.get(number=1), message="Mind the tone")
    staff = make_user("it@company.test", "IT Security", is_staff=True)
    join(staff, community)
    client = client_for(director)

    page = client.get("/c/acme/audit/?action=discussions").content.decode()
    by_actor = client.get("/c/acme/audit/?actor=maya").content.decode()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    rows = _csv(client.get("/c/acme/audit/export.csv?action=discussions."))
    site = client_for(staff).get("/audit/?action=discussions").content.decode()

    assert "Our merger doubts" in page
    assert member.email not in page
    assert member.email not in site
    assert "Our merger doubts" not in by_actor
    created = next(r for r in rows if r["action"] == "discussions.topic.created")
    assert (created["actor"], created["target"], created["ip_address"]) == (
        "a member",
        "Our merger doubts",
        "",
    )
    warned = next(r for r in rows if r["action"] == "discussions.member.warned")
    assert str(member.pk) not in warned["details"].replace(f"'topic': {topic.pk}", "")
    assert not any(member.email in value for r in rows for value in r.values())
    assert AuditEvent.objects.get(action="discussions.topic.created").actor_label == ""


def test_a_category_put_under_the_rule_later_stops_naming_its_authors(
    director: Any, member: Any, community: Any
) -> None:
    from django.test import TestCase

    from salon.discussions.categories import category_create
    from salon.discussions.models import Category
    from salon.discussions.services.topics import topic_create

    room = category_create(actor=director, community=community, name="Candid")
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic_create(actor=member, category=room, title="Said on the record", body="x")
    Category.objects.filter(pk=room.pk).update(chatham_house=True)

    page = client_for(director).get("/c/acme/audit/?action=discussions.topic").content.decode()

    assert "Said on the record" in page
    assert member.email not in page


def test_staff_outside_a_community_see_what_happened_but_not_its_content(
    director: Any, member: Any, community: Any
) -> None:
    from django.test import TestCase

    from salon.discussions.categories import category_create
    from salon.discussions.services.topics import topic_create

    general = category_create(actor=director, community=community, name="General")
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic_create(actor=member, category=general, title="Layoffs in Q3", body="x")
    outside = make_user("it@company.test", "IT Security", is_staff=True)
    inside = make_user("ciso@company.test", "CISO", is_staff=True)
    join(inside, community)
    client = client_for(outside)

    page = client.get("/audit/?action=discussions.topic").content.decode()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    rows = _csv(client.get("/audit/export.csv?action=discussions.topic"))

    assert "discussions.topic.created" in page
    assert "Layoffs in Q3" not in page
    assert [(r["actor"], r["community"], r["target"]) for r in rows] == [
        (member.email, "acme", "(withheld: not a member)")
    ]
    assert "Layoffs in Q3" in client_for(inside).get("/audit/").content.decode()


def test_the_admin_shows_no_content_and_names_nobody_under_the_rule(
    director: Any, member: Any, community: Any
) -> None:
    topic = _chatham_topic(director, member, community, title="Our merger doubts")
    # A row from before the rule was honoured when writing.
    AuditEvent.objects.create(
        action="discussions.topic.edited",
        actor=member,
        actor_label=member.email,
        community=community,
        target_type="discussions.topic",
        target_id=str(topic.pk),
        target_label=topic.title,
    )
    admin_user = make_user("root@company.test", "Root", is_staff=True, is_superuser=True)
    client = client_for(admin_user)

    listing = client.get("/admin/core/auditevent/?q=discussions")
    event = AuditEvent.objects.get(action="discussions.topic.edited")
    detail = client.get(f"/admin/core/auditevent/{event.pk}/change/")

    assert listing.status_code == 200
    assert detail.status_code == 200
    for page in (listing.content.decode(), detail.content.decode()):
        assert member.email not in page
        assert "Our merger doubts" not in page
