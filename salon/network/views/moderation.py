"""A community's messaging rule (its director) and the conversations reported to its
moderators (directors and facilitators), who see only the reported messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.network import selectors
from salon.network.access import access_moderated_community, access_report
from salon.network.forms import MessagingSettingsForm
from salon.network.services.moderation import (
    conversation_report_resolve,
    messaging_settings_update,
)


@login_required
def messaging_settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_moderated_community(request.user, slug, "messaging.manage")
    form = MessagingSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"who_may_message": selectors.messaging_rule(community=community)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            messaging_settings_update(
                actor=request.user,
                community=community,
                who_may_message=form.cleaned_data["who_may_message"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:settings", community.slug)
    return render(
        request,
        "network/settings.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def reports(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_moderated_community(request.user, slug, "conversation_report.review")
    return render(
        request,
        "network/reports.html",
        {"community": community, "reports": selectors.reports_for_community(community=community)},
    )


@login_required
@require_POST
def resolve_report(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    found = access_report(request.user, report_id)
    conversation_report_resolve(actor=request.user, report=found)
    messages.success(request, _("Marked as resolved."))
    return redirect("network:reports", found.community.slug)
