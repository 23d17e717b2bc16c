from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import PASSWORD, client_for, make_user
from salon.accounts.models import User
from salon.communities.models import Circle, Invitation, Membership
from salon.core.models import AuditEvent


def _invite(client: Any, **data: Any) -> Any:
    return client.post("/c/acme/invite/", {"role": "member", **data})


def test_a_director_invites_by_email_and_the_invitation_arrives(director: Any) -> None:
    response = _invite(client_for(director), email="Nina@Example.com", name="Nina Park")

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nina@example.com"
    assert invitation.invited_by == director
    assert AuditEvent.objects.filter(action="communities.invitation.created").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.com"]
    assert "Acme Leaders" in message.subject
    assert f"/invitations/{invitation.token}/" in message.body
    assert "Diana Director" in message.body


def test_a_member_may_not_invite(member: Any) -> None:
    response = _invite(client_for(member), email="nina@example.com")

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_outsider_cannot_learn_the_community_exists_by_inviting(
    outsider: Any, director: Any
) -> None:
    response = _invite(client_for(outsider), email="nina@example.com")

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_refused_with_a_reason(director: Any, member: Any) -> None:
    response = _invite(client_for(director), email=member.email)

    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_only_a_director_may_invite_a_director(facilitator: Any) -> None:
    response = _invite(client_for(facilitator), email="boss@example.com", role="director")

    assert response.status_code == 400
    assert "Only a director" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_new_person_accepts_and_gets_an_account_and_membership(
    director: Any, community: Any
) -> None:
    _invite(client_for(director), email="nina@example.com", role="mentor")
    invitation = Invitation.objects.get()
    client = client_for(None)

    page = client.get(f"/invitations/{invitation.token}/")
    assert page.status_code == 200
    assert "Create your account for nina@example.com" in page.content.decode()

    response = client.post(
        f"/invitations/{invitation.token}/",
        {"name": "Nina Park", "password": PASSWORD, "timezone": "Asia/Seoul"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/c/acme/"
    user = User.objects.get(email="nina@example.com")
    assert user.name == "Nina Park"
    assert user.timezone == "Asia/Seoul"
    assert Membership.objects.get(user=user, community=community).role == "mentor"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert client.get("/c/acme/").status_code == 200


def test_a_weak_password_is_refused_and_nothing_is_created(director: Any) -> None:
    _invite(client_for(director), email="nina@example.com")
    invitation = Invitation.objects.get()

    response = client_for(None).post(
        f"/invitations/{invitation.token}/",
        {"name": "Nina", "password": "password", "timezone": "UTC"},
    )

    assert response.status_code == 400
    assert "too short" in response.content.decode() or "too common" in response.content.decode()
    assert not User.objects.filter(email="nina@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_expired_invitation_cannot_be_used(director: Any) -> None:
    _invite(client_for(director), email="nina@example.com")
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )

    response = client_for(None).post(
        f"/invitations/{invitation.token}/",
        {"name": "Nina", "password": PASSWORD, "timezone": "UTC"},
    )

    assert response.status_code == 410
    assert "can't be used any more" in response.content.decode()
    assert not User.objects.filter(email="nina@example.com").exists()


def test_an_unknown_token_is_a_404(db: Any) -> None:
    assert client_for(None).get("/invitations/not-a-token/").status_code == 404


def test_a_signed_in_person_with_another_email_cannot_take_the_invitation(
    director: Any, outsider: Any, community: Any
) -> None:
    _invite(client_for(director), email="nina@example.com")
    invitation = Invitation.objects.get()

    response = client_for(outsider).post(f"/invitations/{invitation.token}/")

    assert response.status_code == 302
    assert not Membership.objects.filter(user=outsider, community=community).exists()


def test_an_existing_account_accepts_after_signing_in(director: Any, community: Any) -> None:
    existing = make_user("nina@example.com", "Nina Park")
    _invite(client_for(director), email="nina@example.com", role="expert")
    invitation = Invitation.objects.get()

    assert (
        "Sign in to accept" in client_for(None).get(invitation.get_absolute_url()).content.decode()
    )
    response = client_for(existing).post(invitation.get_absolute_url())

    assert response.status_code == 302
    assert Membership.objects.get(user=existing, community=community).role == "expert"


def test_a_withdrawn_invitation_no_longer_works(director: Any) -> None:
    client = client_for(director)
    _invite(client, email="nina@example.com")
    invitation = Invitation.objects.get()

    client.post(f"/c/acme/invitations/{invitation.pk}/revoke/")

    assert client_for(None).get(invitation.get_absolute_url()).status_code == 410


# CSV ---------------------------------------------------------------------------------------

CSV = (
    "email,name,role,circle\n"
    "ana@example.com,Ana Souza,member,emea\n"
    "not-an-email,Broken Row,member,\n"
    "ben@example.com,Ben Okoro,mentor,\n"
    "cara@example.com,Cara Lee,overlord,\n"
    "ben@example.com,Ben Again,member,\n"
    "dev@example.com,Dev Rao,member,no-such-circle\n"
)


def _upload(client: Any, content: bytes, name: str = "people.csv") -> Any:
    return client.post(
        "/c/acme/invite/csv/",
        {
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            "message": "Welcome!",
        },
    )


def test_csv_invites_every_good_row_and_reports_each_bad_one_with_its_line(
    director: Any, circle: Circle
) -> None:
    response = _upload(client_for(director), CSV.encode())

    assert response.status_code == 200
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ana@example.com",
        "ben@example.com",
    ]
    assert Invitation.objects.get(email="ana@example.com").circle == circle
    assert Invitation.objects.get(email="ben@example.com").role == "mentor"
    assert len(mail.outbox) == 2
    body = response.content.decode()
    assert "2 invitations sent." in body
    assert "Line 3: “not-an-email” is not a valid email address." in body
    assert "Line 5: “overlord” is not a role." in body
    assert "Line 6: ben@example.com appears twice in the file." in body
    assert "Line 7: There is no circle “no-such-circle”." in body


def test_csv_without_an_email_column_invites_nobody(director: Any) -> None:
    response = _upload(client_for(director), b"name,role\nAna,member\n")

    assert response.status_code == 400
    assert "must name the columns" in response.content.decode()
    assert not Invitation.objects.exists()


def test_csv_that_is_not_utf8_gets_a_clear_error(director: Any) -> None:
    response = _upload(client_for(director), "email\nzoë@example.com\n".encode("utf-16"))

    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert not Invitation.objects.exists()


def test_csv_upload_is_refused_to_members(member: Any) -> None:
    response = _upload(client_for(member), CSV.encode())

    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02",
        b"email\n" + b"x" * 5000,
        b'email\n"unclosed,\n',
        b"email\n\n\n",
    ],
)
def test_odd_csv_files_never_cause_a_server_error(director: Any, content: bytes) -> None:
    response = _upload(client_for(director), content)

    assert response.status_code in {200, 400}
