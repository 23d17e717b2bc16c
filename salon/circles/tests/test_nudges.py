"""One click sends a quiet member a short personal nudge; it is kept, audited, told through
the notification service, and nobody is nudged twice in a week."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import client_for, join, make_user
from salon.circles.models import Nudge
from salon.communities.models import Role
from salon.core.models import AuditEvent
from salon.notifications.models import Notification

URL = "/c/acme/circles/leaders-2026/health/nudge/"
HEALTH = "/c/acme/circles/leaders-2026/health/"


def _nudge(user: Any, recipient: Any, message: str = "We missed you on Tuesday.") -> Any:
    return client_for(user).post(URL, {"recipient": recipient.pk, "message": message})


def test_a_facilitator_nudges_a_quiet_member_who_is_told(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    response = _nudge(facilitator, member)

    assert response.status_code == 302
    nudge = Nudge.objects.get()
    assert (nudge.sender, nudge.recipient, nudge.circle) == (facilitator, member, cohort)
    told = Notification.objects.get(recipient=member, kind="circles.nudged")
    assert told.actor == facilitator
    audit = AuditEvent.objects.get(action="circles.nudge.sent")
    assert audit.actor_id == facilitator.pk
    # The log says who was nudged, never the words.
    assert "Tuesday" not in str(audit.details)
    # Maya reads it in her notifications, in her facilitator's words.
    page = client_for(member).get("/notifications/").content.decode()
    assert "We missed you on Tuesday." in page
    # And the health page shows it was sent, with no second button.
    health = client_for(facilitator).get(HEALTH).content.decode()
    assert "Nudged on" in health
    assert "Nudge Maya Member" not in health


def test_nobody_is_nudged_twice_in_a_week(
    facilitator: Any, lead: Any, member: Any, cohort: Any
) -> None:
    _nudge(facilitator, member)
    response = client_for(lead).post(
        URL, {"recipient": member.pk, "message": "And from me!"}, follow=True
    )

    assert response.status_code == 200
    assert "Nudges wait a week" in response.content.decode()
    assert Nudge.objects.count() == 1
    assert Notification.objects.filter(recipient=member, kind="circles.nudged").count() == 1


def test_a_week_later_a_member_can_be_nudged_again(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    _nudge(facilitator, member)
    Nudge.objects.update(sent_at=timezone.now() - timedelta(days=8))

    _nudge(facilitator, member, "Still thinking of you.")

    assert Nudge.objects.count() == 2
    assert Notification.objects.filter(recipient=member, kind="circles.nudged").count() == 2


def test_only_the_circles_own_people_and_its_director_can_nudge(
    community: Any, member: Any, facilitator: Any, cohort: Any
) -> None:
    # Another facilitator sees the circle's health in counts but does not look after it.
    other = make_user("flo@acme.test", "Flo Facilitator")
    join(other, community, Role.FACILITATOR)
    assert _nudge(other, member).status_code == 403
    assert _nudge(member, facilitator).status_code == 403
    assert not Nudge.objects.exists()


def test_someone_outside_the_circle_cannot_be_nudged(
    facilitator: Any, director: Any, cohort: Any
) -> None:
    # Diana runs the community but is not in this circle.
    assert _nudge(facilitator, director).status_code == 404
    assert not Nudge.objects.exists()


def test_the_api_sends_a_nudge_and_refuses_a_second(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    client = client_for(facilitator)
    url = f"/api/v1/circles/{cohort.pk}/nudges"
    body = {"recipient": member.pk, "message": "Coffee next week?"}

    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")

    assert first.status_code == 201
    assert first.json()["recipient"] == member.pk
    assert again.status_code == 409
    assert "Nudges wait a week" in again.json()["detail"]
    assert Nudge.objects.count() == 1


def test_the_api_shows_health_with_names_to_the_circles_facilitator(
    facilitator: Any, community: Any, member: Any, cohort: Any
) -> None:
    url = f"/api/v1/circles/{cohort.pk}/health"
    other = make_user("flo@acme.test", "Flo Facilitator")
    join(other, community, Role.FACILITATOR)
    mine = client_for(facilitator).get(url).json()
    looking_in = client_for(other).get(url).json()

    assert mine["named"] is True
    assert member.pk in {p["user"] for p in mine["quiet"]}
    assert looking_in["named"] is False
    assert looking_in["quiet"] == []
    assert looking_in["quiet_count"] == mine["quiet_count"] == 1  # Maya (Fred looks after it)
    assert client_for(member).get(url).status_code == 403


def test_a_members_data_export_holds_the_nudges_they_received(
    facilitator: Any, member: Any, cohort: Any
) -> None:
    from salon.circles.personal_data import export

    _nudge(facilitator, member)

    assert export(member)["nudges_received"][0]["message"] == "We missed you on Tuesday."
    assert export(facilitator)["nudges_sent"][0]["circle"] == "Leaders 2026"
