from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.communities.models import Invitation


def test_the_invitation_email_arrives_over_smtp_as_text_and_html(
    director: Any, smtp_inbox: Any
) -> None:
    client_for(director).post(
        "/c/acme/invite/",
        {"email": "ines@example.com", "name": "Inês Costa", "role": "member", "message": "Olá!"},
    )

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["X-Rcpt-To"] == "ines@example.com"
    assert "Acme Leaders" in message["Subject"]
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    token = Invitation.objects.get().token
    assert f"/invitations/{token}/" in text
    assert "Dear Inês Costa" in text
    assert "Olá!" in text
    assert f"/invitations/{token}/" in html


def test_an_ampersand_in_the_community_name_stays_an_ampersand_in_the_subject(
    director: Any, community: Any
) -> None:
    from django.core import mail

    community.name = "R&D Leaders"
    community.save()

    client_for(director).post("/c/acme/invite/", {"email": "x@example.com", "role": "member"})

    assert mail.outbox[0].subject == "You're invited to R&D Leaders on Salon"
