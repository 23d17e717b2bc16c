"""The monthly report: on the first of each month, each sponsor of a community (and each of
its directors who asked for it) gets a short email with last month's figures, in their own
language and time zone, and the same figures as a PDF.

The figures are the dashboard's, computed once from the rollups for the calendar month and
stored (``MonthlyOutcomes``), so every recipient reads the same numbers and a group too
small to show is withheld as on the page. Sending records each recipient
(``MonthlyReportSent``): a job run twice sends nobody two reports.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from salon.analytics import selectors
from salon.analytics.models import (
    MonthlyOutcomes,
    MonthlyReportSent,
    ReportSubscription,
    Sponsor,
)
from salon.analytics.pdf import headline, outcomes_pdf
from salon.analytics.rollups import roll_up_community
from salon.communities.models import Community, Role

logger = logging.getLogger(__name__)


def last_month(today: date) -> tuple[date, date]:
    """The first and last days of the calendar month before ``today``'s."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def monthly_outcomes(community: Community, *, today: date) -> MonthlyOutcomes:
    """Last month's figures of the community, stored the first time they are asked for."""
    start, end = last_month(today)
    stored = MonthlyOutcomes.objects.filter(community=community, month=start).first()
    if stored is not None:
        return stored
    # Whatever the hourly job has not rolled up yet (the month's last hours) is rolled first.
    roll_up_community(community, today=today)
    outcomes = selectors.outcomes_computed(
        community=community, days=(end - start).days + 1, today=end
    )
    try:
        with transaction.atomic():
            return MonthlyOutcomes.objects.create(
                community=community, month=start, figures=selectors.outcomes_dumped(outcomes)
            )
    except IntegrityError:  # another worker stored them first
        return MonthlyOutcomes.objects.get(community=community, month=start)


def recipients(community: Community) -> list[Any]:
    """The community's sponsors, and its directors who asked for the report."""
    from salon.accounts.models import User

    sponsors = Sponsor.objects.filter(community=community).values("user_id")
    directors = ReportSubscription.objects.filter(
        community=community,
        user__memberships__community=community,
        user__memberships__role=Role.DIRECTOR,
    ).values("user_id")
    return list(
        User.objects.filter(is_active=True).filter(pk__in=sponsors.union(directors)).order_by("pk")
    )


def report_message(monthly: MonthlyOutcomes, user: Any) -> EmailMultiAlternatives:
    """The email of one month's report to one person, with the PDF attached, written in
    their language and time zone."""
    from salon.notifications.emails import absolute, as_recipient

    community = monthly.community
    with as_recipient(user):
        outcomes = selectors.outcomes_loaded(monthly.figures, community=community)
        outcomes.computed_at = monthly.computed_at
        context = {
            "user": user,
            "community": community,
            "outcomes": outcomes,
            "month": monthly.month,
            "benefits": headline(outcomes),
            "dashboard_url": absolute(reverse("analytics:dashboard", args=[community.slug])),
        }
        subject = " ".join(render_to_string("analytics/email/report_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject[:200],
            body=render_to_string("analytics/email/report.txt", context),
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(
            render_to_string("analytics/email/report.html", context), "text/html"
        )
        message.attach(
            f"outcomes-{community.slug}-{monthly.month:%Y-%m}.pdf",
            outcomes_pdf(outcomes),
            "application/pdf",
        )
    return message


def reports_send(*, today: date) -> int:
    """Send last month's report to everyone who has not had it yet; return how many."""
    sent = 0
    for community in Community.objects.order_by("pk"):
        people = recipients(community)
        if not people:
            continue
        monthly = monthly_outcomes(community, today=today)
        monthly.community = community
        done = set(
            MonthlyReportSent.objects.filter(monthly=monthly).values_list("user_id", flat=True)
        )
        for user in people:
            if user.pk in done:
                continue
            report_message(monthly, user).send()
            MonthlyReportSent.objects.create(monthly=monthly, user=user)
            sent += 1
        logger.info("Sent the monthly outcome report of %s to %d people", community.slug, sent)
    return sent
