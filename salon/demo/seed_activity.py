"""When the demo's people did what the seeds record at the moment of seeding: reading a
topic, answering an invitation, marking a resource. Each is dated from what it is about —
a read soon after the post it reached, an answer some days before its session, a mark some
days after its resource came out — so the outcome page's activity over time is the
seeded programme's own, not one burst on the day the demo was made. The offsets come from
the ids involved, not from chance, so seeding again dates everything the same way."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from salon.discussions.models import Post, TopicRead
from salon.events.models import Rsvp, RsvpStatus
from salon.resources.models import Mark


def backdate_activity() -> None:
    now = timezone.now()
    posts = {
        (topic_id, number): at
        for topic_id, number, at in Post.objects.values_list("topic_id", "number", "created_at")
    }
    reads = []
    for read in TopicRead.objects.filter(last_read_number__gt=0):
        reached = posts.get((read.topic_id, read.last_read_number))
        if reached is not None:
            # Between one and 48 hours after the last post it reached.
            hours = (read.user_id + read.topic_id) % 48 + 1
            read.updated_at = min(reached + timedelta(hours=hours), now)
            reads.append(read)
    # updated_at is set on save (auto_now): bulk_update writes the value given.
    TopicRead.objects.bulk_update(reads, ["updated_at"], batch_size=500)

    # Answers come 1 to 14 days before the session (or before today, for a session still
    # to come); waitlists keep their seeded order.
    rsvps = list(
        Rsvp.objects.exclude(status=RsvpStatus.WAITLISTED)
        .select_related("event")
        .only("pk", "user_id", "event_id", "event__starts_at", "requested_at")
    )
    for rsvp in rsvps:
        days = (rsvp.user_id + rsvp.event_id) % 14 + 1
        rsvp.requested_at = min(rsvp.event.starts_at, now) - timedelta(days=days)
    Rsvp.objects.bulk_update(rsvps, ["requested_at"], batch_size=500)

    # A resource is marked 1 to 30 days after it came out.
    marks = list(
        Mark.objects.filter(resource__published_on__isnull=False)
        .select_related("resource")
        .only("pk", "user_id", "resource_id", "resource__published_on", "created_at")
    )
    for mark in marks:
        published = mark.resource.published_on
        assert published is not None
        days = (mark.user_id + mark.resource_id) % 30 + 1
        start = datetime.combine(published, time(9), tzinfo=UTC)
        mark.created_at = min(start + timedelta(days=days), now)
    Mark.objects.bulk_update(marks, ["created_at"], batch_size=500)
