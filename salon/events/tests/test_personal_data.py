from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from salon.accounts.services import personal_data_export
from salon.events.models import Attendance, Feedback, Rsvp
from salon.notifications.services import notify


def test_the_data_export_holds_the_members_events_and_notifications(
    member: Any, facilitator: Any, director: Any, plan_event: Any
) -> None:
    event = plan_event(title="Pricing power", start_local=datetime.now() - timedelta(days=3))
    Rsvp.objects.create(event=event, user=member, status="going", requested_at=timezone.now())
    Attendance.objects.create(event=event, user=member)
    Feedback.objects.create(event=event, user=member, rating=4, will_apply="Raise prices")
    Feedback.objects.create(event=event, user=facilitator, rating=1, will_apply="Not mine")
    notify([member], "events.follow_up", event, data={"title": event.title})

    data = personal_data_export(user=member)

    assert [a["event"] for a in data["event_answers"]] == ["Pricing power"]
    assert data["event_attendance"][0]["event"] == "Pricing power"
    assert [(f["rating"], f["will_apply"]) for f in data["event_feedback"]] == [(4, "Raise prices")]
    assert len(data["notifications"]) == 1
    assert "Pricing power" in data["notifications"][0]["text"]
    assert "forum_posts" in data
