from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from conftest import join, make_user
from salon.accounts.models import User
from salon.communities.models import Community, Membership
from salon.notifications.models import EmailStatus, Notification
from salon.notifications.services import notify
from salon.notifications.tests.conftest import TEST_KIND, tell


def test_everyone_who_may_see_it_gets_one_notification_except_the_actor(
    director: Any, facilitator: Any, member: Any, guest: Any, community: Community
) -> None:
    told = tell(User.objects.filter(memberships__community=community), community, director)

    assert told == 3
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        facilitator.pk,
        member.pk,
        guest.pk,
    }
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == TEST_KIND
    assert notification.actor == director
    assert notification.community == community
    assert notification.target == community
    assert notification.url == "/c/acme/"
    assert notification.read_at is None
    assert len(mail.outbox) == 3


def test_user_ids_read_from_memberships_reach_those_users(
    director: Any, member: Any, community: Community, other_community: Community
) -> None:
    # Memberships whose ids no longer match their users' ids, as in any real database.
    for n in range(3):
        join(make_user(f"early{n}@elsewhere.test"), other_community)
    Membership.objects.filter(user=member).delete()
    join(member, community)
    assert Membership.objects.get(user=member).pk != member.pk

    told = tell(
        Membership.objects.filter(community=community).values_list("user_id", flat=True),
        community,
        director,
    )

    assert told == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [member.pk]


def test_the_same_event_told_twice_reaches_nobody_twice(
    director: Any, member: Any, community: Community
) -> None:
    tell([member], community, director, key="event-1")
    tell([member, member.pk], community, director, key="event-1")

    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1

    tell([member], community, director, key="event-2")

    assert Notification.objects.filter(recipient=member).count() == 2
    assert len(mail.outbox) == 2


def test_nobody_hears_of_a_private_community_they_are_not_in(
    director: Any, member: Any, outsider: Any, community: Community
) -> None:
    told = tell([member, outsider], community, director)

    assert told == 1
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_people_whose_account_is_closed_are_not_notified(
    director: Any, member: Any, community: Community
) -> None:
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert tell([member], community, director) == 0
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_refused(member: Any, community: Community) -> None:
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify([member], "tests.no_such_kind", community)


def test_a_notification_without_a_target_needs_a_key(member: Any) -> None:
    with pytest.raises(ValueError, match="needs a key"):
        notify([member], TEST_KIND)


def test_emails_are_queued_in_batches_after_commit(
    director: Any, community: Community, django_capture_on_commit_callbacks: Any
) -> None:
    for i in range(3):
        join(make_user(f"p{i}@acme.test"), community)

    with django_capture_on_commit_callbacks() as callbacks:
        notify(User.objects.filter(memberships__community=community), TEST_KIND, community)

    # Nothing is sent before the transaction commits …
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"pending"}
    for callback in callbacks:
        callback()
    # … and then each email once.
    assert len(mail.outbox) == 4
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}


def test_fan_out_queries_do_not_grow_with_the_number_of_recipients(
    community: Community, django_assert_num_queries: Any
) -> None:
    def people(n: int, start: int) -> None:
        users = User.objects.bulk_create(
            [User(email=f"f{i}@acme.test", name=f"F {i}") for i in range(start, start + n)]
        )
        Membership.objects.bulk_create([Membership(community=community, user=u) for u in users])

    people(5, 0)
    everyone = User.objects.filter(memberships__community=community)
    ContentType.objects.get_for_model(Community)  # cached once per process
    # savepoint, recipient ids, the recipients, their memberships and those communities
    # (for the policy), their email choices, their "no email" switches, one insert, the ids
    # to email, unread counts (for the live bell), release
    with django_assert_num_queries(11):
        notify(everyone, TEST_KIND, community, key="small")
    people(60, 5)
    with django_assert_num_queries(11):
        notify(everyone, TEST_KIND, community, key="large")

    assert Notification.objects.filter(key="large").count() == 65
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == 70


def test_an_erased_account_loses_its_notifications_and_is_named_former_member_in_others(
    director: Any, member: Any, community: Community
) -> None:
    from salon.accounts.services import account_erase
    from salon.notifications.selectors import describe

    tell([member], community, director, key="to-member")
    tell([director], community, member, key="by-member")

    account_erase(user=member)

    assert not Notification.objects.filter(recipient=member).exists()
    told = Notification.objects.select_related("actor", "community").get(recipient=director)
    assert describe(told) == "Former member posted news in Acme Leaders"
