"""Pages of the mentoring relationship: My mentoring, the pair's shared space (agreement,
shared goals, sessions, action items, check-ins), the session form, a check-in, and
ending early. Only the pair ever sees a space: everyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.core.http import AuthenticatedHttpRequest
from salon.core.markdown import render_markdown
from salon.core.permissions import can
from salon.goals.services.goals import local_today
from salon.mentoring.access import access_action_item, access_mentorship, access_session
from salon.mentoring.forms.mentorships import (
    ActionItemForm,
    AgreementForm,
    CheckInForm,
    EndForm,
    SessionActionFormSet,
    SessionForm,
    SharedGoalsForm,
)
from salon.mentoring.models import CheckInStage, Mentorship, MentorshipStatus
from salon.mentoring.selectors.mentorships import (
    action_items_due,
    check_in_opens,
    matches_awaiting,
    mentorship_space,
    mentorships_of,
    next_check_in,
    programmes_open_for,
    session_due_on,
    shareable_goals,
    shared_goals_of,
    standings_of,
)
from salon.mentoring.services.mentorships import (
    ActionPlan,
    action_item_add,
    action_item_toggle,
    agreement_update,
    check_in_create,
    mentorship_end_early,
    session_log,
    session_update,
    shared_goals_set,
)


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _person(mentorship: Mentorship, user_id: int | None) -> Any:
    return mentorship.mentee if user_id == mentorship.mentee_id else mentorship.mentor


# My mentoring -----------------------------------------------------------------------------


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = local_today(request.user)
    mentorships = [
        m for m in mentorships_of(user=request.user) if can(request.user, "mentorship.view", m)
    ]
    for m in mentorships:
        answered = {c.stage for c in m.my_check_ins}  # type: ignore[attr-defined]
        m.viewer_is_mentee = m.mentee_id == request.user.pk  # type: ignore[attr-defined]
        m.other_person = m.other(request.user)  # type: ignore[attr-defined]
        m.next_check_in = next_check_in(m, answered, today)  # type: ignore[attr-defined]
        m.session_due = (  # type: ignore[attr-defined]
            session_due_on(m) if m.status == MentorshipStatus.ACTIVE else None
        )
    active = [m for m in mentorships if m.status == MentorshipStatus.ACTIVE]
    ended = [m for m in mentorships if m.status != MentorshipStatus.ACTIVE]
    matches = matches_awaiting(user=request.user)
    # Matched people and answers due show above; here, the enrolments still on their way.
    waiting = [
        s
        for s in standings_of(user=request.user, mentorships=mentorships)
        if s.state in ("waiting_other", "did_not_go_ahead", "choose", "waiting")
    ]
    return render(
        request,
        "mentoring/mine.html",
        {
            "active": active,
            "ended": ended,
            "matches": matches,
            "waiting": waiting,
            "is_new": not (active or ended or matches or waiting),
            "programmes": programmes_open_for(user=request.user),
            "today": today,
        },
    )


# The shared space -------------------------------------------------------------------------


def _space_context(
    request: AuthenticatedHttpRequest, mentorship: Mentorship, **extra: Any
) -> dict[str, Any]:
    viewer = request.user
    space = mentorship_space(mentorship=mentorship, viewer=viewer, with_sessions=True)
    for session in space.sessions:
        session.notes_html = render_markdown(session.notes)  # type: ignore[attr-defined]
    return {
        "space": space,
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "community": mentorship.programme.community,
        "other": space.other,
        "is_mentee": viewer.pk == mentorship.mentee_id,
        "may_edit": space.may_edit,
        "today": space.today,
        "sessions": space.sessions,
        "minutes_total": sum(s.minutes for s in space.sessions),
        "items": space.items,
        "check_ins": space.check_ins,
        "shared_goals": space.shared_goals,
        "agreement_html": render_markdown(mentorship.agreement_goals),
        "session_due": session_due_on(mentorship) if space.may_edit else None,
        "action_form": extra.pop("action_form", None)
        or ActionItemForm(mentorship=mentorship, viewer=viewer, prefix="action"),
        **extra,
    }


@login_required
def detail(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    mentorship = access_mentorship(request.user, mentorship_id)
    return render(request, "mentoring/mentorship.html", _space_context(request, mentorship))


@login_required
def agreement(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    """The agreement (either side) and, for the mentee, which goals the space lists: one
    form with one button, so a ticked goal is never lost to the other section's button."""
    mentorship = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    data = request.POST if request.method == "POST" else None
    agreement_form = AgreementForm(
        data,
        initial={
            "goals": mentorship.agreement_goals,
            "cadence": mentorship.agreement_cadence,
            "how": mentorship.agreement_how,
        },
    )
    share_form = None
    if request.user.pk == mentorship.mentee_id:
        share_form = SharedGoalsForm(
            data,
            goals=shareable_goals(mentorship=mentorship),
            initial={"goals": [g.pk for g in shared_goals_of(mentorship=mentorship)]},
            prefix="share",
        )
    forms = [f for f in (agreement_form, share_form) if f is not None]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        saved = []
        try:
            with transaction.atomic():
                if agreement_form.has_changed():
                    agreement_update(
                        actor=request.user, mentorship=mentorship, **agreement_form.cleaned_data
                    )
                    saved.append(_("Agreement saved."))
                if share_form is not None and share_form.has_changed():
                    shared_goals_set(
                        actor=request.user,
                        mentorship=mentorship,
                        goals=list(share_form.cleaned_data["goals"]),
                    )
                    saved.append(_("Shared goals saved."))
        except ValidationError as exc:
            agreement_form.add_error(None, _refusal(exc))
        else:
            messages.success(request, " ".join(saved) or _("Nothing to save: no changes."))
            return redirect(mentorship.get_absolute_url() + "#agreement")
    return render(
        request,
        "mentoring/mentorship_agreement.html",
        {
            "mentorship": mentorship,
            "community": mentorship.programme.community,
            "other": mentorship.other(request.user),
            "form": agreement_form,
            "share_form": share_form,
        },
        status=400 if request.method == "POST" else 200,
    )


# Sessions ---------------------------------------------------------------------------------


def _session_page(
    request: AuthenticatedHttpRequest,
    mentorship: Mentorship,
    form: SessionForm,
    actions: Any,
    session: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "mentoring/session_form.html",
        {
            "mentorship": mentorship,
            "community": mentorship.programme.community,
            "other": mentorship.other(request.user),
            "form": form,
            "actions": actions,
            "session": session,
        },
        status=status,
    )


@login_required
def session_create(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    mentorship = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    data = request.POST if request.method == "POST" else None
    today = local_today(request.user)
    form = SessionForm(data, today=today, initial={"held_on": today, "minutes": 60})
    actions = SessionActionFormSet(
        data, prefix="act", form_kwargs={"mentorship": mentorship, "viewer": request.user}
    )
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        plans = [
            ActionPlan(
                text=row["text"], owner=_person(mentorship, row["owner"]), due_on=row.get("due_on")
            )
            for row in actions.cleaned_data
            if row.get("text")
        ]
        try:
            session_log(
                actor=request.user, mentorship=mentorship, actions=plans, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(
                request,
                _("Session logged. %(name)s will see it in your space.")
                % {"name": mentorship.other(request.user).get_short_name()},
            )
            return redirect(mentorship.get_absolute_url() + "#sessions")
    status = 400 if request.method == "POST" else 200
    return _session_page(request, mentorship, form, actions, status=status)


@login_required
def session_edit(
    request: AuthenticatedHttpRequest, mentorship_id: int, session_id: int
) -> HttpResponse:
    mentorship = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    session = access_session(request.user, mentorship, session_id)
    mine = session.private_notes.filter(author=request.user).first()
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        today=local_today(request.user),
        initial={
            "held_on": session.held_on,
            "minutes": session.minutes,
            "notes": session.notes,
            "private_note": mine.text if mine else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            session_update(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Session saved."))
            return redirect(mentorship.get_absolute_url() + f"#session-{session.pk}")
    status = 400 if request.method == "POST" else 200
    return _session_page(request, mentorship, form, None, session=session, status=status)


# Action items -----------------------------------------------------------------------------


@login_required
@require_POST
def action_create(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    mentorship = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    form = ActionItemForm(request.POST, mentorship=mentorship, prefix="action")
    if form.is_valid():
        try:
            action_item_add(
                actor=request.user,
                mentorship=mentorship,
                text=form.cleaned_data["text"],
                owner=_person(mentorship, form.cleaned_data["owner"]),
                due_on=form.cleaned_data.get("due_on"),
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("Action added."))
            return redirect(mentorship.get_absolute_url() + "#actions")
    context = _space_context(request, mentorship, action_form=form)
    return render(request, "mentoring/mentorship.html", context, status=400)


@login_required
@require_POST
def action_toggle(
    request: AuthenticatedHttpRequest, mentorship_id: int, action_id: int
) -> HttpResponse:
    item = access_action_item(request.user, action_id)
    mentorship = item.mentorship
    if mentorship.pk != mentorship_id:
        raise Http404
    action_item_toggle(actor=request.user, item=item)
    if request.htmx:
        return render(
            request,
            "mentoring/mentorship_actions.html",
            {
                "mentorship": mentorship,
                "items": action_items_due(mentorship=mentorship, today=local_today(request.user)),
                "may_edit": True,
            },
        )
    return redirect(mentorship.get_absolute_url() + "#actions")


# Check-ins and the end --------------------------------------------------------------------


@login_required
def check_in(request: AuthenticatedHttpRequest, mentorship_id: int, stage: str) -> HttpResponse:
    if stage not in CheckInStage.values:
        raise Http404
    mentorship = access_mentorship(request.user, mentorship_id)
    opens = check_in_opens(mentorship.programme, stage)
    answered = mentorship.check_ins.filter(author=request.user, stage=stage).first()
    may_answer = (
        answered is None
        and can(request.user, "mentorship.edit", mentorship)
        and opens <= local_today(request.user)
    )
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_answer:
            form.add_error(None, _("This check-in is not open to you."))
        elif form.is_valid():
            try:
                check_in_create(
                    actor=request.user, mentorship=mentorship, stage=stage, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(
                    request,
                    _("Thank you. %(name)s sees that you answered, not your answers.")
                    % {"name": mentorship.other(request.user).get_short_name()},
                )
                return redirect(mentorship.get_absolute_url() + "#check-ins")
    return render(
        request,
        "mentoring/check_in.html",
        {
            "mentorship": mentorship,
            "community": mentorship.programme.community,
            "other": mentorship.other(request.user),
            "stage": CheckInStage(stage),
            "opens": opens,
            "answered": answered,
            "may_answer": may_answer,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def end(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    mentorship = access_mentorship(request.user, mentorship_id, "mentorship.edit")
    is_mentee = request.user.pk == mentorship.mentee_id
    form = EndForm(request.POST if request.method == "POST" else None, is_mentee=is_mentee)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship_end_early(
                actor=request.user,
                mentorship=mentorship,
                reason=form.cleaned_data["reason"],
                wants_rematch=form.cleaned_data.get("wants_rematch", False),
            )
        except ValidationError as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(
                request,
                _("The mentorship has ended. %(name)s has been told.")
                % {"name": mentorship.other(request.user).get_short_name()},
            )
            return redirect(mentorship.get_absolute_url())
    return render(
        request,
        "mentoring/end.html",
        {
            "mentorship": mentorship,
            "community": mentorship.programme.community,
            "other": mentorship.other(request.user),
            "is_mentee": is_mentee,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
