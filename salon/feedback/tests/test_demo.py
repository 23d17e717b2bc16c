"""The demo's 360° feedback (salon/demo/seed_feedback.py): a closed and an open cycle in
the Global Executive Network, and the demo member's report with what it promises."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from conftest import client_for
from salon.accounts.models import User
from salon.feedback.models import Cycle, GapGoal, Participant


def test_the_demo_member_reads_a_report_with_a_blind_spot_a_hidden_strength_and_a_hidden_group(
    db: Any,
) -> None:
    call_command("seed_demo")
    member = User.objects.get(email="member@salon.test")
    director = User.objects.get(email="director@salon.test")
    # Two quarters ago (the cohort's first), last quarter's, and this quarter's.
    earlier, closed, current = Cycle.objects.order_by("opens_on")
    assert earlier.status == "closed"
    assert closed.status == "closed"
    assert current.status == "open"

    report = Participant.objects.get(cycle=closed, person=member)
    page = client_for(member).get(report.get_absolute_url())
    view = page.context["view"]
    flags = {row.flag for row in view.report.competencies}
    assert page.status_code == 200
    assert {"blind_spot", "hidden_strength"} <= flags
    assert view.hidden_groups == ["direct_reports"]
    assert "peers" in view.report.groups
    assert view.report.highest
    assert view.report.lowest
    # Each behaviour reads as its own words, not its competency's name four times over.
    labels = [item.label for row in view.report.competencies for item, _own, _o in row.behaviours]
    assert len(set(labels)) == len(labels)
    assert "Tests plans against more than one future scenario." in page.content.decode()
    assert GapGoal.objects.filter(participant=report).exists()

    asked = client_for(member).get("/c/global-executive-network/feedback/")
    assert len(asked.context["invitations"]) == 3  # their own view and two colleagues

    overview = client_for(director).get("/c/global-executive-network/feedback/overview/")
    latest = overview.context["overview"].latest
    assert latest.view.shown
    assert latest.completion is not None
    assert client_for(director).get(report.get_absolute_url()).status_code == 404
