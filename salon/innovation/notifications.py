"""What the innovation lab tells people: an idea's authors hear when it moves stage, and a
hackathon's teams and judges hear what concerns them (see the hackathons part below)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from salon.accounts.models import User
from salon.core.permissions import can
from salon.innovation.models import Hackathon, IdeaAuthor, Judge, StageMove, Team, TeamMember
from salon.notifications.registry import Delivery, register_kind
from salon.notifications.services import notify

IDEA_MOVED = "innovation.idea_moved"


def _may_see_idea(user: Any, idea: Any) -> bool:
    return can(user, "idea.view", idea)


register_kind(
    IDEA_MOVED,
    label=gettext_lazy("Your idea moves to another stage"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("“%(idea)s” moved from %(from)s to %(to)s: %(note)s") % data,
    may_see=_may_see_idea,
)


def idea_moved(*, move_id: int, actor_id: int) -> None:
    move = (
        StageMove.objects.select_related(
            "idea__challenge", "idea__circle", "from_stage", "to_stage"
        )
        .filter(pk=move_id)
        .first()
    )
    if move is None:
        return
    idea = move.idea
    authors = list(IdeaAuthor.objects.filter(idea=idea).values_list("user_id", flat=True))
    notify(
        authors,
        IDEA_MOVED,
        idea,
        actor=User.objects.filter(pk=actor_id).first(),
        data={
            "idea": idea.title,
            "from": move.from_stage.name if move.from_stage else "",
            "to": move.to_stage.name,
            "note": move.note[:300],
        },
        key=f"{IDEA_MOVED}:{move.pk}",
    )


# Hackathons --------------------------------------------------------------------------------
# Teams hear who joins them and who is invited; teams are reminded of the submission
# deadline a day ahead; judges hear they were asked, and which teams are theirs once
# judging opens; everyone who took part hears when the results are announced.

TEAM_JOINED = "innovation.team_joined"
TEAM_INVITED = "innovation.team_invited"
SUBMISSION_DUE = "innovation.submission_due"
JUDGE_ADDED = "innovation.judge_added"
JUDGING_OPEN = "innovation.judging_open"
RESULTS_ANNOUNCED = "innovation.results_announced"

# Reminded from a day before the deadline; a scheduler that was down still reminds until
# an hour before it, never later.
SUBMISSION_REMINDER_LEAD = timedelta(hours=24)
SUBMISSION_REMINDER_LATEST = timedelta(hours=1)
# A reminder in tomorrow's digest would come after the deadline: at once, or not at all.
DEADLINE_DELIVERIES = (Delivery.IMMEDIATE, Delivery.OFF)


def _may_see_team(user: Any, team: Any) -> bool:
    return can(user, "hackathon.view", team.hackathon)


def _may_see_hackathon(user: Any, hackathon: Any) -> bool:
    return can(user, "hackathon.view", hackathon)


def _may_see_results(user: Any, hackathon: Any) -> bool:
    return can(user, "hackathon.results", hackathon)


def _deadline(data: Mapping[str, Any]) -> str:
    when = timezone.localtime(datetime.fromisoformat(data["when"]))
    return date_format(when, "DAY_MONTH_YEAR_TIME")


register_kind(
    TEAM_JOINED,
    label=gettext_lazy("Someone joins your hackathon team"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("%(actor)s joined your team “%(team)s” in %(hackathon)s.") % data,
    may_see=_may_see_team,
)
register_kind(
    TEAM_INVITED,
    label=gettext_lazy("A team captain invites you to their hackathon team"),
    default=Delivery.IMMEDIATE,
    line=lambda data: (
        _("%(actor)s invites you to join the team “%(team)s” in %(hackathon)s.") % data
    ),
    may_see=_may_see_team,
)
register_kind(
    SUBMISSION_DUE,
    label=gettext_lazy("Your hackathon team's submission is due tomorrow"),
    default=Delivery.IMMEDIATE,
    deliveries=DEADLINE_DELIVERIES,
    line=lambda data: (
        _(
            "“%(hackathon)s”: submissions close on %(deadline)s. Your team can change its work "
            "until then, not after."
        )
        % {**data, "deadline": _deadline(data)}
    ),
    may_see=_may_see_hackathon,
)
register_kind(
    JUDGE_ADDED,
    label=gettext_lazy("You are asked to judge a hackathon"),
    default=Delivery.IMMEDIATE,
    line=lambda data: (
        _(
            "%(actor)s asked you to judge “%(hackathon)s”. Name anyone you have a conflict of "
            "interest with before judging opens."
        )
        % data
    ),
    may_see=_may_see_hackathon,
)
register_kind(
    JUDGING_OPEN,
    label=gettext_lazy("Judging opens, with the teams you are assigned"),
    default=Delivery.IMMEDIATE,
    line=lambda data: (
        ngettext(
            "Judging of “%(hackathon)s” is open: %(count)s team is assigned to you.",
            "Judging of “%(hackathon)s” is open: %(count)s teams are assigned to you.",
            data["count"],
        )
        % data
    ),
    may_see=_may_see_hackathon,
)
register_kind(
    RESULTS_ANNOUNCED,
    label=gettext_lazy("The results of a hackathon you took part in are announced"),
    default=Delivery.IMMEDIATE,
    line=lambda data: _("The results of “%(hackathon)s” are announced.") % data,
    may_see=_may_see_results,
)


def _team(team_id: int) -> Team | None:
    return (
        Team.objects.select_related(
            "hackathon__event__circle", "hackathon__event__community", "hackathon__community"
        )
        .filter(pk=team_id)
        .first()
    )


def _hackathon(hackathon_id: int) -> Hackathon | None:
    return (
        Hackathon.objects.select_related("event__circle", "event__community", "community")
        .filter(pk=hackathon_id)
        .first()
    )


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id else None


def team_joined(*, member_id: int) -> None:
    member = TeamMember.objects.filter(pk=member_id).values_list("team_id", "user_id").first()
    team = _team(member[0]) if member else None
    if member is None or team is None:
        return
    notify(
        TeamMember.objects.filter(team=team).values_list("user_id", flat=True),
        TEAM_JOINED,
        team,
        actor=_user(member[1]),
        data={"team": team.name, "hackathon": str(team.hackathon)},
        key=f"{TEAM_JOINED}:{member_id}",
    )


def team_invited(*, team_id: int, user_id: int, actor_id: int) -> None:
    team = _team(team_id)
    if team is None:
        return
    notify(
        [user_id],
        TEAM_INVITED,
        team,
        actor=_user(actor_id),
        data={"team": team.name, "hackathon": str(team.hackathon)},
        key=f"{TEAM_INVITED}:{team_id}:{user_id}",
    )


def judge_added(*, judge_id: int, actor_id: int) -> None:
    judge = Judge.objects.filter(pk=judge_id).first()
    hackathon = _hackathon(judge.hackathon_id) if judge else None
    if judge is None or hackathon is None:
        return
    notify(
        [judge.user_id],
        JUDGE_ADDED,
        hackathon,
        actor=_user(actor_id),
        data={"hackathon": str(hackathon)},
        url=reverse("innovation:conflicts", args=[hackathon.pk]),
        key=f"{JUDGE_ADDED}:{judge_id}",
    )


def results_announced(*, hackathon_id: int, actor_id: int) -> None:
    hackathon = _hackathon(hackathon_id)
    if hackathon is None:
        return
    people = set(TeamMember.objects.filter(hackathon=hackathon).values_list("user_id", flat=True))
    people |= set(Judge.objects.filter(hackathon=hackathon).values_list("user_id", flat=True))
    notify(
        sorted(people),
        RESULTS_ANNOUNCED,
        hackathon,
        actor=_user(actor_id),
        data={"hackathon": str(hackathon)},
        url=reverse("innovation:results", args=[hackathon.pk]),
    )


def submission_due(*, hackathon: Hackathon) -> int:
    """Remind every team member of the deadline (the job has claimed it)."""
    return notify(
        TeamMember.objects.filter(hackathon=hackathon).values_list("user_id", flat=True),
        SUBMISSION_DUE,
        hackathon,
        data={"hackathon": str(hackathon), "when": hackathon.submit_until.isoformat()},
        key=f"{SUBMISSION_DUE}:{hackathon.pk}:{hackathon.submit_until.isoformat()}",
    )


def judging_open(*, hackathon: Hackathon) -> int:
    """Tell each judge how many teams the balanced assignment gives them."""
    from salon.innovation.selectors.hackathons import assignment, hackathon_teams

    teams = hackathon_teams(hackathon=hackathon)
    judges = list(Judge.objects.filter(hackathon=hackathon))
    plan = assignment(hackathon=hackathon, teams=teams, judges=judges)
    told = 0
    for judge in judges:
        told += notify(
            [judge.user_id],
            JUDGING_OPEN,
            hackathon,
            data={"hackathon": str(hackathon), "count": len(plan.get(judge.pk, []))},
            key=f"{JUDGING_OPEN}:{hackathon.pk}:{judge.pk}",
        )
    return told
