"""The monthly report: last month's figures by email to sponsors and the directors who ask,
in each one's language, with the dashboard's figures as a PDF; and the same PDF from the
dashboard."""

from __future__ import annotations

import email.header
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pypdf
from django.utils import timezone

from salon.analytics import selectors
from salon.analytics.models import MonthlyReportSent, Sponsor
from salon.analytics.report import last_month
from salon.analytics.tasks import send_monthly_reports
from salon.communities.models import Circle, CircleMembership


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _subject(message: Any) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def _first_of_next_month() -> date:
    """The first day of the month after the activity (which is two days old)."""
    day = (timezone.now() - timedelta(days=2)).date()
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _with_a_board_of_two(community: Any, people: list[Any]) -> None:
    board = Circle.objects.create(community=community, name="Board", slug="board")
    for person in people[:2]:
        CircleMembership.objects.create(circle=board, user=person)


def test_sponsors_and_directors_who_asked_get_last_months_figures_with_the_pdf(
    as_user: Any,
    community: Any,
    director: Any,
    facilitator: Any,
    outsider: Any,
    activity: Callable[..., list[Any]],
    smtp_inbox: Any,
) -> None:
    people = activity(9)
    _with_a_board_of_two(community, people)
    Sponsor.objects.create(community=community, user=outsider, added_by=director)
    director.language = "de"
    director.save(update_fields=["language"])
    assert as_user(director).post("/c/acme/outcomes/monthly-report/", {"subscribe": "1"})
    first = _first_of_next_month()
    start, end = last_month(first)
    expected = selectors.outcomes_computed(
        community=community, days=(end - start).days + 1, today=end
    ).community_figures

    sent = send_monthly_reports.call(
        slot=datetime.combine(first, datetime.min.time(), UTC).isoformat()
    )

    assert sent == 2  # the sponsor and the director; not the facilitator, who did not ask
    assert MonthlyReportSent.objects.count() == 2
    by_address = {m["X-Rcpt-To"]: m for m in smtp_inbox.messages}
    assert set(by_address) == {"olga@elsewhere.test", "diana@acme.test"}
    english, german = by_address["olga@elsewhere.test"], by_address["diana@acme.test"]
    assert "Acme Leaders: the outcomes of" in _subject(english)
    assert "Acme Leaders: die Ergebnisse für" in _subject(german)
    body = next(p for p in english.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()
    assert f"Relationships: new ties: {expected['new_ties']}" in text
    assert "/c/acme/outcomes/" in text
    for message in (english, german):
        pdf = next(p for p in message.walk() if p.get_content_type() == "application/pdf")
        assert pdf.get_filename() == f"outcomes-acme-{start:%Y-%m}.pdf"
        content = _pdf_text(pdf.get_payload(decode=True))
        assert "Acme Leaders" in content
        assert "Europe" in content
        assert "Board" not in content  # two people: no figure about them, not even a row
        assert "Member 0" not in content  # nor any named person
    english_pdf = _pdf_text(
        next(p for p in english.walk() if p.get_content_type() == "application/pdf").get_payload(
            decode=True
        )
    )
    assert f"Relationships: new ties {expected['new_ties']}" in english_pdf
    assert "Whole community" in english_pdf
    # Run again (a retry, a second scheduler): nobody gets it twice.
    assert send_monthly_reports.call(slot=f"{first.isoformat()}T00:00:00+00:00") == 0
    assert len(smtp_inbox.messages) == 2


def test_the_report_goes_out_on_the_first_of_the_month_only(
    community: Any, director: Any, outsider: Any, smtp_inbox: Any
) -> None:
    Sponsor.objects.create(community=community, user=outsider, added_by=director)

    assert send_monthly_reports.call(slot="2026-03-02T00:00:00+00:00") == 0
    assert smtp_inbox.messages == []


def test_the_dashboard_downloads_the_same_figures_as_a_pdf(
    as_user: Any, community: Any, director: Any, activity: Callable[..., list[Any]]
) -> None:
    people = activity(9)
    _with_a_board_of_two(community, people)
    from salon.analytics.rollups import snapshots_store

    snapshots_store(community)
    figures = as_user(director).get("/c/acme/outcomes/?days=30").context["outcomes"]

    response = as_user(director).get("/c/acme/outcomes/?days=30&format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "Figures as of" in text
    assert f"Members {figures.community_figures['members']}" in text
    assert "Board" not in text
    assert "Europe" in text


def test_only_a_director_asks_for_the_monthly_email(
    as_user: Any, community: Any, director: Any, facilitator: Any
) -> None:
    from salon.analytics.models import ReportSubscription

    refused = as_user(facilitator).post("/c/acme/outcomes/monthly-report/", {"subscribe": "1"})
    asked = as_user(director).post("/c/acme/outcomes/monthly-report/", {"subscribe": "1"})
    subscribed = list(ReportSubscription.objects.values_list("user_id", flat=True))
    stopped = as_user(director).post("/c/acme/outcomes/monthly-report/", {"subscribe": "0"})

    assert refused.status_code == 403
    assert asked.status_code == stopped.status_code == 302
    assert subscribed == [director.pk]
    assert not ReportSubscription.objects.exists()
