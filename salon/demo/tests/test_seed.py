from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from conftest import PASSWORD, make_user
from salon.accounts.models import User
from salon.communities.models import Community, Invitation, Membership
from salon.communities.services import invitation_accept


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
    # Office hours are bookable expert time (seed_office_hours.py), never an event as well.
    assert not Event.objects.filter(format__slug="office-hours").exists()
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
    # Working across countries: a Gulf colleague's profile shows their Sunday-to-Thursday
    # week and the network's note about working with people there.
    riyadh = User.objects.filter(
        country="Saudi Arabia", memberships__community__slug="global-executive-network"
    ).first()
    assert riyadh is not None
    profile = client.get(f"/people/{riyadh.pk}/").content.decode()
    assert "Sunday to Thursday" in profile
    assert "Working with people in Saudi Arabia" in profile
    own = client.get("/people/me/", follow=True).content.decode()
    assert "DAN-yel oh-KAH-for" in own
    # A finished round of coffee roulette, the demo member paired across regions.
    from salon.network.models import CoffeePair

    coffee = client.get("/c/global-executive-network/coffee/").content.decode()
    assert "Suggested time" in coffee
    pairs = CoffeePair.objects.select_related("first", "second")
    assert pairs.count() >= 10
    assert sum(p.first.region != p.second.region for p in pairs) >= 0.8 * pairs.count()


def test_running_the_demo_twice_reuses_what_exists(db: Any) -> None:
    call_command("seed_demo")
    people = User.objects.count()

    call_command("seed_demo")

    assert User.objects.count() == people


def test_the_demo_refuses_a_database_with_real_people(db: Any) -> None:
    make_user("real.person@company.example")

    with pytest.raises(CommandError, match="not a demo database"):
        call_command("seed_demo")

    assert not Community.objects.exists()


def _someone_joins_the_demo() -> User:
    """A person accepts the demo's pending invitation with an account of their own."""
    invitation = Invitation.objects.get(email="new.leader@meridian.example")
    person = make_user(invitation.email, "Priya Raman", title="VP Operations")
    invitation_accept(invitation=invitation, user=person)
    return person


def test_the_demo_restarts_after_people_made_accounts_and_keeps_them_as_they_were(
    db: Any,
) -> None:
    call_command("seed_demo")
    person = _someone_joins_the_demo()
    other = make_user("visitor@elsewhere.example", "Vera Visitor")
    people = User.objects.count()

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert "reusing it" in out.getvalue()
    assert User.objects.count() == people
    person.refresh_from_db()
    assert (person.name, person.title, person.is_demo) == ("Priya Raman", "VP Operations", False)
    assert person.check_password(PASSWORD)
    assert Membership.objects.filter(
        user=person, community__slug="global-executive-network", role="member"
    ).exists()
    assert Invitation.objects.get(email=person.email).accepted_by == person
    other.refresh_from_db()
    assert other.name == "Vera Visitor"


def test_resetting_the_demo_says_what_it_deletes_and_keeps_accounts_people_made(
    db: Any,
) -> None:
    call_command("seed_demo")
    person = _someone_joins_the_demo()
    demo_people = User.objects.filter(is_demo=True).count()

    out = StringIO()
    call_command("reset_demo", "--yes", stdout=out)

    said = out.getvalue()
    assert "the community Global Executive Network, with everything in it" in said
    assert f"{demo_people} demo accounts" in said
    assert person.email in said
    assert User.objects.filter(is_demo=True).count() == demo_people
    person.refresh_from_db()
    assert person.name == "Priya Raman"
    assert not Membership.objects.filter(user=person).exists()  # the community was new
    assert Invitation.objects.get(email=person.email).accepted_at is None


def test_resetting_the_demo_asks_first_and_deletes_nothing_without_a_yes(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    call_command("seed_demo")
    person = _someone_joins_the_demo()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("reset_demo", stdout=StringIO())

    assert Membership.objects.filter(user=person).exists()
