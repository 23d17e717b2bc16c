"""Pages of a community's mentoring programmes: the list, a programme (with the stewards'
view of who enrolled and the pairs), its settings and status, and enrolment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.mentoring.access import access_programme
from salon.mentoring.forms.programmes import EnrolmentForm, ProgrammeForm
from salon.mentoring.models import MatchingMode, Programme, ProgrammeStatus, Side
from salon.mentoring.rules import enrolment_open
from salon.mentoring.selectors.mentorships import programme_health, standings_of
from salon.mentoring.selectors.programmes import (
    enrolment_of,
    enrolments_of,
    pairs_of,
    programme_stats,
    programmes_for,
)
from salon.mentoring.services.programmes import (
    enrolment_save,
    enrolment_withdraw,
    programme_create,
    programme_set_status,
    programme_update,
    status_steps,
)

# The button that moves a programme to each status, by where it comes from.
STATUS_BUTTONS: dict[tuple[str, str], Any] = {
    (ProgrammeStatus.DRAFT, ProgrammeStatus.ENROLLING): gettext_lazy("Open enrolment"),
    (ProgrammeStatus.ENROLLING, ProgrammeStatus.MATCHING): gettext_lazy(
        "Close enrolment and start matching"
    ),
    (ProgrammeStatus.ENROLLING, ProgrammeStatus.DRAFT): gettext_lazy("Back to draft"),
    (ProgrammeStatus.MATCHING, ProgrammeStatus.ACTIVE): gettext_lazy("Start the mentoring"),
    (ProgrammeStatus.MATCHING, ProgrammeStatus.ENROLLING): gettext_lazy("Reopen enrolment"),
    (ProgrammeStatus.ACTIVE, ProgrammeStatus.CLOSED): gettext_lazy("Close the programme"),
    (ProgrammeStatus.CLOSED, ProgrammeStatus.ACTIVE): gettext_lazy("Reopen the programme"),
}
# Mentee-choice programmes have no matching step (``services/programmes.py: status_steps``).
MENTEE_CHOICE_BUTTONS: dict[tuple[str, str], Any] = {
    **STATUS_BUTTONS,
    (ProgrammeStatus.ENROLLING, ProgrammeStatus.ACTIVE): gettext_lazy("Start the programme"),
}


def _status_buttons(programme: Programme) -> list[tuple[str, Any]]:
    buttons = (
        MENTEE_CHOICE_BUTTONS if programme.mode == MatchingMode.MENTEE_CHOICE else STATUS_BUTTONS
    )
    return [(status, buttons[(programme.status, status)]) for status in status_steps(programme)]


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _sides(user: Any, programme: Programme) -> list[str]:
    """The sides ``user`` may enrol on now, mentee first."""
    return [side for side in Side.values if can(user, f"programme.enrol_as_{side}", programme)]


@login_required
def programmes(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "programme.list")
    return render(
        request,
        "mentoring/programmes.html",
        {
            "community": community,
            "programmes": programmes_for(user=request.user, community=community),
            "may_create": can(request.user, "programme.create", community),
            "tab": "mentoring",
        },
    )


@login_required
def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "programme.create")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(
                actor=request.user, community=community, **form.programme_fields()
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(
                request, _("Programme created as a draft: open enrolment when it is ready.")
            )
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "mentoring/programme_form.html",
        {"community": community, "form": form, "tab": "mentoring"},
    )


@login_required
def detail(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id)
    community = programme.community
    enrolment = enrolment_of(user=request.user, programme=programme)
    enrolled = enrolment is not None and enrolment.withdrawn_at is None
    may_manage = can(request.user, "programme.manage", programme)
    context: dict[str, Any] = {
        "community": community,
        "programme": programme,
        "enrolment": enrolment,
        "enrolled": enrolled,
        "may_enrol": can(request.user, "programme.enrol", programme),
        "may_manage": may_manage,
        "enrolment_open": enrolment_open(programme),
        "standing": next(iter(standings_of(user=request.user, programme=programme)), None)
        if enrolled
        else None,
        "tab": "mentoring",
    }
    if may_manage:
        context.update(
            stats=programme_stats(programme=programme),
            enrolments=list(enrolments_of(programme=programme)),
            pairs=list(pairs_of(programme=programme)),
            health=programme_health(programme),
            status_buttons=_status_buttons(programme),
        )
    return render(request, "mentoring/programme_detail.html", context)


@login_required
def edit(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id, "programme.manage")
    community = programme.community
    form = ProgrammeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme_update(actor=request.user, programme=programme, **form.programme_fields())
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Programme saved."))
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "mentoring/programme_form.html",
        {"community": community, "form": form, "programme": programme, "tab": "mentoring"},
    )


@login_required
@require_POST
def set_status(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id, "programme.manage")
    try:
        programme_set_status(
            actor=request.user, programme=programme, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(
            request,
            _("The programme is now: %(status)s.")
            % {"status": ProgrammeStatus(programme.status).label},
        )
    return redirect(programme.get_absolute_url())


@login_required
def enrol(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id)
    community = programme.community
    if not can(request.user, "programme.enrol", programme):
        if enrolment_open(programme):
            raise PermissionDenied
        # The person's role may be fine: say what actually stops them.
        return render(
            request,
            "mentoring/enrol.html",
            {"community": community, "programme": programme, "closed": True, "tab": "mentoring"},
            status=403,
        )
    enrolment = enrolment_of(user=request.user, programme=programme)
    form = EnrolmentForm(
        request.POST or None,
        user=request.user,
        programme=programme,
        sides=_sides(request.user, programme),
        initial=EnrolmentForm.initial_from(enrolment) if enrolment is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _enrolment, created = enrolment_save(
                actor=request.user,
                programme=programme,
                side=data["side"],
                competencies=data["competencies"],
                goals=data.get("goals") or (),
                hopes=data.get("hopes", ""),
                region_preference=data.get("region_preference", ""),
                language_preference=data.get("language_preference", ""),
                industry_preference=data.get("industry_preference", ""),
                function_preference=data.get("function_preference", ""),
                avoid=data.get("avoid") or (),
                capacity=data.get("capacity"),
                availability=data.get("availability", ""),
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(
                request, _("You are enrolled.") if created else _("Your enrolment is saved.")
            )
            return redirect(programme.get_absolute_url())
    user = request.user
    languages = [language.name for language in user.languages.all()]
    return render(
        request,
        "mentoring/enrol.html",
        {
            "community": community,
            "programme": programme,
            "enrolment": enrolment,
            "form": form,
            "profile": {
                "timezone": user.timezone if user.timezone_confirmed else "",
                "hours": (user.work_start, user.work_end),
                "languages": languages,
                "region": user.get_region_display(),
                "unit": user.organisation_unit,
                "manager": user.manager.display_name if user.manager_id else "",  # type: ignore[union-attr]
            },
            "tab": "mentoring",
        },
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, slug: str, programme_id: int) -> HttpResponse:
    programme = access_programme(request.user, slug, programme_id, "programme.enrol")
    try:
        enrolment_withdraw(actor=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("You have withdrawn. You can enrol again while it is open."))
    return redirect(programme.get_absolute_url())
