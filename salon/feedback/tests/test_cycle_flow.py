"""A 360° cycle from opening to the report, through the pages, with what each person sees."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.core.models import AuditEvent
from salon.feedback.models import Cycle, Nomination, Participant, Response
from salon.feedback.tests.conftest import answer, nominate_and_approve, open_cycle
from salon.goals.models import Competency, Goal
from salon.notifications.models import Notification


def _form(community: Any, **changes: Any) -> dict[str, Any]:
    competencies = Competency.objects.filter(community=community)[:2]
    data: dict[str, Any] = {
        "title": "Autumn 360",
        "competencies": [c.pk for c in competencies],
        "scale": "Rarely\nSometimes\nOften\nUsually\nAlways",
        "question_1": "Keep doing?",
        "question_2": "Do differently?",
        "opens_on": "2030-01-06",
        "nominations_close_on": "2030-01-13",
        "closes_on": "2030-02-03",
        "threshold": 3,
    }
    data.update(changes)
    return data


def test_a_facilitator_opens_a_cycle_for_a_circle_and_its_members_are_asked_to_nominate(
    facilitator: Any, member: Any, circle: Any, community: Any
) -> None:
    response = client_for(facilitator).post(
        f"/c/{community.slug}/feedback/new/", _form(community, circle=circle.pk)
    )

    assert response.status_code == 302
    cycle = Cycle.objects.get()
    assert list(cycle.participants.values_list("person", flat=True)) == [member.pk]
    assert Nomination.objects.get().group == "self"
    assert Notification.objects.filter(recipient=member, kind="feedback.nominate").exists()


def test_a_facilitator_cannot_lower_or_raise_the_threshold_but_a_director_can_raise_it(
    facilitator: Any, director: Any, member: Any, community: Any
) -> None:
    lowered = client_for(director).post(
        f"/c/{community.slug}/feedback/new/", _form(community, people=[member.pk], threshold=2)
    )
    raised = client_for(facilitator).post(
        f"/c/{community.slug}/feedback/new/", _form(community, people=[member.pk], threshold=4)
    )
    assert lowered.status_code == 400
    assert raised.status_code == 400
    assert "Only a director" in raised.content.decode()
    assert not Cycle.objects.exists()

    ok = client_for(director).post(
        f"/c/{community.slug}/feedback/new/", _form(community, people=[member.pk], threshold=4)
    )
    assert ok.status_code == 302
    assert Cycle.objects.get().threshold == 4


def test_a_cycle_needs_two_or_three_questions_and_dates_in_order(
    director: Any, member: Any, community: Any
) -> None:
    response = client_for(director).post(
        f"/c/{community.slug}/feedback/new/",
        _form(community, people=[member.pk], question_2="", closes_on="2030-01-01"),
    )

    assert response.status_code == 400
    assert not Cycle.objects.exists()


def test_raters_answer_anonymously_and_the_member_reads_a_report_without_the_hidden_group(
    director: Any, member: Any, community: Any, peers: list[Any], facilitator: Any
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    nominate_and_approve(
        director,
        participant,
        {"manager": [facilitator], "peers": peers[:3], "others": [peers[3]]},
    )
    items = list(cycle.items.values_list("pk", flat=True))
    answer(member, participant, dict.fromkeys(items, 5), "I am great")
    answer(facilitator, participant, dict.fromkeys(items, 3), "Manager speaking")
    for peer in peers[:3]:
        answer(peer, participant, dict.fromkeys(items, 2), f"Peer note {peer.pk}")
    answer(peers[3], participant, dict.fromkeys(items, 1), "Lonely other")

    client = client_for(director)
    client.post(f"/feedback/cycles/{cycle.pk}/close/")

    page = client_for(member).get(f"/feedback/reports/{participant.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Blind spot" in text
    assert "Lonely other" not in text
    assert "Not shown: Others" in text
    assert f"Peer note {peers[0].pk}" in text
    assert peers[0].display_name not in text
    assert AuditEvent.objects.filter(action="feedback.report.opened", actor=member).exists()
    # The answers are stored without their raters, and the audit log names none of them.
    assert not any(f.name == "rater" for f in Response._meta.get_fields())
    assert not AuditEvent.objects.filter(
        action="feedback.response.received", actor__isnull=False
    ).exists()


def test_the_director_cannot_read_a_persons_report_but_a_mentor_they_share_with_can(
    director: Any, member: Any, community: Any, facilitator: Any
) -> None:
    from datetime import date

    from django.utils import timezone

    from salon.mentoring.models import Mentorship, Programme

    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    client_for(director).post(f"/feedback/cycles/{cycle.pk}/close/")
    url = f"/feedback/reports/{participant.pk}/"
    assert client_for(director).get(url).status_code == 404
    assert client_for(facilitator).get(url).status_code == 404

    programme = Programme.objects.create(
        community=community, name="M", starts_on=date(2030, 1, 1), ends_on=date(2030, 6, 1)
    )
    Mentorship.objects.create(
        programme=programme, mentee=member, mentor=facilitator, started_at=timezone.now()
    )
    shared = client_for(member).post(f"{url}share/", {"mentor": facilitator.pk})

    assert shared.status_code == 302
    assert client_for(facilitator).get(url).status_code == 200
    assert Notification.objects.filter(
        recipient=facilitator, kind="feedback.report_shared"
    ).exists()


def test_a_rater_saves_a_draft_then_sends_once_and_cannot_send_again(
    director: Any, member: Any, community: Any, peers: list[Any]
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    nominate_and_approve(director, participant, {"peers": peers[:3]})
    nomination = Nomination.objects.get(participant=participant, rater=peers[0])
    items = list(cycle.items.values_list("pk", flat=True))
    client = client_for(peers[0])
    url = f"/feedback/answer/{nomination.pk}/"

    page = client.get(url)
    assert "anonymous" in page.content.decode()
    draft = {f"score-{items[0]}": "4", "comment-0": "Half done", "action": "draft"}
    assert client.post(url, draft).status_code == 302
    assert not Response.objects.exists()
    assert "Half done" in client.get(url).content.decode()

    incomplete = client.post(url, {**draft, "action": "send"})
    assert incomplete.status_code == 400
    assert not Response.objects.exists()

    full = {f"score-{i}": "4" for i in items} | {"action": "send", "comment-0": "Done"}
    full[f"score-{items[1]}"] = "not_observed"
    assert client.post(url, full).status_code == 302
    stored = Response.objects.get()
    assert stored.scores[str(items[1])] is None
    assert stored.group == "peers"
    assert client.post(url, full).status_code == 403
    assert Response.objects.count() == 1


def test_nobody_else_opens_a_raters_form(
    director: Any, member: Any, community: Any, peers: list[Any]
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    nominate_and_approve(director, participant, {"peers": peers[:3]})
    nomination = Nomination.objects.get(participant=participant, rater=peers[0])

    for other in (member, director, peers[1]):
        assert client_for(other).get(f"/feedback/answer/{nomination.pk}/").status_code == 404


def test_a_member_cannot_send_a_list_short_of_the_minimum(
    director: Any, member: Any, community: Any, peers: list[Any]
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    client = client_for(member)
    client.post(participant.get_nominate_url(), {"rater": peers[0].pk, "group": "peers"})

    client.post(f"/feedback/people/{participant.pk}/raters/submit/")

    participant.refresh_from_db()
    assert participant.nominations_status == "draft"
    assert participant.nominations.count() == 2


def test_a_blind_spot_becomes_a_private_goal_in_one_click(
    director: Any, member: Any, community: Any, peers: list[Any]
) -> None:
    cycle = open_cycle(director, community, [member])
    participant = Participant.objects.get(cycle=cycle)
    nominate_and_approve(director, participant, {"peers": peers[:3]})
    items = list(cycle.items.select_related("competency"))
    answer(member, participant, {i.pk: 5 for i in items})
    for peer in peers[:3]:
        answer(peer, participant, {i.pk: 2 for i in items})
    client_for(director).post(f"/feedback/cycles/{cycle.pk}/close/")

    url = f"/feedback/reports/{participant.pk}/goal/"
    response = client_for(member).post(url, {"competency": items[0].competency_id})

    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == goal.get_absolute_url()
    assert goal.competency_id == items[0].competency_id
    assert goal.visibility == "only_me"
    client_for(member).post(url, {"competency": items[0].competency_id})
    assert Goal.objects.count() == 1
