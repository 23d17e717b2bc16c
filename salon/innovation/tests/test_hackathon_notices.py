"""What a hackathon tells people: a team hears who joins it and whom its captain invites,
teams are reminded of the deadline a day ahead (once per deadline), judges hear they were
asked and, when judging opens, how many teams are theirs; everyone who took part hears
when the results are announced."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.header import decode_header, make_header
from typing import Any

from django.test import TestCase
from django.utils import timezone

from conftest import client_for, join, make_user
from salon.communities.models import Role
from salon.innovation.models import Hackathon
from salon.innovation.services.hackathons import (
    SubmissionText,
    judge_add,
    submission_save,
    team_create,
    team_join,
    team_score,
)
from salon.innovation.tasks import hackathon_deadlines_send_due
from salon.innovation.tests.hackathon_world import set_phase, whole_rubric
from salon.notifications.models import Notification


def _run(now: datetime) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return hackathon_deadlines_send_due(now=now)


def _kinds(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_captain_hears_who_joins_and_the_joiner_does_not(
    hackathon: Hackathon, people: list[Any], smtp_inbox: Any
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")

    response = client_for(people[1]).post(f"/teams/{team.pk}/join/")

    assert response.status_code == 302
    notice = Notification.objects.get(recipient=people[0], kind="innovation.team_joined")
    assert notice.url == team.get_absolute_url()
    assert _kinds(people[1]) == []
    [message] = smtp_inbox.messages
    assert message["X-Rcpt-To"] == people[0].email
    assert "Hacker 1 joined your team “Night Owls”" in str(
        make_header(decode_header(message["Subject"]))
    )


def test_a_captain_invites_someone_without_a_team_who_then_joins(
    hackathon: Hackathon, people: list[Any]
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_create(actor=people[2], hackathon=hackathon, name="Early Birds")
    captain = client_for(people[0])

    page = captain.get(f"/teams/{team.pk}/invite/").content.decode()
    assert "Hacker 1" in page
    assert "Hacker 2" not in page  # in a team already
    response = captain.post(f"/teams/{team.pk}/invite/", {"user": people[1].pk})

    assert response.status_code == 302
    notice = Notification.objects.get(recipient=people[1], kind="innovation.team_invited")
    assert notice.url == team.get_absolute_url()
    assert client_for(people[1]).post(f"/teams/{team.pk}/join/").status_code == 302
    # Someone who is not the captain may not invite.
    assert client_for(people[1]).get(f"/teams/{team.pk}/invite/").status_code == 403


def test_a_captain_cannot_invite_someone_already_in_a_team(
    hackathon: Hackathon, people: list[Any]
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_create(actor=people[2], hackathon=hackathon, name="Early Birds")

    response = client_for(people[0]).post(f"/teams/{team.pk}/invite/", {"user": people[2].pk})

    assert response.status_code == 400
    assert not Notification.objects.filter(kind="innovation.team_invited").exists()


def test_teams_are_reminded_of_the_deadline_a_day_ahead_once(
    hackathon: Hackathon, people: list[Any], director: Any
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)
    deadline = hackathon.submit_until

    assert _run(deadline - timedelta(hours=25)) == 0
    assert _run(deadline - timedelta(hours=23)) == 2
    assert _run(deadline - timedelta(hours=22)) == 0  # once per deadline

    assert _kinds(people[0]) == ["innovation.submission_due"]
    assert _kinds(director) == []  # in no team
    # A deadline moved later is reminded once more.
    Hackathon.objects.filter(pk=hackathon.pk).update(
        submit_until=deadline + timedelta(hours=12), judge_until=deadline + timedelta(days=2)
    )
    assert _run(deadline - timedelta(hours=11)) == 2
    assert Notification.objects.filter(kind="innovation.submission_due").count() == 4


def test_no_reminder_once_the_deadline_is_an_hour_away(
    hackathon: Hackathon, people: list[Any]
) -> None:
    team_create(actor=people[0], hackathon=hackathon, name="Night Owls")

    assert _run(hackathon.submit_until - timedelta(minutes=30)) == 0
    assert not Notification.objects.filter(kind="innovation.submission_due").exists()


def test_a_judge_is_told_when_asked_and_when_judging_opens_with_their_teams(
    hackathon: Hackathon, people: list[Any], director: Any, expert: Any, community: Any
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        judge_add(actor=director, hackathon=hackathon, user=expert)
    asked = Notification.objects.get(recipient=expert, kind="innovation.judge_added")
    assert asked.url == f"/hackathons/{hackathon.pk}/conflicts/"
    for n, name in enumerate(["Night Owls", "Early Birds"]):
        team = team_create(actor=people[2 * n], hackathon=hackathon, name=name)
        team_join(actor=people[2 * n + 1], team=team)
    set_phase(hackathon, "build")
    for team in hackathon.teams.all():
        submission_save(actor=team.captain, team=team, text=SubmissionText(pitch="Built it."))
    set_phase(hackathon, "judging")

    assert _run(timezone.now()) == 1
    assert _run(timezone.now()) == 0

    notice = Notification.objects.get(recipient=expert, kind="innovation.judging_open")
    assert notice.data["count"] == 2
    assert notice.url == hackathon.get_absolute_url()


def test_everyone_who_took_part_hears_the_results_and_nobody_else(
    hackathon: Hackathon, people: list[Any], director: Any, expert: Any, member: Any
) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    team_join(actor=people[1], team=team)
    judge_add(actor=director, hackathon=hackathon, user=expert)
    set_phase(hackathon, "build")
    submission_save(actor=people[0], team=team, text=SubmissionText(pitch="Built it."))
    set_phase(hackathon, "judging")
    team_score(actor=expert, team=team, values=whole_rubric(hackathon, 4))

    response = client_for(director).post(f"/hackathons/{hackathon.pk}/publish/")

    assert response.status_code == 302
    told = set(
        Notification.objects.filter(kind="innovation.results_announced").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {people[0].pk, people[1].pk, expert.pk}
    assert _kinds(member) == []


def test_an_outsider_invited_by_id_is_refused(hackathon: Hackathon, people: list[Any]) -> None:
    team = team_create(actor=people[0], hackathon=hackathon, name="Night Owls")
    stranger = make_user("stranger@else.test", "Stranger")
    join(stranger, hackathon.community, Role.GUEST)

    response = client_for(people[0]).post(f"/teams/{team.pk}/invite/", {"user": stranger.pk})

    assert response.status_code == 400
    assert not Notification.objects.filter(recipient=stranger).exists()
