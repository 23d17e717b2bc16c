"""A booking as an iCalendar invitation (RFC 5545 with iTIP, RFC 5546).

Salon organises; the expert and the member are the two attendees, so both receive the same
kind of invitation. The UID never changes; SEQUENCE rises with each move or cancellation, so
calendar apps update the one entry (METHOD:REQUEST) or remove it (METHOD:CANCEL). Times are
written in the expert's zone, with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from salon.events.office_hours.models import Booking


def _person(user: object, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")  # type: ignore[attr-defined]
    address.params["cn"] = vText(user.display_name)  # type: ignore[attr-defined]
    address.params["role"] = vText(role)
    address.params["partstat"] = vText("ACCEPTED")
    address.params["rsvp"] = vText("FALSE")
    return address


def title_of(booking: Booking) -> str:
    offer = booking.slot.office_hours
    return _("Office hours: %(member)s with %(expert)s") % {
        "member": booking.member.display_name,
        "expert": offer.expert.display_name,
    }


def booking_vevent(booking: Booking, *, cancelled: bool = False) -> VEvent:
    offer = booking.slot.office_hours
    zone = ZoneInfo(offer.timezone)
    url = settings.SALON_BASE_URL + booking.get_absolute_url()
    vevent = VEvent()
    vevent.add("uid", booking.uid)
    vevent.add("sequence", booking.sequence)
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("dtstart", booking.slot.starts_at.astimezone(zone))
    vevent.add("dtend", booking.slot.ends_at.astimezone(zone))
    vevent.add("summary", title_of(booking))
    vevent.add("description", f"{booking.question}\n\n{url}")
    vevent.add("url", url)
    if offer.join_url:
        vevent.add("location", offer.join_url)
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Salon")
    vevent.add("organizer", organizer)
    vevent.add("attendee", _person(offer.expert, "CHAIR"))
    vevent.add("attendee", _person(booking.member, "REQ-PARTICIPANT"))
    vevent.add("status", "CANCELLED" if cancelled or not booking.is_live else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def invitation(booking: Booking, *, method: str) -> Calendar:
    """The .ics attached to the email: METHOD:REQUEST for a new or moved session,
    METHOD:CANCEL for one called off."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    calendar = Calendar()
    calendar.add("prodid", "-//Salon//Salon office hours//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(booking_vevent(booking, cancelled=method == "CANCEL"))
    calendar.add_missing_timezones()
    return calendar
