"""A director's webhook pages: add one (its secret shown once), read its delivery log,
rotate, switch off, send again, delete; nobody else gets in."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.accounts.models import User
from salon.communities.models import Community
from salon.core.models import AuditEvent
from salon.webhooks.models import Delivery, Endpoint
from salon.webhooks.tests.conftest import Receiver


def _add(director: User, url: str, *events: str) -> Any:
    return client_for(director).post(
        "/c/acme/webhooks/", {"url": url, "description": "HR system", "events": list(events)}
    )


def test_a_director_adds_a_webhook_and_sees_its_secret_once(
    director: User, receiver: Receiver
) -> None:
    response = _add(director, receiver.url, "member.joined", "event.created")

    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["event.created", "member.joined"]
    assert endpoint.secret.encode() in response.content
    page = client_for(director).get(f"/c/acme/webhooks/{endpoint.pk}/")
    assert page.status_code == 200
    assert endpoint.secret.encode() not in page.content
    assert AuditEvent.objects.filter(action="webhooks.endpoint.created", actor=director)


def test_a_refused_address_or_no_event_is_a_clear_form_error(director: User, settings: Any) -> None:
    settings.SALON_WEBHOOKS_ALLOW_PRIVATE = False
    loopback = _add(director, "http://127.0.0.1:8000/", "member.joined")
    nothing = _add(director, "https://hooks.example.com/", *[])
    unknown = _add(director, "https://hooks.example.com/", "salary.paid")

    assert (loopback.status_code, nothing.status_code, unknown.status_code) == (400, 400, 400)
    assert b"private network" in loopback.content
    assert not Endpoint.objects.exists()


def test_the_log_shows_each_delivery_and_sends_one_again(
    director: User, community: Community, receiver: Receiver, as_user: Any
) -> None:
    _add(director, receiver.url, "member.joined")
    endpoint = Endpoint.objects.get()
    from salon.webhooks.tests.test_deliveries import _join

    _join(community, "nia@acme.test")
    delivery = Delivery.objects.get()
    page = client_for(director)

    log = page.get(f"/c/acme/webhooks/{endpoint.pk}/")
    resent = page.post(f"/c/acme/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/resend/")

    assert delivery.message_id.encode() in log.content
    assert resent.status_code == 302
    assert len(receiver.received) == 2
    assert {r["headers"]["webhook-id"] for r in receiver.received} == {delivery.message_id}
    assert delivery.tries.count() == 2


def test_rotate_switch_off_and_delete(director: User, receiver: Receiver) -> None:
    _add(director, receiver.url, "member.joined")
    endpoint = Endpoint.objects.get()
    old = endpoint.secret
    page = client_for(director)

    rotated = page.post(f"/c/acme/webhooks/{endpoint.pk}/rotate/")
    switched = page.post(f"/c/acme/webhooks/{endpoint.pk}/switch/", {"on": "0"})

    endpoint.refresh_from_db()
    assert rotated.status_code == 200
    assert endpoint.secret != old
    assert endpoint.previous_secret == old
    assert endpoint.secret.encode() in rotated.content
    assert switched.status_code == 302
    assert not endpoint.is_active
    assert page.post(f"/c/acme/webhooks/{endpoint.pk}/delete/").status_code == 302
    assert not Endpoint.objects.exists()


def test_only_the_communitys_directors_get_in(
    director: User, facilitator: User, member: User, outsider: User, receiver: Receiver
) -> None:
    _add(director, receiver.url, "member.joined")
    endpoint = Endpoint.objects.get()
    url = f"/c/acme/webhooks/{endpoint.pk}/"

    assert client_for(facilitator).get(url).status_code == 403
    assert client_for(member).post(f"{url}rotate/").status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(f"{url}delete/").status_code == 404
    assert Endpoint.objects.filter(secret=endpoint.secret).exists()


def test_the_log_page_keeps_its_queries_as_deliveries_grow(
    director: User, receiver: Receiver, django_assert_max_num_queries: Any
) -> None:
    _add(director, receiver.url, "member.joined")
    endpoint = Endpoint.objects.get()
    page = client_for(director)

    def fill(n: int) -> None:
        for _ in range(n):
            delivery = Delivery.objects.create(
                endpoint=endpoint, event_type="member.joined", payload={}
            )
            delivery.tries.create(status_code=500)

    fill(3)
    # session, user, membership roles, community, endpoint, deliveries, their tries, and
    # what the page frame reads (notifications' bell, …)
    with django_assert_max_num_queries(15) as few:
        page.get(f"/c/acme/webhooks/{endpoint.pk}/")
    fill(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page.get(f"/c/acme/webhooks/{endpoint.pk}/")
