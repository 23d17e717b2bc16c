from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.utils import timezone

from conftest import client_for
from salon.accounts.models import User
from salon.events.office_hours.models import Booking, OfficeHours


def test_the_lab_experts_offer_office_hours_and_several_are_booked(db: Any) -> None:
    call_command("seed_demo")
    member = User.objects.get(email="member@salon.test")

    offers = OfficeHours.objects.filter(community__slug="innovation-lab")
    assert offers.count() == 5
    booked = Booking.objects.filter(slot__office_hours__community__slug="innovation-lab")
    assert booked.filter(slot__starts_at__gt=timezone.now()).count() >= 6
    mine = booked.filter(member=member)
    assert mine.filter(slot__starts_at__gt=timezone.now()).count() == 1
    past = mine.get(slot__starts_at__lt=timezone.now())
    assert past.rating == 5
    assert past.note

    page = client_for(member).get("/c/innovation-lab/expert-time/").content.decode()
    for offer in offers.select_related("expert"):
        assert offer.expert.display_name in page
    assert page.count("/book/") >= 10
    sessions = client_for(member).get("/expert-time/sessions/").content.decode()
    assert "rated 5/5" in sessions
