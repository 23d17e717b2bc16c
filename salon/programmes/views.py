"""Cohort programmes' pages: the list, a programme as a member follows it, building it
(modules and items), copying it to the next cohort, and the cohort's timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can, require
from salon.goals.services.goals import local_today
from salon.programmes.access import (
    access_cohort_programme,
    access_peer_review,
    access_programme_item,
    access_programme_module,
)
from salon.programmes.forms import (
    CopyForm,
    DoneForm,
    ItemForm,
    ModuleForm,
    ProgrammeForm,
    ReviewForm,
)
from salon.programmes.selectors import progress as progress_selectors
from salon.programmes.selectors import reviews as review_selectors
from salon.programmes.selectors.programmes import meeting_circles_for, programmes_for
from salon.programmes.selectors.reviews import review_competency, submission_of
from salon.programmes.services import curriculum, progress, reviews, sessions
from salon.programmes.services import programmes as programme_services

EDIT = "cohort_programme.edit"


@login_required
def programme_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "cohort_programme.list")
    return render(
        request,
        "programmes/list.html",
        {
            "community": community,
            "programmes": list(programmes_for(user=request.user, community=community)),
            "may_create": can(request.user, "cohort_programme.create", community),
        },
    )


@login_required
def create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "cohort_programme.create")
    form = ProgrammeForm(_data(request), community=community)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_services.programme_create(
                actor=request.user, community=community, plan=form.plan()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Now add the first module."))
            return redirect("programmes:edit", programme.pk)
    return render(
        request,
        "programmes/form.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def detail(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = access_cohort_programme(request.user, programme_id)
    modules = progress_selectors.progress_for(user=request.user, programme=programme)
    items = [row for m in modules for row in m.items]
    mine = review_selectors.reviews_of_my_work(
        user=request.user, programme=programme, today=local_today(request.user)
    )
    for row in items:
        row.reviews = mine.get(row.item.pk)
    done = sum(1 for row in items if row.state == "done")
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "community": programme.community,
            "modules": modules,
            "done": done,
            "total": len(items),
            "percent": round(100 * done / len(items)) if items else 0,
            "may_take_part": can(request.user, "cohort_programme.take_part", programme),
            "may_edit": can(request.user, EDIT, programme),
            "done_form": DoneForm(),
            "meeting_circles": meeting_circles_for(user=request.user, programme=programme),
            "reviews_asked": review_selectors.reviews_asked_of(
                user=request.user, programme=programme
            ),
        },
    )


@login_required
def edit(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = access_cohort_programme(request.user, programme_id, EDIT)
    community = programme.community
    initial = {
        "title": programme.title,
        "summary": programme.summary,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "cohorts": list(programme.cohorts.all()),
    }
    form = ProgrammeForm(_data(request), initial=initial, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.programme_update(
                actor=request.user, programme=programme, plan=form.plan()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:edit", programme.pk)
    return render(
        request,
        "programmes/edit.html",
        {
            "programme": programme,
            "community": community,
            "form": form,
            "modules": progress_selectors.timeline_of(programme=programme).modules,
            "module_form": ModuleForm(
                community=community,
                initial={"starts_on": programme.starts_on, "ends_on": programme.ends_on},
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def add_module(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = access_cohort_programme(request.user, programme_id, EDIT)
    form = ModuleForm(request.POST, community=programme.community)
    if not form.is_valid():
        messages.error(request, _("A module needs a title and its dates."))
        return redirect("programmes:edit", programme.pk)
    try:
        module = curriculum.module_add(actor=request.user, programme=programme, plan=form.plan())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programmes:edit", programme.pk)
    messages.success(request, _("Module added: now add its items."))
    return redirect("programmes:module", module.pk)


@login_required
def copy(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = access_cohort_programme(request.user, programme_id, EDIT)
    community = programme.community
    form = CopyForm(
        _data(request),
        community=community,
        initial={"title": _("%(title)s (next cohort)") % {"title": programme.title}},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copied = programme_services.programme_copy(
                actor=request.user,
                programme=programme,
                title=data["title"],
                starts_on=data["starts_on"],
                cohorts=list(data.get("cohorts") or []),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Copied, with every date moved."))
            return redirect("programmes:edit", copied.pk)
    return render(
        request,
        "programmes/copy.html",
        {"programme": programme, "community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def timeline(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = access_cohort_programme(request.user, programme_id, EDIT)
    return render(
        request,
        "programmes/timeline.html",
        {
            "programme": programme,
            "community": programme.community,
            "timeline": progress_selectors.timeline_of(programme=programme),
        },
    )


@login_required
def module(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    module = access_programme_module(request.user, module_id, EDIT)
    programme, community = module.programme, module.programme.community
    initial = {
        "title": module.title,
        "purpose": module.purpose,
        "starts_on": module.starts_on,
        "ends_on": module.ends_on,
        "competencies": list(module.competencies.all()),
        "move_items": True,
    }
    form = ModuleForm(_data(request), initial=initial, community=community, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            curriculum.module_update(
                actor=request.user,
                module=module,
                plan=form.plan(),
                move_items=form.cleaned_data.get("move_items", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:module", module.pk)
    return render(
        request,
        "programmes/module.html",
        {
            "module": module,
            "programme": programme,
            "community": community,
            "form": form,
            "items": list(module.items.select_related("resource", "path", "event")),
            "item_form": ItemForm(community=community, user=request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def add_item(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    module = access_programme_module(request.user, module_id, EDIT)
    form = ItemForm(request.POST, community=module.programme.community, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of item and say what it is."))
        return redirect("programmes:module", module.pk)
    try:
        item = curriculum.item_add(actor=request.user, module=module, plan=form.plan())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Added: %(title)s.") % {"title": item.title})
    return redirect("programmes:module", module.pk)


@login_required
def item_edit(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access_programme_item(request.user, item_id, EDIT)
    community = item.module.programme.community
    initial = {
        "kind": item.kind,
        "title": item.title,
        "instructions": item.instructions,
        "resource": item.resource,
        "path": item.path,
        "event": item.event,
        "url": item.url,
        "unlock": item.unlock,
        "opens_on": item.opens_on,
        "due_on": item.due_on,
        "peer_review": item.peer_review,
    }
    form = ItemForm(_data(request), initial=initial, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            curriculum.item_update(actor=request.user, item=item, plan=form.plan())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:module", item.module_id)
    return render(
        request,
        "programmes/item_edit.html",
        {"item": item, "programme": item.module.programme, "community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def item_remove(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access_programme_item(request.user, item_id, EDIT)
    module_id = item.module_id
    curriculum.item_remove(actor=request.user, item=item)
    messages.success(request, _("Item removed."))
    return redirect("programmes:module", module_id)


@login_required
@require_POST
def item_done(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access_programme_item(request.user, item_id, "cohort_programme.take_part")
    form = DoneForm(request.POST)
    answer = form.cleaned_data.get("answer", "") if form.is_valid() else ""
    try:
        progress.item_done(actor=request.user, item=item, answer=answer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(title)s.") % {"title": item.title})
    return redirect(_back(request, item.get_absolute_url()))


@login_required
@require_POST
def item_undo(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access_programme_item(request.user, item_id, "cohort_programme.take_part")
    try:
        progress.item_undo(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as not done."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def plan_session(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    """Make a live session's event at the fair planner's best time for the cohort."""
    item = access_programme_item(request.user, item_id, EDIT)
    try:
        event = sessions.session_event_plan(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programmes:module", item.module_id)
    messages.success(
        request, _("Planned at the fairest time for the cohort: check it and change it if needed.")
    )
    return redirect(event.get_absolute_url())


@login_required
def review(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """A peer review: the submission, and the reviewer's short form."""
    review = access_peer_review(request.user, review_id)
    may_submit = can(request.user, "peer_review.submit", review)
    form = ReviewForm(
        request.POST if request.method == "POST" else None, competency=review_competency(review)
    )
    if request.method == "POST":
        require(request.user, "peer_review.submit", review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reviews.peer_review_submit(
                    actor=request.user,
                    review=review,
                    works=data["works"],
                    suggestion=data["suggestion"],
                    rating=int(data["rating"]) if data.get("rating") else None,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you: your review is in."))
                return redirect(review.item.get_absolute_url())
    item = review.item
    return render(
        request,
        "programmes/review.html",
        {
            "review": review,
            "item": item,
            "programme": item.module.programme,
            "community": item.module.programme.community,
            "submission": submission_of(review),
            "form": form,
            "may_submit": may_submit,
            "today": local_today(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def review_report(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    """The programme team's view of its peer reviews: counts, and the late ones."""
    programme = access_cohort_programme(request.user, programme_id, EDIT)
    return render(
        request,
        "programmes/reviews.html",
        {
            "programme": programme,
            "community": programme.community,
            "rows": review_selectors.review_report(
                programme=programme, today=local_today(request.user)
            ),
        },
    )


def _back(request: AuthenticatedHttpRequest, default: str) -> str:
    """Back to the week when the item was marked there, else to the item in its programme."""
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return default


def _data(request: AuthenticatedHttpRequest) -> Any:
    """The form's data on a post (even an empty one, which is then refused), else none."""
    return request.POST if request.method == "POST" else None
