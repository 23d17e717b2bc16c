"""Events reach a real receiver on loopback, signed as Standard Webhooks says (checked with
the ``standardwebhooks`` package), tried again with backoff, and switched off when they
keep failing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Circle, Community, Membership, Role
from salon.core.models import AuditEvent
from salon.discussions.models import Category, Topic
from salon.webhooks import services
from salon.webhooks.models import Delivery, DeliveryStatus, Endpoint
from salon.webhooks.tasks import deliver
from salon.webhooks.tests.conftest import Receiver


def _subscribe(
    director: User, community: Community, url: str, *events: str
) -> tuple[Endpoint, str]:
    return services.endpoint_create(
        actor=director, community=community, url=url, events=list(events), description="HR"
    )


def _join(community: Community, email: str) -> User:
    with TestCase.captureOnCommitCallbacks(execute=True):
        user = make_user(email, "Nia Newcomer")
        join(user, community)
    return user


def _retry_due(later: timedelta) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        for delivery_id in services.deliveries_due(now=timezone.now() + later):
            deliver.call(delivery_id=delivery_id)


def test_a_member_joining_reaches_the_receiver_signed(
    director: User, community: Community, receiver: Receiver
) -> None:
    _endpoint, secret = _subscribe(director, community, receiver.url, "member.joined")

    newcomer = _join(community, "nia@acme.test")

    assert len(receiver.received) == 1
    arrived = receiver.received[0]
    payload = Webhook(secret).verify(arrived["body"], arrived["headers"])
    assert payload["type"] == "member.joined"
    assert payload["data"] == {
        "community": "acme",
        "member": {"id": newcomer.pk, "name": "Nia Newcomer"},
        "role": "member",
    }
    delivery = Delivery.objects.get()
    assert arrived["headers"]["webhook-id"] == delivery.message_id
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        1,
        200,
    )
    assert [t.status_code for t in delivery.tries.all()] == [200]
    with pytest.raises(WebhookVerificationError):
        Webhook(services.signing.new_secret()).verify(arrived["body"], arrived["headers"])


def test_an_event_the_endpoint_did_not_choose_is_not_sent(
    director: User, community: Community, receiver: Receiver
) -> None:
    _subscribe(director, community, receiver.url, "topic.created")

    _join(community, "nia@acme.test")

    assert receiver.received == []
    assert not Delivery.objects.exists()


def test_a_failed_delivery_is_tried_again_after_a_growing_wait(
    director: User, community: Community, receiver: Receiver
) -> None:
    _subscribe(director, community, receiver.url, "member.joined")
    receiver.answers = [503, 500]

    _join(community, "nia@acme.test")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING
    first_wait = delivery.next_attempt_at - timezone.now()  # type: ignore[operator]
    assert timedelta(seconds=3) < first_wait <= timedelta(seconds=5)

    _retry_due(timedelta(seconds=1))  # not due yet
    assert len(receiver.received) == 1
    _retry_due(timedelta(seconds=6))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=290)  # type: ignore[operator]
    _retry_due(timedelta(minutes=6))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert [t.status_code for t in delivery.tries.all()] == [503, 500, 200]
    ids = {r["headers"]["webhook-id"] for r in receiver.received}
    assert ids == {delivery.message_id}  # the same message each time


def test_an_endpoint_that_keeps_failing_is_switched_off_and_its_owner_told(
    director: User, community: Community, receiver: Receiver, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "BACKOFF", (1,))
    endpoint, _secret = _subscribe(director, community, receiver.url, "member.joined")
    receiver.answers = [500] * 100

    for n in range(services.DISABLE_AFTER):
        _join(community, f"person{n}@acme.test")
        _retry_due(timedelta(seconds=2))

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.failures_in_a_row == services.DISABLE_AFTER
    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == services.DISABLE_AFTER
    assert [m.to for m in mail.outbox] == [[director.email]]
    assert endpoint.url in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        action="webhooks.endpoint.disabled", target_id=str(endpoint.pk)
    )
    sent = len(receiver.received)
    _join(community, "late@acme.test")
    assert len(receiver.received) == sent


def test_after_a_rotation_both_secrets_verify_for_a_day(
    director: User, community: Community, receiver: Receiver
) -> None:
    endpoint, old = _subscribe(director, community, receiver.url, "member.joined")

    new = services.secret_rotate(actor=director, endpoint=endpoint)
    _join(community, "nia@acme.test")

    arrived = receiver.received[0]
    assert Webhook(new).verify(arrived["body"], arrived["headers"])
    assert Webhook(old).verify(arrived["body"], arrived["headers"])
    endpoint.refresh_from_db()
    endpoint.previous_secret_until = timezone.now() - timedelta(seconds=1)
    endpoint.save()
    _join(community, "omar@acme.test")
    later = receiver.received[1]
    assert Webhook(new).verify(later["body"], later["headers"])
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(later["body"], later["headers"])
    assert AuditEvent.objects.filter(action="webhooks.secret.rotated")


def test_a_payload_never_tells_what_its_owner_could_not_see(
    director: User, community: Community, receiver: Receiver
) -> None:
    # A second director makes the webhook, then is made an ordinary member: the topics of
    # a private circle are no longer theirs to hear about.
    owner = make_user("omar@acme.test", "Omar Owner")
    owner_membership = join(owner, community, Role.DIRECTOR)
    _subscribe(owner, community, receiver.url, "topic.created")
    Membership.objects.filter(pk=owner_membership.pk).update(role=Role.MEMBER)
    board = Circle.objects.create(community=community, name="Board", slug="board", is_private=True)
    category = Category.objects.create(community=community, name="General", slug="general")

    with TestCase.captureOnCommitCallbacks(execute=True):
        Topic.objects.create(
            community=community,
            circle=board,
            category=category,
            author=director,
            title="Secret",
            last_activity_at=timezone.now(),
        )

    assert receiver.received == []


def test_private_and_loopback_addresses_are_refused(
    director: User, community: Community, settings: Any
) -> None:
    settings.SALON_WEBHOOKS_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://[::1]/x", "ftp://a.test/"):
        with pytest.raises(ValidationError):
            _subscribe(director, community, url, "member.joined")
    assert not Endpoint.objects.exists()
