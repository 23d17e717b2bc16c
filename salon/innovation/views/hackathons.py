"""Hackathon pages: the community's hackathons, setting one up, its page (teams, your
team, judging), a team's submission, judges and conflicts, a judge's rubric, and the
results with how the ranking was made."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from salon.communities.access import access_community
from salon.core.attachment_views import file_add, file_remove
from salon.core.attachments import attachments_for
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can, require
from salon.innovation.access import (
    access_hackathon,
    access_judge,
    access_submission,
    access_team,
)
from salon.innovation.forms.hackathons import (
    ConflictsForm,
    HackathonForm,
    InviteForm,
    JudgeForm,
    RubricForm,
    SubmissionForm,
    TeamForm,
    WinnersForm,
)
from salon.innovation.selectors import boards as board_selectors
from salon.innovation.selectors import hackathons as selectors
from salon.innovation.services.hackathons import (
    HackathonPlan,
    SubmissionText,
    conflicts_declare,
    hackathon_create,
    judge_add,
    judge_remove,
    results_publish,
    submission_attach,
    submission_save,
    team_create,
    team_invite,
    team_join,
    team_leave,
    team_score,
    winners_to_experiment,
)
from salon.innovation.views.common import posted as _posted


def _error(form: Any, exc: ValidationError) -> None:
    field = getattr(exc, "code", None)
    form.add_error(field if field in form.fields else None, exc.messages)


@login_required
def hackathon_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug)
    require(request.user, "hackathon.list", community)
    hackathons = selectors.hackathon_list_for(user=request.user, community=community)
    return render(
        request, "innovation/hackathons.html", {"community": community, "hackathons": hackathons}
    )


@login_required
def hackathon_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    community = access_community(request.user, slug, "hackathon.create")
    events = {e.pk: e for e in selectors.hackathon_events(user=request.user, community=community)}
    challenges = {
        c.pk: c
        for c in board_selectors.challenges_for_board_creation(
            user=request.user, community=community
        )
    }
    form = HackathonForm(
        _posted(request),
        events=[(pk, f"{e.title} · {e.starts_at:%d %b %Y}") for pk, e in events.items()],
        challenges=[(pk, c.title) for pk, c in challenges.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = HackathonPlan(
            event=events[data["event"]],
            challenge=challenges.get(data["challenge"]) if data["challenge"] else None,
            team_min=data["team_min"],
            team_max=data["team_max"],
            teams_until=data["teams_until"],
            submit_until=data["submit_until"],
            judge_until=data["judge_until"],
            prizes=data["prizes"],
            rubric=data["rubric"],
        )
        try:
            hackathon = hackathon_create(actor=request.user, community=community, plan=plan)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The hackathon is set up: teams can form now."))
            return redirect(hackathon.get_absolute_url())
    return render(
        request,
        "innovation/hackathon_form.html",
        {"community": community, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def hackathon_detail(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    hackathon = access_hackathon(request.user, hackathon_id)
    page = selectors.hackathon_page(user=request.user, hackathon=hackathon)
    ideas = selectors.team_ideas(hackathon=hackathon)
    return render(
        request,
        "innovation/hackathon.html",
        {
            "community": hackathon.community,
            "hackathon": hackathon,
            "page": page,
            "team_form": TeamForm(ideas=[(i.pk, i.title) for i in ideas]),
            "may_form": can(request.user, "hackathon.team.create", hackathon),
            "manages": can(request.user, "hackathon.manage", hackathon),
            "sees_results": can(request.user, "hackathon.results", hackathon),
        },
    )


@login_required
@require_POST
def team_new(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.team.create")
    ideas = {i.pk: i for i in selectors.team_ideas(hackathon=hackathon)}
    form = TeamForm(request.POST, ideas=[(pk, i.title) for pk, i in ideas.items()])
    if form.is_valid():
        try:
            team = team_create(
                actor=request.user,
                hackathon=hackathon,
                name=form.cleaned_data["name"],
                idea=ideas.get(form.cleaned_data["idea"]) if form.cleaned_data["idea"] else None,
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Your team is formed: others can join it now."))
            return redirect(team.get_absolute_url())
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect(hackathon.get_absolute_url())


def _team_action(
    request: AuthenticatedHttpRequest, team: Any, action: Any, done: str
) -> HttpResponse:
    try:
        action(actor=request.user, team=team)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(team.hackathon.get_absolute_url())


@login_required
@require_POST
def team_join_view(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id, "hackathon.team.join")
    return _team_action(request, team, team_join, _("You joined the team."))


@login_required
@require_POST
def team_leave_view(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id, "hackathon.team.leave")
    return _team_action(request, team, team_leave, _("You left the team."))


@login_required
def team_invite_view(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    """The captain invites someone still looking for a team; they are told, and join."""
    team = access_team(request.user, team_id, "hackathon.team.invite")
    hackathon = team.hackathon
    people = {u.pk: u for u in selectors.people_without_team(hackathon=hackathon)}
    form = InviteForm(_posted(request), people=[(pk, u.display_name) for pk, u in people.items()])
    if request.method == "POST" and form.is_valid():
        try:
            team_invite(actor=request.user, team=team, user=people[form.cleaned_data["user"]])
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The invitation is sent: they can join from the page."))
            return redirect("innovation:team_invite", team.pk)
    return render(
        request,
        "innovation/team_invite.html",
        {"community": hackathon.community, "hackathon": hackathon, "team": team, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def submission(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    """The team's submission: its page for everyone, its form for the team."""
    team = access_team(request.user, team_id)
    hackathon = team.hackathon
    current = access_submission(request.user, team)
    edits = can(request.user, "hackathon.submit", team)
    initial = {}
    if current is not None:
        initial = {
            f: getattr(current, f) for f in ("pitch", "repository_url", "demo_url", "video_url")
        }
    form = SubmissionForm(_posted(request) if edits else None, initial=initial)
    if request.method == "POST":
        require(request.user, "hackathon.submit", team)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submission_save(
                    actor=request.user,
                    team=team,
                    text=SubmissionText(
                        pitch=data["pitch"],
                        repository_url=data["repository_url"],
                        demo_url=data["demo_url"],
                        video_url=data["video_url"],
                    ),
                    files=request.FILES.getlist("files"),
                )
            except ValidationError as exc:
                _error(form, exc)
            else:
                messages.success(
                    request, _("Your submission is saved. You can change it until the deadline.")
                )
                return redirect("innovation:submission", team.pk)
    return render(
        request,
        "innovation/submission.html",
        {
            "community": hackathon.community,
            "hackathon": hackathon,
            "team": team,
            "submission": current,
            "files": attachments_for(request.user, current) if current is not None else [],
            "form": form if edits else None,
            "late": not hackathon.accepts_submissions,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def submission_file_add(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id, "hackathon.submit")
    current = access_submission(request.user, team, required=True)
    assert current is not None
    return file_add(
        request,
        owner=current,
        add=lambda upload: submission_attach(actor=request.user, submission=current, upload=upload),
        added=_("“%(name)s” is added to the submission."),
    )


@login_required
@require_POST
def submission_file_remove(
    request: AuthenticatedHttpRequest, team_id: int, file_id: int
) -> HttpResponse:
    team = access_team(request.user, team_id, "hackathon.submit")
    current = access_submission(request.user, team, required=True)
    return file_remove(request, owner=current, file_id=file_id)


@login_required
def judges(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.manage")
    candidates = {u.pk: u for u in selectors.judge_candidates(hackathon=hackathon)}
    form = JudgeForm(
        _posted(request), people=[(pk, u.display_name) for pk, u in candidates.items()]
    )
    if request.method == "POST" and form.is_valid():
        try:
            judge_add(
                actor=request.user, hackathon=hackathon, user=candidates[form.cleaned_data["user"]]
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The judge is added."))
            return redirect("innovation:judges", hackathon.pk)
    page = selectors.hackathon_page(user=request.user, hackathon=hackathon)
    return render(
        request,
        "innovation/judges.html",
        {"community": hackathon.community, "hackathon": hackathon, "page": page, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def judge_remove_view(request: AuthenticatedHttpRequest, judge_id: int) -> HttpResponse:
    judge = access_judge(request.user, judge_id)
    judge_remove(actor=request.user, judge=judge)
    messages.success(request, _("The judge is removed; their scores go with them."))
    return redirect("innovation:judges", judge.hackathon_id)


@login_required
def conflicts(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.conflicts")
    judge = selectors.judge_of(user=request.user, hackathon=hackathon)
    assert judge is not None
    people = {
        u.pk: u for u in selectors.community_people(hackathon=hackathon) if u.pk != request.user.pk
    }
    form = ConflictsForm(
        _posted(request),
        initial={"people": selectors.declared_conflicts(judge=judge)},
        people=[(pk, u.display_name) for pk, u in people.items()],
    )
    if request.method == "POST" and form.is_valid():
        chosen = [people[pk] for pk in form.cleaned_data["people"]]
        conflicts_declare(actor=request.user, hackathon=hackathon, people=chosen)
        messages.success(request, _("Noted: you will not score their teams."))
        return redirect(hackathon.get_absolute_url())
    return render(
        request,
        "innovation/conflicts.html",
        {"community": hackathon.community, "hackathon": hackathon, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def score(request: AuthenticatedHttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id, "hackathon.judge")
    hackathon = team.hackathon
    judge = selectors.judge_of(user=request.user, hackathon=hackathon)
    assert judge is not None
    page = selectors.hackathon_page(user=request.user, hackathon=hackathon)
    card = selectors.scorecard_of(judge=judge, team=team)
    initial: dict[str, Any] = {}
    if card is not None:
        initial = {f"c{s.criterion_id}": str(s.value) for s in card.scores.all()}
        initial["comment"] = card.comment
    form = RubricForm(_posted(request), initial=initial, criteria=page.criteria)
    if request.method == "POST" and form.is_valid():
        try:
            team_score(
                actor=request.user,
                team=team,
                values=form.values(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect(hackathon.get_absolute_url())
    return render(
        request,
        "innovation/team_score.html",
        {
            "community": hackathon.community,
            "hackathon": hackathon,
            "team": team,
            "submission": access_submission(request.user, team),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def results(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.results")
    return render(
        request,
        "innovation/results.html",
        {
            "community": hackathon.community,
            "hackathon": hackathon,
            "results": selectors.results_for(hackathon=hackathon),
            "manages": can(request.user, "hackathon.manage", hackathon),
        },
    )


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.manage")
    try:
        results_publish(actor=request.user, hackathon=hackathon)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The results are announced to everyone in the hackathon."))
    return redirect("innovation:results", hackathon.pk)


@login_required
def winners(request: AuthenticatedHttpRequest, hackathon_id: int) -> HttpResponse:
    """The organisers move the winning teams' ideas into the pipeline at "experiment"."""
    hackathon = access_hackathon(request.user, hackathon_id, "hackathon.manage")
    found = selectors.winner_candidates(hackathon=hackathon)
    teams = {team.pk: team for _standing, team in found.rows}
    form = WinnersForm(
        _posted(request),
        teams=[(team.pk, f"{s.rank}. {team}: {team.idea}") for s, team in found.rows],
    )
    if request.method == "POST" and form.is_valid():
        chosen = [teams[pk] for pk in form.cleaned_data["teams"]]
        try:
            moves = winners_to_experiment(
                actor=request.user,
                hackathon=hackathon,
                teams=chosen,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s idea moved to the experiment stage.",
                    "%(n)s ideas moved to the experiment stage.",
                    len(moves),
                )
                % {"n": len(moves)},
            )
            return redirect("innovation:results", hackathon.pk)
    return render(
        request,
        "innovation/winners.html",
        {
            "community": hackathon.community,
            "hackathon": hackathon,
            "form": form,
            "stage": found.stage,
            "moved": found.moved,
        },
        status=400 if form.errors else 200,
    )
