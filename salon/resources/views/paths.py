"""Learning paths' pages: the list, a path with the member's own progress, making and
editing a path and its steps, marking a step done, and the facilitator's progress view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can
from salon.resources import selectors
from salon.resources.access import access_path, access_step
from salon.resources.forms import PathForm, StepDoneForm, StepForm
from salon.resources.models import PathStatus
from salon.resources.services import paths as services


@login_required
def paths(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "library.view")
    return render(
        request,
        "resources/paths.html",
        {
            "community": community,
            "paths": selectors.paths_for(user=request.user, community=community),
            "may_create": can(request.user, "path.create", community),
        },
    )


@login_required
def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "path.create")
    data = request.POST if request.method == "POST" else None
    form = PathForm(data, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            path = services.path_create(actor=request.user, community=community, plan=form.plan())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Now add the steps, then publish the path."))
            return redirect("resources:path_edit", path.pk)
    return render(
        request,
        "resources/path_form.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def detail(request: AuthenticatedHttpRequest, path_id: int) -> HttpResponse:
    path = access_path(request.user, path_id)
    steps = selectors.steps_for(user=request.user, path=path)
    done = sum(1 for s in steps if s.done)
    next_step = next((s for s in steps if not s.done), None)
    return render(
        request,
        "resources/path.html",
        {
            "path": path,
            "community": path.community,
            "steps": steps,
            "done": done,
            "percent": round(100 * done / len(steps)) if steps else 0,
            "next_step": next_step,
            "enrolment": selectors.enrolment_of(user=request.user, path=path),
            "may_follow": can(request.user, "path.follow", path),
            "may_edit": can(request.user, "path.edit", path),
            "done_form": StepDoneForm(user=request.user, community=path.community),
            "reflections": selectors.reflections_on(path=path, user=request.user),
        },
    )


@login_required
def edit(request: AuthenticatedHttpRequest, path_id: int) -> HttpResponse:
    path = access_path(request.user, path_id, "path.edit")
    initial = {
        "title": path.title,
        "summary": path.summary,
        "circle": path.circle,
        "competencies": list(path.competencies.all()),
    }
    form = PathForm(
        request.POST or None, initial=initial, community=path.community, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.path_update(actor=request.user, path=path, plan=form.plan())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("resources:path_edit", path.pk)
    return render(
        request,
        "resources/path_edit.html",
        {
            "path": path,
            "community": path.community,
            "form": form,
            "steps": selectors.steps_for(user=request.user, path=path),
            "step_form": StepForm(community=path.community, user=request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def add_step(request: AuthenticatedHttpRequest, path_id: int) -> HttpResponse:
    path = access_path(request.user, path_id, "path.edit")
    form = StepForm(request.POST, community=path.community, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of step and what it is."))
        return redirect("resources:path_edit", path.pk)
    try:
        step = services.step_add(actor=request.user, path=path, plan=form.plan())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Step %(n)s added.") % {"n": step.position})
    return redirect("resources:path_edit", path.pk)


@login_required
@require_POST
def remove_step(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    step = access_step(request.user, step_id, "path.edit")
    services.step_remove(actor=request.user, step=step)
    messages.success(request, _("Step removed."))
    return redirect("resources:path_edit", step.path_id)


@login_required
@require_POST
def move_step(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    """Move a step up or down with a button (no dragging needed); the page comes back
    at the step, so a keyboard user can press again to move it further."""
    step = access_step(request.user, step_id, "path.edit")
    try:
        moved = services.step_move(
            actor=request.user, step=step, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("resources:path_edit", step.path_id)
    messages.success(
        request,
        _("“%(title)s” is now step %(n)s.") % {"title": moved.title, "n": moved.position},
    )
    url = reverse("resources:path_edit", args=[step.path_id])
    return redirect(f"{url}#edit-step-{moved.pk}")


@login_required
@require_POST
def set_status(request: AuthenticatedHttpRequest, path_id: int) -> HttpResponse:
    path = access_path(request.user, path_id, "path.edit")
    status = request.POST.get("status", "")
    try:
        services.path_set_status(actor=request.user, path=path, status=status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Published: members can follow it.")
            if status == PathStatus.PUBLISHED
            else _("Back to draft."),
        )
    return redirect("resources:path_edit", path.pk)


@login_required
@require_POST
def follow(request: AuthenticatedHttpRequest, path_id: int) -> HttpResponse:
    path = access_path(request.user, path_id, "path.follow")
    services.path_follow(actor=request.user, path=path)
    messages.success(request, _("The path is on your list. Start with the first step."))
    return redirect(path.get_absolute_url())


@login_required
@require_POST
def step_done(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    step = access_step(request.user, step_id, "path.follow")
    form = StepDoneForm(request.POST, user=request.user, community=step.path.community)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(step.get_absolute_url())
    try:
        services.step_done(
            actor=request.user,
            step=step,
            reflection=form.cleaned_data.get("reflection") or "",
            goal=form.cleaned_data.get("goal"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: “%(t)s”.") % {"t": step.title})
    return redirect(step.get_absolute_url())


@login_required
def progress(request: AuthenticatedHttpRequest, path_id: int) -> HttpResponse:
    path = access_path(request.user, path_id, "path.view_progress")
    return render(
        request,
        "resources/progress.html",
        {
            "path": path,
            "community": path.community,
            "progress": selectors.path_progress(path=path),
        },
    )


@login_required
@require_POST
def nudge(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    step = access_step(request.user, step_id, "path.view_progress")
    people = [int(p) for p in request.POST.getlist("people") if p.isdigit() and len(p) < 12]
    try:
        told = services.step_nudge(actor=request.user, step=step, user_ids=people)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reminder sent to %(n)s.") % {"n": told})
    return redirect("resources:path_progress", step.path_id)
