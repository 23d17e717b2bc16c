"""Writes to hackathons: setting one up for a hackathon-format event, teams (form, join,
leave, within the size range), a team's submission (refused after the deadline, with
why), judges and their declared conflicts, scores on the rubric, and publishing results.

A team's size is checked with the team's row locked, and one team per person is a
database constraint, so concurrent joins never overfill a team or put someone in two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salon.communities.models import PARTICIPANT_ROLES
from salon.communities.roles import membership_of
from salon.core.attachments import attach
from salon.core.audit import audit
from salon.core.permissions import require
from salon.innovation.calibration import weighted_total
from salon.innovation.models import (
    Hackathon,
    HackathonCriterion,
    Idea,
    IdeaAuthor,
    Judge,
    Stage,
    StageMove,
    Submission,
    Team,
    TeamMember,
    TeamScore,
    TeamScorecard,
)
from salon.innovation.services.pipeline import idea_move, stages_ensure
from salon.innovation.tasks import (
    send_judge_added,
    send_results_announced,
    send_team_invited,
    send_team_joined,
)

DEFAULT_RUBRIC = [("Value to customers", 40), ("Working demo", 30), ("Originality", 30)]


@dataclass(frozen=True)
class HackathonPlan:
    event: Any
    teams_until: datetime
    submit_until: datetime
    judge_until: datetime
    challenge: Any = None
    team_min: int = 2
    team_max: int = 5
    prizes: str = ""
    rubric: Sequence[tuple[str, int]] = ()


@transaction.atomic
def hackathon_create(*, actor: Any, community: Any, plan: HackathonPlan) -> Hackathon:
    require(actor, "hackathon.create", community)
    event = plan.event
    if event.community_id != community.pk or event.format.slug != "hackathon":
        raise ValidationError(_("Choose one of this community's hackathon events."), code="event")
    if plan.challenge is not None and plan.challenge.community_id != community.pk:
        raise ValidationError(_("Choose a challenge of this community."), code="challenge")
    if not 1 <= plan.team_min <= plan.team_max <= 20:
        raise ValidationError(
            _("Teams have between 1 and 20 people, the smallest no larger than the largest."),
            code="team_min",
        )
    if not plan.teams_until <= plan.submit_until <= plan.judge_until:
        raise ValidationError(
            _("The phases follow each other: teams, then submissions, then judging."),
            code="teams_until",
        )
    hackathon = Hackathon.objects.create(
        event=event,
        community=community,
        challenge=plan.challenge,
        team_min=plan.team_min,
        team_max=plan.team_max,
        teams_until=plan.teams_until,
        submit_until=plan.submit_until,
        judge_until=plan.judge_until,
        prizes=(plan.prizes or "").strip()[:4000],
        created_by=actor,
    )
    rubric = list(plan.rubric) or DEFAULT_RUBRIC
    if len({name for name, _w in rubric}) != len(rubric) or any(w < 1 for _n, w in rubric):
        raise ValidationError(_("Name each criterion once, with a weight of 1 or more."))
    HackathonCriterion.objects.bulk_create(
        HackathonCriterion(hackathon=hackathon, name=name[:80], weight=weight, position=n)
        for n, (name, weight) in enumerate(rubric)
    )
    audit("innovation.hackathon.created", actor=actor, target=hackathon, event=event.pk)
    return hackathon


def _team_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Name the team."), code="name")
    if len(name) > 80:
        raise ValidationError(_("A team's name has at most 80 characters."), code="name")
    return name


def _already_in_a_team() -> ValidationError:
    return ValidationError(
        _("You are already in a team of this hackathon: leave it first."), code="team"
    )


@transaction.atomic
def team_create(*, actor: Any, hackathon: Hackathon, name: str, idea: Any = None) -> Team:
    """A new team with ``actor`` as its captain and first member."""
    require(actor, "hackathon.team.create", hackathon)
    name = _team_name(name)
    if idea is not None and idea.challenge_id != hackathon.challenge_id:
        raise ValidationError(_("Choose one of the challenge's ideas."), code="idea")
    if Team.objects.filter(hackathon=hackathon, name__iexact=name).exists():
        raise ValidationError(_("Another team has that name."), code="name")
    team = Team.objects.create(hackathon=hackathon, name=name, idea=idea, captain=actor)
    try:
        with transaction.atomic():
            TeamMember.objects.create(team=team, hackathon=hackathon, user=actor)
    except IntegrityError:
        raise _already_in_a_team() from None
    team.member_ids = {actor.pk}  # type: ignore[attr-defined]
    audit("innovation.team.created", actor=actor, target=team, hackathon=hackathon.pk)
    return team


@transaction.atomic
def team_join(*, actor: Any, team: Team) -> TeamMember:
    require(actor, "hackathon.team.join", team)
    hackathon = team.hackathon
    # The team's row is locked: joins of one team queue, and its size is read after
    # the last of them.
    Team.objects.select_for_update().filter(pk=team.pk).first()
    size = TeamMember.objects.filter(team=team).count()
    if size >= hackathon.team_max:
        raise ValidationError(
            _("This team is full: %(n)s people at most.") % {"n": hackathon.team_max},
            code="team",
        )
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, hackathon=hackathon, user=actor)
    except IntegrityError:
        raise _already_in_a_team() from None
    team.__dict__.pop("member_ids", None)  # the rules read the members afresh
    audit("innovation.team.joined", actor=actor, target=team)
    transaction.on_commit(lambda: send_team_joined.enqueue(member_id=member.pk), robust=True)
    return member


@transaction.atomic
def team_invite(*, actor: Any, team: Team, user: Any) -> None:
    """The captain invites someone without a team to join theirs (they join as anyone does,
    while there is room)."""
    require(actor, "hackathon.team.invite", team)
    hackathon = team.hackathon
    membership = membership_of(user, hackathon.community_id)
    if membership is None or membership.role not in PARTICIPANT_ROLES or user.pk == actor.pk:
        raise ValidationError(_("Invite a participant of this community."), code="user")
    if TeamMember.objects.filter(hackathon=hackathon, user=user).exists():
        raise ValidationError(_("They are in a team of this hackathon already."), code="user")
    audit("innovation.team.invited", actor=actor, target=team, invited=user.pk)
    transaction.on_commit(
        lambda: send_team_invited.enqueue(team_id=team.pk, user_id=user.pk, actor_id=actor.pk),
        robust=True,
    )


@transaction.atomic
def team_leave(*, actor: Any, team: Team) -> Team | None:
    """Leave the team; its captaincy passes to the longest-standing other member, and a
    team nobody is left in goes (with its submission). Returns the team, or None."""
    require(actor, "hackathon.team.leave", team)
    Team.objects.select_for_update().filter(pk=team.pk).first()
    TeamMember.objects.filter(team=team, user=actor).delete()
    team.__dict__.pop("member_ids", None)
    audit("innovation.team.left", actor=actor, target=team)
    successor = TeamMember.objects.filter(team=team).order_by("joined_at", "pk").first()
    if successor is None:
        team.delete()
        return None
    if team.captain_id == actor.pk:
        team.captain_id = successor.user_id
        team.save(update_fields=["captain"])
    return team


@dataclass(frozen=True)
class SubmissionText:
    pitch: str
    repository_url: str = ""
    demo_url: str = ""
    video_url: str = ""


def _refuse_late(hackathon: Hackathon) -> None:
    if not hackathon.accepts_submissions:
        raise ValidationError(
            _("Submissions closed on %(when)s: this work can no longer be changed.")
            % {
                "when": date_format(
                    timezone.localtime(hackathon.submit_until), "DAY_MONTH_YEAR_TIME"
                )
            },
            code="late",
        )


@transaction.atomic
def submission_save(
    *, actor: Any, team: Team, text: SubmissionText, files: Sequence[Any] = ()
) -> Submission:
    """Create or change the team's submission; refused after the deadline, and for a team
    smaller than the hackathon's smallest."""
    require(actor, "hackathon.submit", team)
    hackathon = team.hackathon
    _refuse_late(hackathon)
    pitch = (text.pitch or "").strip()
    if not pitch:
        raise ValidationError(_("Write the pitch: what you built and for whom."), code="pitch")
    size = TeamMember.objects.filter(team=team).count()
    if size < hackathon.team_min:
        raise ValidationError(
            _("A team needs at least %(n)s people to submit.") % {"n": hackathon.team_min},
            code="pitch",
        )
    submission, created = Submission.objects.update_or_create(
        team=team,
        defaults={
            "pitch": pitch[:10000],
            "repository_url": text.repository_url,
            "demo_url": text.demo_url,
            "video_url": text.video_url,
            "submitted_by": actor,
        },
    )
    submission.team = team
    for upload in files:
        attach(actor=actor, owner=submission, upload=upload)
    if created:
        audit("innovation.submission.created", actor=actor, target=team)
    else:
        audit("innovation.submission.edited", actor=actor, target=team)
    return submission


@transaction.atomic
def submission_attach(*, actor: Any, submission: Submission, upload: Any) -> Any:
    _refuse_late(submission.team.hackathon)
    require(actor, "hackathon.submission.edit", submission)
    return attach(actor=actor, owner=submission, upload=upload)


@transaction.atomic
def judge_add(*, actor: Any, hackathon: Hackathon, user: Any) -> Judge:
    """An expert (or a steward) of the community joins the judges."""
    require(actor, "hackathon.manage", hackathon)
    membership = membership_of(user, hackathon.community_id)
    if membership is None or membership.role not in ("expert", "director", "facilitator"):
        raise ValidationError(_("Judges are the community's experts."), code="user")
    judge, created = Judge.objects.get_or_create(hackathon=hackathon, user=user)
    audit("innovation.judge.added", actor=actor, target=hackathon, judge=user.pk)
    if created:
        transaction.on_commit(
            lambda: send_judge_added.enqueue(judge_id=judge.pk, actor_id=actor.pk), robust=True
        )
    return judge


@transaction.atomic
def judge_remove(*, actor: Any, judge: Judge) -> None:
    require(actor, "hackathon.manage", judge.hackathon)
    audit("innovation.judge.removed", actor=actor, target=judge.hackathon, judge=judge.user_id)
    judge.delete()


@transaction.atomic
def conflicts_declare(*, actor: Any, hackathon: Hackathon, people: Sequence[Any]) -> Judge:
    """The judge names the people they have a conflict of interest with (the whole list)."""
    require(actor, "hackathon.conflicts", hackathon)
    judge = Judge.objects.get(hackathon=hackathon, user=actor)
    judge.conflicts.set([p for p in people if p.pk != actor.pk])
    audit(
        "innovation.conflicts.declared",
        actor=actor,
        target=hackathon,
        people=sorted(p.pk for p in people),
    )
    return judge


@transaction.atomic
def team_score(
    *, actor: Any, team: Team, values: Mapping[int, int], comment: str = ""
) -> TeamScorecard:
    """A judge's scores (1 to 5 per rubric line) for a submitted team."""
    require(actor, "hackathon.judge", team)
    hackathon = team.hackathon
    if not Submission.objects.filter(team=team).exists():
        raise ValidationError(_("This team submitted nothing to score."), code="scores")
    criteria = {c.pk: c for c in HackathonCriterion.objects.filter(hackathon=hackathon)}
    if set(values) != set(criteria):
        raise ValidationError(_("Score every line of the rubric."), code="scores")
    if any(not 1 <= v <= 5 for v in values.values()):
        raise ValidationError(_("Scores go from 1 to 5."), code="scores")
    judge = Judge.objects.get(hackathon=hackathon, user=actor)
    total = weighted_total(values, {pk: c.weight for pk, c in criteria.items()})
    card, _created = TeamScorecard.objects.update_or_create(
        team=team, judge=judge, defaults={"total": total, "comment": comment.strip()[:4000]}
    )
    TeamScore.objects.filter(scorecard=card).delete()
    TeamScore.objects.bulk_create(
        TeamScore(scorecard=card, criterion_id=pk, value=v) for pk, v in values.items()
    )
    audit("innovation.team.scored", actor=actor, target=team, total=round(total, 2))
    return card


@transaction.atomic
def results_publish(*, actor: Any, hackathon: Hackathon) -> Hackathon:
    """Announce the results: everyone who sees the hackathon sees the ranking."""
    require(actor, "hackathon.manage", hackathon)
    if timezone.now() <= hackathon.submit_until:
        raise ValidationError(_("Publish the results once submissions have closed."))
    if not TeamScorecard.objects.filter(team__hackathon=hackathon).exists():
        raise ValidationError(_("No judge has scored a team yet."))
    updated = Hackathon.objects.filter(pk=hackathon.pk, results_published_at=None).update(
        results_published_at=timezone.now()
    )
    hackathon.refresh_from_db(fields=["results_published_at"])
    if updated:
        audit("innovation.hackathon.results_published", actor=actor, target=hackathon)
        transaction.on_commit(
            lambda: send_results_announced.enqueue(hackathon_id=hackathon.pk, actor_id=actor.pk),
            robust=True,
        )
    return hackathon


EXPERIMENT = "experiment"


def experiment_stage(community: Any) -> Stage | None:
    """The pipeline's "experiment" stage, where a hackathon's winners enter it."""
    return next((s for s in stages_ensure(community=community) if s.key == EXPERIMENT), None)


def enters_at_experiment(idea: Any, experiment: Stage) -> bool:
    """An idea still before "experiment" (or parked) can enter it; one at or past it stays."""
    return idea.stage.is_parked or idea.stage.position < experiment.position


@transaction.atomic
def winners_to_experiment(
    *, actor: Any, hackathon: Hackathon, teams: Sequence[Team], note: str
) -> list[StageMove]:
    """Once the results are announced, the winning teams' ideas move to "experiment"
    through the stage's gate (someone it names decides, with the note), and each team's
    members become co-authors of its idea, so they hear of every later move."""
    require(actor, "hackathon.manage", hackathon)
    if hackathon.results_published_at is None:
        raise ValidationError(_("Announce the results first."), code="teams")
    if not teams:
        raise ValidationError(_("Choose the winning teams."), code="teams")
    stage = experiment_stage(hackathon.community)
    if stage is None:
        raise ValidationError(_("This community's pipeline has no experiment stage."))
    ideas = {
        i.pk: i
        for i in Idea.objects.select_related(
            "challenge__community", "challenge__sponsor", "community", "circle__community", "stage"
        ).filter(pk__in=[t.idea_id for t in teams if t.idea_id])
    }
    moves = []
    for team in teams:
        idea = ideas.get(team.idea_id or 0)
        if team.hackathon_id != hackathon.pk or idea is None:
            raise ValidationError(
                _("“%(team)s” formed around no idea: there is nothing to move.")
                % {"team": team.name},
                code="teams",
            )
        if not enters_at_experiment(idea, stage):
            raise ValidationError(
                _("“%(idea)s” is at %(stage)s already.")
                % {"idea": idea.title, "stage": idea.stage.name},
                code="teams",
            )
        members = TeamMember.objects.filter(team=team).values_list("user_id", flat=True)
        IdeaAuthor.objects.bulk_create(
            [IdeaAuthor(idea=idea, user_id=user_id) for user_id in members],
            ignore_conflicts=True,  # authors already stay as they are
        )
        moves.append(idea_move(actor=actor, idea=idea, stage=stage, note=note))
    audit(
        "innovation.hackathon.winners_moved",
        actor=actor,
        target=hackathon,
        teams=[t.pk for t in teams],
        ideas=[m.idea_id for m in moves],
        note=note.strip()[:300],
    )
    return moves
