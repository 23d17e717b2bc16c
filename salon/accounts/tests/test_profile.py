from __future__ import annotations

import io
import json
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import PASSWORD, client_for, join, make_user
from salon.accounts.models import Language, User
from salon.communities.models import Role
from salon.core.models import AuditEvent


def _profile_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Maya Member",
        "title": "Group CFO",
        "organisation": "Acme",
        "organisation_unit": "Finance",
        "function": "finance",
        "industry": "Banking",
        "region": "apac",
        "country": "Japan",
        "timezone": "Asia/Tokyo",
        "work_start": "08:30",
        "work_end": "17:30",
        "bio": "Numbers and people.",
        "languages": [Language.objects.get(code="ja").pk],
        "interests_text": "pricing, pricing,  sailing ",
    }
    data.update(overrides)
    return data


def test_a_member_edits_their_profile_and_peers_see_it(member: Any, director: Any) -> None:
    response = client_for(member).post("/settings/", _profile_data())

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.title == "Group CFO"
    assert member.timezone == "Asia/Tokyo"
    assert member.interests == ["pricing", "sailing"]
    assert [lang.code for lang in member.languages.all()] == ["ja"]
    page = client_for(director).get(f"/people/{member.pk}/").content.decode()
    assert "Group CFO" in page
    assert "sailing" in page
    assert "Asia/Tokyo" in page


def test_an_empty_name_is_refused_inline_and_nothing_changes(member: Any) -> None:
    response = client_for(member).post("/settings/", _profile_data(name="", title="Changed"))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    member.refresh_from_db()
    assert member.title == "Chief Financial Officer"


def test_a_photo_is_reencoded_resized_and_stripped(
    member: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    image = Image.new("RGB", (2000, 1000), "teal")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", exif=exif)

    response = client_for(member).post(
        "/settings/",
        _profile_data(photo=SimpleUploadedFile("me.png", buffer.getvalue(), "image/png")),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    with Image.open(member.photo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 512
        assert "SecretCam" not in str(dict(stored.getexif()))


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(member: Any) -> None:
    response = client_for(member).post(
        "/settings/",
        _profile_data(photo=SimpleUploadedFile("me.jpg", b"<?php evil ?>", "image/jpeg")),
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.photo


def test_first_sign_in_asks_for_the_time_zone(community: Any) -> None:
    newcomer = make_user("new@acme.test", "New Person", timezone_confirmed=False)
    client = client_for(newcomer)

    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/welcome/")

    client.post("/welcome/", {"timezone": "America/Sao_Paulo", "next": "/home/"})

    newcomer.refresh_from_db()
    assert newcomer.timezone == "America/Sao_Paulo"
    assert client.get("/home/").status_code == 200


def test_the_welcome_page_does_not_redirect_elsewhere(community: Any) -> None:
    newcomer = make_user("new@acme.test", timezone_confirmed=False)

    response = client_for(newcomer).post(
        "/welcome/", {"timezone": "UTC", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/home/"


def test_times_are_shown_in_the_viewers_zone(member: Any, director: Any, community: Any) -> None:
    User.objects.filter(pk=director.pk).update(timezone="Asia/Tokyo")
    client_for(director).post("/c/acme/invite/", {"email": "x@y.test", "role": "member"})

    page = client_for(director).get("/c/acme/audit/").content.decode()

    assert "Asia/Tokyo" in page
    assert "+09:00" in page


def test_the_data_export_needs_a_fresh_password_and_holds_everything(member: Any) -> None:
    client = client_for(member)
    client.post("/settings/security/tokens/", {"name": "Laptop"})

    first = client.get("/settings/privacy/export/")
    assert first.status_code == 302
    assert "/accounts/reauthenticate/" in first["Location"]

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/settings/privacy/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert data["memberships"] == [
        {"community": "acme", "role": "member", "joined_at": data["memberships"][0]["joined_at"]}
    ]
    assert data["api_tokens"][0]["name"] == "Laptop"
    assert "token_hash" not in response.content.decode()
    assert AuditEvent.objects.filter(action="accounts.data.exported", actor=member).exists()


def test_the_data_export_names_the_manager_but_never_gives_their_email(
    member: Any, director: Any
) -> None:
    member.manager = director
    member.save(update_fields=["manager"])
    client = client_for(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.get("/settings/privacy/export/")

    assert response.status_code == 200
    assert json.loads(response.content)["profile"]["manager"] == "Diana Director"
    assert director.email not in response.content.decode()


def test_a_member_requests_deletion(member: Any) -> None:
    client = client_for(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/settings/privacy/delete/")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.deletion_requested_at is not None
    assert AuditEvent.objects.filter(action="accounts.deletion.requested").exists()
    assert "You asked for deletion" in client.get("/settings/privacy/").content.decode()


def test_a_profile_is_hidden_from_people_who_share_no_community(member: Any, outsider: Any) -> None:
    assert client_for(outsider).get(f"/people/{member.pk}/").status_code == 404
    assert client_for(member).get(f"/people/{outsider.pk}/").status_code == 404


def test_a_photo_is_served_only_to_people_who_may_see_the_profile(
    member: Any, director: Any, outsider: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "navy").save(buffer, format="PNG")
    client_for(member).post(
        "/settings/", _profile_data(photo=SimpleUploadedFile("me.png", buffer.getvalue()))
    )
    member.refresh_from_db()
    url = member.photo.url

    seen = client_for(director).get(url)

    assert seen.status_code == 200
    assert seen["Content-Type"] == "image/jpeg"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for(director).get("/media/photos/../../secret_key").status_code == 404


def test_the_manager_is_chosen_among_people_the_member_shares_a_community_with(
    member: Any, director: Any, outsider: Any
) -> None:
    client = client_for(member)

    page = client.get("/settings/").content.decode()
    found = client.get("/settings/manager/", {"q": "di"}).content.decode()
    not_found = client.get("/settings/manager/", {"q": "olga"}).content.decode()
    refused = client.post("/settings/", _profile_data(manager=outsider.pk))
    accepted = client.post("/settings/", _profile_data(manager=director.pk))

    assert 'hx-get="/settings/manager/"' in page
    assert f'<option value="{director.pk}">Diana Director</option>' in found
    assert "Olga" not in found + not_found
    assert refused.status_code == 200
    assert accepted.status_code == 302
    member.refresh_from_db()
    assert member.manager == director


def test_a_profile_names_the_manager_and_links_them_when_the_viewer_may_see_them(
    member: Any, director: Any, outsider: Any
) -> None:
    member.manager = director
    member.save(update_fields=["manager"])

    page = client_for(member).get(f"/people/{member.pk}/").content.decode()

    assert "Manager" in page
    assert f'<a href="/people/{director.pk}/">Diana Director</a>' in page


def test_a_manager_the_viewer_may_not_see_is_named_without_a_link(
    member: Any, community: Any, outsider: Any
) -> None:
    # Olga manages Maya but is in another community: Maya's peers may not open her profile.
    member.manager = outsider
    member.save(update_fields=["manager"])
    peer = make_user("pia@acme.test", "Pia Peer")
    join(peer, community)

    page = client_for(peer).get(f"/people/{member.pk}/").content.decode()

    assert "Olga Outsider" in page
    assert f'href="/people/{outsider.pk}/"' not in page


def test_the_settings_page_lists_only_the_chosen_manager_and_the_search_finds_the_rest(
    member: Any, director: Any, community: Any, django_assert_max_num_queries: Any
) -> None:
    """The manager picker does not list the community: the page holds "not set" and the
    person chosen, and the search answers what is typed, keeping the choice."""
    for n in range(30):
        join(make_user(f"peer{n}@acme.test", f"Peer Number {n}"), community, Role.MEMBER)
    member.manager = director
    member.save(update_fields=["manager"])
    client = client_for(member)

    with django_assert_max_num_queries(8):
        page = client.get("/settings/").content.decode()
    found = client.get("/settings/manager/", {"q": "peer", "manager": director.pk}).content
    options = found.decode().count("<option")

    assert f'<option value="{director.pk}" selected>Diana Director</option>' in page
    assert "Peer Number" not in page
    assert '<option value="Europe/Paris">Europe/Paris</option>' in page or "Europe/Paris" in page
    assert f'<option value="{director.pk}" selected>Diana Director</option>' in found.decode()
    assert options == 1 + 1 + 20  # not set, the one chosen, the first 20 matches


def test_the_country_and_industry_are_typed_and_keep_what_the_member_wrote(member: Any) -> None:
    # Selects without choices once stood here: nothing could be typed, and saving wiped both.
    member.country, member.industry = "Japan", "Banking"
    member.save(update_fields=["country", "industry"])

    page = client_for(member).get("/settings/").content.decode()

    for name, value in (("country", "Japan"), ("industry", "Banking")):
        field = re.search(rf"<(input|select)[^>]*name=\"{name}\"[^>]*>", page)
        assert field is not None
        assert field.group(1) == "input"
        assert f'value="{value}"' in field.group(0)
