from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from salon.core.jobs import retrying


@task()
@retrying()
def send_event_cancelled(*, event_ids: list[int]) -> int:
    """Tell everyone who answered (going, maybe, waitlisted) that an event is off: one
    email per person, however many occurrences of a series were cancelled."""
    from salon.events.models import Event, Rsvp, RsvpStatus

    events = list(Event.objects.filter(pk__in=event_ids).order_by("starts_at"))
    if not events:
        return 0
    rsvps = (
        Rsvp.objects.filter(event_id__in=event_ids)
        .exclude(status=RsvpStatus.NOT_GOING)
        .select_related("user")
    )
    people = {r.user_id: r.user for r in rsvps}
    for person in people.values():
        with timezone.override(person.timezone), translation.override(settings.LANGUAGE_CODE):
            context = {"person": person, "events": events, "base_url": settings.SALON_BASE_URL}
            message = EmailMultiAlternatives(
                subject=render_to_string("events/email/cancelled_subject.txt", context).strip(),
                body=render_to_string("events/email/cancelled.txt", context),
                to=[person.email],
            )
            message.attach_alternative(
                render_to_string("events/email/cancelled.html", context), "text/html"
            )
            message.send()
    return len(people)
