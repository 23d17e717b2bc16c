from __future__ import annotations

import csv
import io
from typing import Any

from conftest import PASSWORD, client_for, make_user
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
    assert AuditEvent.objects.filter(action="audit.exported", actor=director).exists()


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
