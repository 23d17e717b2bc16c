"""Reading Salon in one's own language: the switcher, the preference on the profile, and the
emails and calendar feed that follow it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from conftest import client_for
from salon.accounts.models import User


def test_someone_signed_out_chooses_german_on_the_sign_in_page(db: Any) -> None:
    browser = Client()
    page = browser.get("/accounts/login/")
    assert 'action="/language/"' in page.content.decode()

    response = browser.post("/language/", {"language": "de", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    page = browser.get("/accounts/login/")
    assert '<html lang="de" dir="ltr"' in page.content.decode()
    assert page["Content-Language"] == "de"


def test_the_browser_s_language_is_used_until_someone_chooses(db: Any) -> None:
    page = Client(headers={"accept-language": "ja,en;q=0.5"}).get("/accounts/login/")

    assert '<html lang="ja"' in page.content.decode()


def test_a_member_s_choice_is_kept_on_their_profile_and_wins_over_the_browser(
    member: User,
) -> None:
    response = client_for(member).post("/language/", {"language": "ja", "next": "/home/"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "ja"
    # Another browser, asking for German and with no cookie: the profile decides.
    elsewhere = client_for(member)
    elsewhere.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = elsewhere.get("/home/")
    assert '<html lang="ja"' in page.content.decode()
    assert page["Content-Language"] == "ja"


def test_a_member_without_a_choice_follows_their_browser(member: User) -> None:
    browser = client_for(member)
    browser.defaults["HTTP_ACCEPT_LANGUAGE"] = "de-DE,de;q=0.9"

    assert '<html lang="de"' in browser.get("/home/").content.decode()


def test_the_header_offers_every_language_in_its_own_words(member: User) -> None:
    html = client_for(member).get("/home/").content.decode()

    for code, name in settings.LANGUAGES:
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert name in html


def test_a_language_that_is_not_offered_is_refused_and_nothing_changes(member: User) -> None:
    response = client_for(member).post("/language/", {"language": "xx"})

    assert response.status_code == 400
    member.refresh_from_db()
    assert member.language == ""


def test_the_switcher_never_sends_anyone_to_another_site(db: Any) -> None:
    response = Client().post("/language/", {"language": "de", "next": "https://evil.test/"})

    assert response["Location"] == "/"


def test_the_settings_page_keeps_the_preference(member: User) -> None:
    browser = client_for(member)
    form = browser.get("/settings/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": member.name,
            "timezone": "Asia/Tokyo",
            "work_start": "09:00",
            "work_end": "17:30",
            "language": "de",
            "languages": [],
            "manager": "",
            "photo": "",
        }
    )
    data.pop("interests", None)

    response = browser.post("/settings/", data)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "de"
    assert '<html lang="de"' in browser.get("/settings/").content.decode()
