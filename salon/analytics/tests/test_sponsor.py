"""A director shares the outcome dashboard, read-only, with a sponsor: the sponsor sees the
aggregate figures and nothing else of the community, never a named person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salon.analytics.models import Sponsor
from salon.core.models import AuditEvent


def test_a_director_shares_the_figures_with_a_sponsor(
    as_user: Any, community: Any, director: Any, outsider: Any
) -> None:
    response = as_user(director).post(
        "/c/acme/outcomes/sponsors/", {"email": "OLGA@elsewhere.test"}
    )

    assert response.status_code == 302
    assert Sponsor.objects.filter(community=community, user=outsider).exists()
    assert AuditEvent.objects.filter(action="analytics.sponsor.added").count() == 1


def test_a_facilitator_cannot_share_the_figures(
    as_user: Any, community: Any, facilitator: Any, outsider: Any
) -> None:
    response = as_user(facilitator).post(
        "/c/acme/outcomes/sponsors/", {"email": "olga@elsewhere.test"}
    )

    assert response.status_code == 403
    assert not Sponsor.objects.exists()


def test_sharing_with_an_address_nobody_uses_says_so(as_user: Any, director: Any) -> None:
    response = as_user(director).post("/c/acme/outcomes/sponsors/", {"email": "no@one.test"})

    assert response.status_code == 400
    assert "Nobody has an account with that email address yet." in response.content.decode()
    assert not Sponsor.objects.exists()


def test_a_sponsor_sees_the_aggregates_and_no_named_person(
    as_user: Any,
    community: Any,
    director: Any,
    outsider: Any,
    activity: Callable[..., list[Any]],
) -> None:
    people = activity(6)
    Sponsor.objects.create(community=community, user=outsider, added_by=director)
    sponsor = as_user(outsider)

    page = sponsor.get("/c/acme/outcomes/?days=30")
    text = page.content.decode()
    api = sponsor.get("/api/v1/communities/acme/analytics/outcomes?days=30")
    engagement = sponsor.get("/api/v1/communities/acme/analytics/engagement?days=30")
    export = sponsor.get("/c/acme/outcomes/export.csv?days=30")

    assert page.status_code == 200
    assert "The six benefits" in text
    assert "Shared with you read-only" in text
    assert "Share with a sponsor" not in text
    for person in [director, *people]:
        assert person.name not in text
        assert person.name not in api.content.decode()
    assert api.status_code == engagement.status_code == export.status_code == 200
    assert api.json()["tables"][0]["groups"][0]["values"]["members"] == 7
    # Nothing else of the community: not its home, its people, nor anyone's own figures.
    assert sponsor.get("/c/acme/").status_code == 404
    assert sponsor.get("/c/acme/people/").status_code == 404
    assert sponsor.get("/c/acme/outcomes/mine/").status_code == 404
    growth = sponsor.get("/api/v1/me/growth").json()["communities"]
    assert "acme" not in [c["community"] for c in growth]


def test_a_member_sees_only_their_own_figures_and_an_outsider_nothing(
    as_user: Any, community: Any, outsider: Any, activity: Callable[..., list[Any]]
) -> None:
    me = activity(6)[0]

    assert as_user(me).get("/c/acme/outcomes/").status_code == 403
    assert as_user(me).get("/api/v1/communities/acme/analytics/engagement").status_code == 403
    mine = as_user(me).get("/c/acme/outcomes/mine/?days=30")
    assert mine.status_code == 200
    assert mine.context["mine"].sessions == 1
    assert as_user(outsider).get("/c/acme/outcomes/").status_code == 404
    assert as_user(outsider).get("/c/acme/outcomes/export.csv").status_code == 404


def test_a_director_withdraws_a_sponsors_access_and_their_next_request_is_refused(
    as_user: Any,
    community: Any,
    director: Any,
    outsider: Any,
    activity: Callable[..., list[Any]],
) -> None:
    activity(5)
    share = Sponsor.objects.create(community=community, user=outsider, added_by=director)
    sponsor = as_user(outsider)
    assert sponsor.get("/c/acme/outcomes/").status_code == 200
    dashboard = as_user(director).get("/c/acme/outcomes/").content.decode()
    assert "Olga Outsider" in dashboard
    assert "Remove access" in dashboard

    response = as_user(director).post(f"/outcome-sponsors/{share.pk}/remove/")

    assert response.status_code == 302
    assert not Sponsor.objects.exists()
    event = AuditEvent.objects.get(action="analytics.sponsor.removed")
    assert event.details["email"] == "olga@elsewhere.test"
    # The same signed-in session: refused from its next request on, page, CSV and API.
    assert sponsor.get("/c/acme/outcomes/").status_code == 404
    assert sponsor.get("/c/acme/outcomes/export.csv").status_code == 404
    assert sponsor.get("/api/v1/communities/acme/analytics/outcomes").status_code == 404


def test_the_api_lists_the_sponsors_and_withdraws_one(
    as_user: Any, community: Any, director: Any, facilitator: Any, outsider: Any
) -> None:
    share = Sponsor.objects.create(community=community, user=outsider, added_by=director)
    client = as_user(director)

    listed = client.get("/api/v1/communities/acme/analytics/sponsors").json()
    refused = as_user(facilitator).delete(f"/api/v1/outcome-sponsors/{share.pk}")
    response = client.delete(f"/api/v1/outcome-sponsors/{share.pk}")

    assert [s["email"] for s in listed] == ["olga@elsewhere.test"]
    assert refused.status_code == 403
    assert response.status_code == 204
    assert not Sponsor.objects.exists()
    assert AuditEvent.objects.filter(action="analytics.sponsor.removed").count() == 1
    assert as_user(outsider).get("/c/acme/outcomes/").status_code == 404
