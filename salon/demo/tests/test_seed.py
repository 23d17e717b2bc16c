from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from conftest import make_user
from salon.accounts.models import User
from salon.communities.models import Community, Membership


def test_the_demo_brings_both_case_studies_to_life(db: Any) -> None:
    call_command("seed_demo")

    gen = Community.objects.get(slug="global-executive-network")
    lab = Community.objects.get(slug="innovation-lab")
    assert 55 <= gen.memberships.count() <= 65
    assert 25 <= lab.memberships.count() <= 35
    regions = set(gen.memberships.values_list("user__region", flat=True))
    assert regions == {"emea", "americas", "apac", "mea"}
    assert gen.circles.filter(kind="chapter").count() == 4
    director = User.objects.get(email="director@salon.test")
    member = User.objects.get(email="member@salon.test")
    assert set(Membership.objects.filter(user=director).values_list("role", flat=True)) == {
        "director"
    }
    assert Membership.objects.filter(user=member, role="member").count() == 2
    from salon.events.models import Event, Rsvp

    assert Event.objects.filter(community=gen, series__isnull=False).exists()
    assert Event.objects.filter(community=lab, format__slug="office-hours").exists()
    going = Rsvp.objects.filter(user=member, status="going")
    assert going.filter(event__series__isnull=False).count() >= 2
    assert going.filter(event__series__isnull=True).count() >= 3
    assert Event.objects.filter(attendance__isnull=False, recording_url__gt="").exists()
    tokyo = User.objects.filter(country="Japan").first()
    assert tokyo is not None
    assert tokyo.timezone == "Asia/Tokyo"
    assert tokyo.languages.filter(code="ja").exists()


def test_the_demo_logins_work(db: Any) -> None:
    call_command("seed_demo")
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": "member@salon.test", "password": "salon-demo"}
    )

    assert response.status_code == 302
    home = client.get("/c/global-executive-network/")
    assert home.status_code == 200
    assert "Global Executive Network" in home.content.decode()


def test_running_the_demo_twice_reuses_what_exists(db: Any) -> None:
    call_command("seed_demo")
    people = User.objects.count()

    call_command("seed_demo")

    assert User.objects.count() == people


def test_the_demo_refuses_a_database_with_real_people(db: Any) -> None:
    make_user("real.person@company.example")

    with pytest.raises(CommandError, match="not demo accounts"):
        call_command("seed_demo")

    assert not Community.objects.exists()
