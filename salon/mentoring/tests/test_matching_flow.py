"""Matching in a programme, as the programme team and the two sides live it: run, review
(why, pin, forbid, swap, re-run), publish, answer, re-solve around accepted pairs, and
mentee choice."""

from __future__ import annotations

from datetime import time, timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import TestCase
from django.utils import timezone

from conftest import join, make_user
from salon.accounts.models import Language, User
from salon.accounts.services import personal_data_export
from salon.communities.models import Community, Role
from salon.core.models import AuditEvent
from salon.mentoring.models import (
    Enrolment,
    ForbiddenPair,
    Match,
    MatchingMode,
    MatchRun,
    MatchStatus,
    Mentorship,
    Programme,
    RunStatus,
    Side,
)
from salon.mentoring.services.answers import answer, expire_answers
from salon.mentoring.services.matching import (
    allow_again,
    forbid,
    pin,
    publish,
    run_matching,
    swap,
)
from salon.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _person(email: str, name: str, community: Community, **fields: Any) -> User:
    fields.setdefault("timezone", "Europe/London")
    user = make_user(email, name, **fields)
    user.languages.set(Language.objects.filter(code="en"))
    join(user, community, Role.MEMBER)
    return user


@pytest.fixture
def cohort(programme: Programme, community: Community, member: User, mentor: User, enrol: Any):
    """Maya (APAC, Tokyo) and Ben (EMEA) want to develop others; Mona (Americas) and Omar
    (EMEA) mentor one each. Ben's manager is Omar: that pair is ruled out."""
    member.timezone = "Asia/Tokyo"
    member.work_start, member.work_end = time(7), time(19)
    member.save()
    omar = _person("omar@acme.test", "Omar Okafor", community, region="emea")
    ben = _person("ben@acme.test", "Ben Brown", community, region="emea", manager=omar)
    enrol(member, programme, Side.MENTEE, ["Developing others"])
    enrol(ben, programme, Side.MENTEE, ["Developing others"])
    enrol(mentor, programme, Side.MENTOR, ["Developing others"], capacity=1)
    enrol(omar, programme, Side.MENTOR, ["Developing others"], capacity=1)
    return {"maya": member, "ben": ben, "mona": mentor, "omar": omar}


def _pairs(run: MatchRun) -> set[tuple[str, str]]:
    return {
        (m.mentee.name, m.mentor.name)
        for m in run.matches.exclude(status=MatchStatus.WITHDRAWN).select_related(
            "mentee", "mentor"
        )
    }


def test_a_run_is_stored_whole_and_never_breaks_a_hard_rule(programme, director, cohort):
    run = run_matching(programme, actor=director)
    # Ben may not have Omar (his manager), so Ben gets Mona and Maya gets Omar.
    assert _pairs(run) == {("Ben Brown", "Mona Mentor"), ("Maya Member", "Omar Okafor")}
    assert run.status == RunStatus.STAGED
    assert {m["id"] for m in run.inputs["mentees"]} == {cohort["maya"].pk, cohort["ben"].pk}
    assert run.diagnostics["matched"] == 2
    assert run.diagnostics["eliminated_by"]["reporting_chain"] == 1
    assert run.solver.startswith("OR-Tools")
    programme.refresh_from_db()
    assert programme.status == "matching"
    assert AuditEvent.objects.filter(action="mentoring.match_run.created").exists()


def test_review_page_shows_pairs_and_why(programme, director, cohort, as_user):
    run = run_matching(programme, actor=director)
    page = as_user(director).get(f"/c/acme/mentoring/{programme.pk}/review/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ben Brown" in html
    assert "Omar Okafor" in html
    assert "Publish 2 pairs" in html
    assert "OR-Tools" not in html  # a library name means nothing to a director
    match = run.matches.get(mentee=cohort["maya"])
    why = as_user(director).get(f"/mentoring/matches/{match.pk}/").content.decode()
    assert "Why this match" in why
    assert "Offers what the mentee wants to develop: Developing others." in why
    assert "Across regions: Asia-Pacific and Europe." in why


def test_members_cannot_review_and_outsiders_see_nothing(
    programme, director, cohort, as_user, outsider
):
    run = run_matching(programme, actor=director)
    match = run.matches.get(mentee=cohort["maya"])
    assert (
        as_user(cohort["maya"]).get(f"/c/acme/mentoring/{programme.pk}/review/").status_code == 403
    )
    assert as_user(cohort["maya"]).get(f"/mentoring/matches/{match.pk}/").status_code == 404
    assert as_user(outsider).get(f"/c/acme/mentoring/{programme.pk}/review/").status_code == 404
    assert as_user(outsider).get(f"/api/v1/matches/{match.pk}").status_code == 404
    response = as_user(cohort["maya"]).post(f"/c/acme/mentoring/{programme.pk}/run/")
    assert response.status_code == 403
    assert MatchRun.objects.count() == 1


def test_pinned_pairs_survive_a_rerun_and_forbidden_pairs_never_return(
    programme, director, cohort, as_user, community
):
    carla = _person("carla@acme.test", "Carla Costa", community, region="americas")
    Programme.objects.filter(pk=programme.pk).update(default_capacity=1)
    Enrolment.objects.create(programme=programme, user=carla, side=Side.MENTOR).competencies.set([])
    run = run_matching(programme, actor=director)
    maya_match = run.matches.get(mentee=cohort["maya"])
    client = as_user(director)
    client.post(f"/mentoring/matches/{maya_match.pk}/pin/", {"pinned": "1"})
    ben_match = run.matches.get(mentee=cohort["ben"])
    client.post(f"/mentoring/matches/{ben_match.pk}/forbid/")
    assert ForbiddenPair.objects.filter(mentee=cohort["ben"], mentor=ben_match.mentor).exists()
    client.post(f"/c/acme/mentoring/{programme.pk}/run/")
    second = MatchRun.objects.get(programme=programme, number=2)
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED
    pairs = _pairs(second)
    assert ("Maya Member", maya_match.mentor.name) in pairs
    assert second.matches.get(mentee=cohort["maya"]).pinned
    assert ("Ben Brown", ben_match.mentor.name) not in pairs
    # Ben's only other mentor with room, Carla, offers nothing he wants but passes the rules.
    assert ("Ben Brown", "Carla Costa") in pairs


def test_a_swap_that_breaks_a_rule_is_refused_with_the_reason(programme, director, cohort, as_user):
    run = run_matching(programme, actor=director)
    maya_match = run.matches.get(mentee=cohort["maya"])
    ben_match = run.matches.get(mentee=cohort["ben"])
    page = as_user(director).post(
        f"/mentoring/matches/{maya_match.pk}/swap/", {"other": ben_match.pk}, follow=True
    )
    assert "Ben Brown with Omar Okafor: one reports to the other" in page.content.decode()
    ben_match.refresh_from_db()
    assert ben_match.mentor == cohort["mona"]  # nothing written


def test_a_valid_swap_exchanges_mentors_and_pins_both(
    programme, director, cohort, as_user, community, enrol
):
    zoe = _person("zoe@acme.test", "Zoe Zhang", community, region="apac")
    enrol(zoe, programme, Side.MENTEE, ["Developing others"])
    Programme.objects.filter(pk=programme.pk).update(default_capacity=2)
    Enrolment.objects.filter(programme=programme, side=Side.MENTOR).update(capacity=2)
    run = run_matching(programme, actor=director)
    staged = {m.mentee.name: m for m in run.matches.select_related("mentee", "mentor")}
    maya, zoe_match = staged["Maya Member"], staged["Zoe Zhang"]
    if maya.mentor_id == zoe_match.mentor_id:
        pytest.skip("Both have the same mentor: nothing to swap")
    as_user(director).post(f"/mentoring/matches/{maya.pk}/swap/", {"other": zoe_match.pk})
    maya_after = Match.objects.get(pk=maya.pk)
    zoe_after = Match.objects.get(pk=zoe_match.pk)
    assert (maya_after.mentor_id, zoe_after.mentor_id) == (zoe_match.mentor_id, maya.mentor_id)
    assert maya_after.pinned
    assert zoe_after.pinned


def test_publish_tells_both_sides_and_mail_arrives(
    programme, director, cohort, as_user, smtp_inbox
):
    run_matching(programme, actor=director)
    response = as_user(director).post(f"/c/acme/mentoring/{programme.pk}/publish/", follow=True)
    assert "2 pairs published" in response.content.decode()
    match = Match.objects.get(mentee=cohort["maya"])
    assert match.status == MatchStatus.PUBLISHED
    assert match.respond_by is not None
    assert match.respond_by > timezone.now() + timedelta(days=6)
    told = set(
        Notification.objects.filter(kind="mentoring.match_proposed").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {u.email for u in cohort.values()}
    subjects = [
        str(make_header(decode_header(m["Subject"])))
        for m in smtp_inbox.messages
        if m["X-Rcpt-To"] == "maya@acme.test"
    ]
    assert any("Omar Okafor" in s for s in subjects)
    # The mentee now sees the match and can answer; the other pair stays out of sight.
    page = as_user(cohort["maya"]).get(f"/mentoring/matches/{match.pk}/").content.decode()
    assert "Accept" in page
    assert "Omar Okafor, your proposed mentor" in page
    other = Match.objects.get(mentee=cohort["ben"])
    assert as_user(cohort["maya"]).get(f"/mentoring/matches/{other.pk}/").status_code == 404


def test_both_accepting_starts_the_mentorship(programme, director, cohort, as_user):
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    match = Match.objects.get(mentee=cohort["maya"])
    as_user(cohort["maya"]).post(f"/mentoring/matches/{match.pk}/answer/", {"answer": "accept"})
    assert not Mentorship.objects.exists()
    response = as_user(cohort["omar"]).post(
        f"/mentoring/matches/{match.pk}/answer/", {"answer": "accept"}
    )
    mentorship = Mentorship.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{mentorship.pk}/"
    assert (mentorship.mentee, mentorship.mentor) == (cohort["maya"], cohort["omar"])
    assert (
        Notification.objects.filter(
            kind="mentoring.started", recipient__in=[cohort["maya"], cohort["omar"]]
        ).count()
        == 2
    )
    # Answering twice is refused.
    again = as_user(cohort["maya"]).post(
        f"/mentoring/matches/{match.pk}/answer/", {"answer": "decline"}
    )
    assert again.status_code == 403


def test_a_decline_returns_the_mentee_to_the_pool_and_the_rerun_works_around_accepted(
    programme, director, cohort, community, enrol
):
    carla = _person("carla@acme.test", "Carla Costa", community, region="americas")
    enrol(carla, programme, Side.MENTOR, ["Developing others"], capacity=1)
    Enrolment.objects.filter(user=cohort["mona"]).update(capacity=2)
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    maya_match = Match.objects.get(mentee=cohort["maya"])
    ben_match = Match.objects.get(mentee=cohort["ben"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer(maya_match, user=cohort["maya"], accept=True)
        answer(maya_match, user=maya_match.mentor, accept=True)
        answer(ben_match, user=ben_match.mentor, accept=False, reason="Travelling")
    assert Notification.objects.filter(
        kind="mentoring.match_answered", recipient=cohort["ben"]
    ).exists()
    second = run_matching(programme, actor=director)
    # Only Ben is in the pool; the pair he was refused is not proposed again, nor his
    # manager, and Maya's mentor counts her place as taken.
    assert [m["id"] for m in second.inputs["mentees"]] == [cohort["ben"].pk]
    (again,) = second.matches.all()
    assert again.mentee == cohort["ben"]
    assert again.mentor_id not in (ben_match.mentor_id, cohort["omar"].pk)
    room = {m["id"]: m["capacity"] for m in second.inputs["mentors"]}
    assert room[maya_match.mentor_id] == (1 if maya_match.mentor_id == cohort["mona"].pk else 0)


def test_unanswered_matches_lapse(programme, director, cohort):
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    assert expire_answers(now=timezone.now() + timedelta(days=8)) == 2
    assert set(run.matches.values_list("status", flat=True)) == {MatchStatus.EXPIRED}
    # Both are back in the pool: a new proposal waits for the programme team.
    proposal = MatchRun.objects.get(programme=programme, status=RunStatus.STAGED)
    assert {m["id"] for m in proposal.inputs["mentees"]} == {
        cohort["maya"].pk,
        cohort["ben"].pk,
    }


def test_unmatched_mentees_are_explained(programme, director, cohort, community, enrol):
    lone = _person("lee@acme.test", "Lee Lone", community, region="emea")
    lone.languages.set(Language.objects.filter(code="fr"))
    enrol(lone, programme, Side.MENTEE, ["Developing others"])
    run = run_matching(programme, actor=director)
    row = next(u for u in run.unmatched if u["mentee"] == lone.pk)
    assert row["why"] == "no_feasible_mentor"
    assert row["eliminated_by"]["no_shared_language"] == 2


def test_the_programme_target_reports_its_price(programme, director, cohort):
    Programme.objects.filter(pk=programme.pk).update(target_attribute="cross_region")
    programme.refresh_from_db()
    run = run_matching(programme, actor=director)
    target = run.diagnostics["target"]
    assert target["attribute"] == "cross_region"
    assert target["price"] >= 0
    untargeted = run_matching(programme, actor=director, apply_target=False)
    assert untargeted.diagnostics["target"] is None


def test_mentee_choice_suggestions_and_request(programme, director, cohort, as_user):
    Programme.objects.filter(pk=programme.pk).update(mode=MatchingMode.MENTEE_CHOICE)
    page = as_user(cohort["ben"]).get(f"/c/acme/mentoring/{programme.pk}/suggestions/")
    html = page.content.decode()
    assert "Mona Mentor" in html
    assert "Omar Okafor" not in html
    response = as_user(cohort["ben"]).post(
        f"/c/acme/mentoring/{programme.pk}/suggestions/",
        {"mentor": cohort["mona"].pk, "message": "I'd love your view on scaling teams."},
    )
    match = Match.objects.get(mentee=cohort["ben"])
    assert response["Location"] == f"/mentoring/matches/{match.pk}/"
    assert match.requested
    assert match.status == MatchStatus.PUBLISHED
    assert Notification.objects.filter(
        kind="mentoring.match_requested", recipient=cohort["mona"]
    ).exists()
    # Asking someone who is not among one's suggestions is refused and writes nothing.
    refused = as_user(cohort["maya"]).post(
        f"/c/acme/mentoring/{programme.pk}/suggestions/", {"mentor": cohort["ben"].pk}
    )
    assert refused.status_code == 200
    assert "Choose one of your suggested mentors." in refused.content.decode()
    as_user(cohort["mona"]).post(f"/mentoring/matches/{match.pk}/answer/", {"answer": "accept"})
    assert Mentorship.objects.filter(mentee=cohort["ben"], mentor=cohort["mona"]).exists()


def test_api_runs_matches_and_answers(programme, director, cohort, as_user):
    api = as_user(director)
    created = api.post(
        f"/api/v1/programmes/{programme.pk}/runs", {}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["matched"] == 2
    matches = api.get(f"/api/v1/programmes/{programme.pk}/matches").json()
    assert {m["mentee"]["name"] for m in matches} == {"Maya Member", "Ben Brown"}
    assert all(m["reasons"] and m["reasons"][0]["text"] for m in matches)
    # A member sees no staged match, even their own.
    assert as_user(cohort["maya"]).get(f"/api/v1/programmes/{programme.pk}/matches").json() == []
    assert api.post(f"/api/v1/programmes/{programme.pk}/publish").json() == {"published": 2}
    mine = as_user(cohort["maya"]).get(f"/api/v1/programmes/{programme.pk}/matches").json()
    assert [m["mentee"]["name"] for m in mine] == ["Maya Member"]
    answered = as_user(cohort["maya"]).post(
        f"/api/v1/matches/{mine[0]['id']}/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["mentee_answer"] == "accepted"
    refused = as_user(cohort["maya"]).post(
        f"/api/v1/programmes/{programme.pk}/runs", {}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_review_page_queries_stay_flat(
    programme, director, community, enrol, as_user, django_assert_max_num_queries
):
    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            mentee = _person(f"e{i}@acme.test", f"Mentee {i}", community, region="apac")
            mentor = _person(f"o{i}@acme.test", f"Mentor {i}", community, region="emea")
            enrol(mentee, programme, Side.MENTEE, ["Developing others"])
            enrol(mentor, programme, Side.MENTOR, ["Developing others"], capacity=1)

    client = as_user(director)
    grow(3, 0)
    run_matching(programme, actor=director)
    with django_assert_max_num_queries(25) as small:
        client.get(f"/c/acme/mentoring/{programme.pk}/review/")
    grow(40, 3)
    run_matching(programme, actor=director)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(f"/c/acme/mentoring/{programme.pk}/review/")
    assert "Publish 43 pairs" in page.content.decode()


def test_mentee_choice_programmes_have_no_matching_run(programme, director, cohort, as_user):
    Programme.objects.filter(pk=programme.pk).update(mode=MatchingMode.MENTEE_CHOICE)
    page = as_user(director).post(f"/c/acme/mentoring/{programme.pk}/run/", follow=True)
    assert "mentees choose their mentor: there is no matching run" in page.content.decode()
    assert not MatchRun.objects.exists()


def test_publishing_leaves_out_a_mentee_who_found_a_mentor_since_the_run(
    programme, director, cohort, as_user
):
    run = run_matching(programme, actor=director)
    # Maya and Omar agreed between themselves meanwhile.
    Mentorship.objects.create(
        programme=programme,
        mentee=cohort["maya"],
        mentor=cohort["omar"],
        started_at=timezone.now(),
    )
    page = as_user(director).post(f"/c/acme/mentoring/{programme.pk}/publish/", follow=True)
    assert "1 pair published" in page.content.decode()
    assert run.matches.get(mentee=cohort["maya"]).status == MatchStatus.WITHDRAWN
    assert Mentorship.objects.filter(mentee=cohort["maya"]).count() == 1


def test_the_team_reads_a_decline_reason_and_the_figures_follow_a_forbid(
    programme, director, cohort, as_user
):
    run = run_matching(programme, actor=director)
    client = as_user(director)
    maya_match = run.matches.get(mentee=cohort["maya"])
    client.post(f"/mentoring/matches/{maya_match.pk}/forbid/")
    review = client.get(f"/c/acme/mentoring/{programme.pk}/review/")
    assert review.context["live"]["matched"] == 1
    assert [row["name"] for row in review.context["unmatched"]] == ["Maya Member"]
    assert "you ruled out the proposed pair" in review.content.decode()
    # Taking the forbid back lets the next run propose the pair again.
    (forbidden,) = ForbiddenPair.objects.all()
    client.post(f"/mentoring/forbidden/{forbidden.pk}/allow/")
    second = run_matching(programme, actor=director)
    assert second.matches.get(mentee=cohort["maya"]).mentor == maya_match.mentor
    assert run.matches.get(pk=maya_match.pk).status == MatchStatus.WITHDRAWN

    publish(second, actor=director)
    ben_match = second.matches.get(mentee=cohort["ben"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer(ben_match, user=cohort["ben"], accept=False, reason="We work together")
    assert (
        "We work together"
        in client.get(f"/c/acme/mentoring/{programme.pk}/review/").content.decode()
    )
    assert "We work together" in client.get(f"/mentoring/matches/{ben_match.pk}/").content.decode()
    mentor_view = as_user(ben_match.mentor).get(f"/mentoring/matches/{ben_match.pk}/")
    assert "We work together" not in mentor_view.content.decode()


def test_a_decline_stages_a_new_proposal_around_the_accepted_pairs(
    programme, director, cohort, community, enrol, as_user
):
    carla = _person("carla@acme.test", "Carla Costa", community, region="americas")
    enrol(carla, programme, Side.MENTOR, ["Developing others"], capacity=2)
    Enrolment.objects.filter(user=cohort["mona"]).update(capacity=2)
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    ben_match = Match.objects.get(mentee=cohort["ben"])
    response = as_user(cohort["ben"]).post(
        f"/mentoring/matches/{ben_match.pk}/answer/", {"answer": "decline"}
    )
    assert response.status_code == 302
    proposal = MatchRun.objects.get(programme=programme, number=2)
    assert proposal.status == RunStatus.STAGED
    assert [m["id"] for m in proposal.inputs["mentees"]] == [cohort["ben"].pk]
    (again,) = proposal.matches.all()
    assert again.mentor_id != ben_match.mentor_id
    # Nothing is sent until the programme team publishes it.
    assert not Notification.objects.filter(
        kind="mentoring.match_proposed", recipient=cohort["ben"], target_id=again.pk
    ).exists()


def test_ending_early_with_a_rematch_stages_a_new_mentor_and_never_the_same(
    programme, director, cohort, community, enrol, as_user
):
    carla = _person("carla@acme.test", "Carla Costa", community, region="americas")
    enrol(carla, programme, Side.MENTOR, ["Developing others"], capacity=2)
    Enrolment.objects.filter(user=cohort["mona"]).update(capacity=2)
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    for match in Match.objects.filter(programme=programme):
        with TestCase.captureOnCommitCallbacks(execute=True):
            answer(match, user=match.mentee, accept=True)
            answer(match, user=match.mentor, accept=True)
    maya = Mentorship.objects.get(mentee=cohort["maya"])
    ben = Mentorship.objects.get(mentee=cohort["ben"])
    # Ben stops without asking for anyone else; Maya asks for a new mentor.
    as_user(cohort["ben"]).post(f"/mentoring/{ben.pk}/end/", {"reason": "New role."})
    assert not MatchRun.objects.filter(number=2).exists()
    as_user(cohort["maya"]).post(
        f"/mentoring/{maya.pk}/end/", {"reason": "Our hours no longer fit.", "wants_rematch": "on"}
    )
    proposal = MatchRun.objects.get(programme=programme, number=2)
    assert [m["id"] for m in proposal.inputs["mentees"]] == [cohort["maya"].pk]
    (again,) = proposal.matches.all()
    assert again.mentor_id != maya.mentor_id


def test_a_pair_never_learns_of_a_match_that_was_not_published(
    programme, director, cohort, as_user
):
    run = run_matching(programme, actor=director)
    maya_match = run.matches.get(mentee=cohort["maya"])
    as_user(director).post(f"/mentoring/matches/{maya_match.pk}/forbid/")
    run_matching(programme, actor=director)  # replaces run 1: Ben's pair withdrawn
    for person in (cohort["maya"], maya_match.mentor):
        client = as_user(person)
        assert client.get(f"/mentoring/matches/{maya_match.pk}/").status_code == 404
        assert client.get(f"/api/v1/matches/{maya_match.pk}").status_code == 404
        assert client.get(f"/api/v1/programmes/{programme.pk}/matches").json() == []
        assert personal_data_export(user=person)["mentoring_matches"] == []


def test_a_mentors_only_me_goals_are_never_a_matching_reason(
    programme, director, cohort, as_user, competency
):
    from salon.goals.services.goals import goal_create

    programme.mode = MatchingMode.MENTEE_CHOICE
    programme.save()
    Competency = type(competency)
    secret = Competency.objects.get(community=programme.community, name="Strategic thinking")
    Enrolment.objects.get(user=cohort["ben"]).goals.set(
        [
            goal_create(
                owner=cohort["ben"],
                community=programme.community,
                competency=secret,
                visibility="community",
                title="Think further ahead",
                success_looks_like="A three-year plan.",
            )
        ]
    )
    goal_create(
        owner=cohort["mona"],
        community=programme.community,
        competency=secret,
        visibility="only_me",
        title="My private plan",
        success_looks_like="Nobody knows.",
    )
    page = as_user(cohort["ben"]).get(f"/c/acme/mentoring/{programme.pk}/suggestions/")
    assert "Mona Mentor" in page.content.decode()
    assert "Has worked on goals like yours" not in page.content.decode()


def test_suggestions_are_only_for_mentee_choice_programmes(programme, cohort, as_user):
    response = as_user(cohort["ben"]).get(f"/api/v1/programmes/{programme.pk}/suggestions")
    assert response.json() == []


def test_closing_the_programme_completes_its_pairs_and_ends_goal_sharing(
    programme, director, cohort, as_user, make_goal
):
    mentorship = Mentorship.objects.create(
        programme=programme, mentee=cohort["maya"], mentor=cohort["mona"], started_at=timezone.now()
    )
    goal = make_goal("mentor", owner=cohort["maya"], title="Delegate the budget review")
    assert as_user(cohort["mona"]).get(goal.get_absolute_url()).status_code == 200
    Programme.objects.filter(pk=programme.pk).update(status="active")
    as_user(director).post(f"/c/acme/mentoring/{programme.pk}/status/", {"status": "closed"})
    mentorship.refresh_from_db()
    assert mentorship.status == "completed"
    assert as_user(cohort["mona"]).get(goal.get_absolute_url()).status_code == 404


def test_goals_chosen_at_enrolment_are_shared_when_the_mentorship_starts(
    programme, director, cohort, make_goal
):
    shared = make_goal("community", owner=cohort["maya"], title="Grow my deputy")
    private = make_goal("only_me", owner=cohort["maya"], title="Private worry")
    Enrolment.objects.get(user=cohort["maya"]).goals.set([shared, private])
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    match = Match.objects.get(mentee=cohort["maya"])
    answer(match, user=cohort["maya"], accept=True)
    answer(match, user=match.mentor, accept=True)
    mentorship = Mentorship.objects.get(mentee=cohort["maya"])
    assert list(mentorship.shared_goals.all()) == [shared]


# Matching's writes ask the policy themselves, whoever calls them.


def test_a_member_can_change_nothing_in_a_run_under_review(
    programme: Any, director: Any, cohort: dict[str, Any]
) -> None:
    run = run_matching(programme, actor=director)
    first, second = run.matches.order_by("pk")
    pair = ForbiddenPair.objects.create(
        programme=programme, mentee=cohort["ben"], mentor=cohort["omar"], by=director
    )
    logged = AuditEvent.objects.count()
    maya = cohort["maya"]
    attempts = [
        lambda: run_matching(programme, actor=maya),
        lambda: pin(first, actor=maya, pinned=True),
        lambda: forbid(first, actor=maya),
        lambda: swap(first, second, actor=maya),
        lambda: allow_again(pair, actor=maya),
        lambda: publish(run, actor=maya),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert MatchRun.objects.get().status == RunStatus.STAGED
    assert not Match.objects.filter(pinned=True).exists()
    assert Match.objects.filter(status=MatchStatus.STAGED).count() == 2
    assert ForbiddenPair.objects.filter(pk=pair.pk).exists()
    assert AuditEvent.objects.count() == logged


def test_only_the_pair_answers_a_published_match(
    programme: Any, director: Any, cohort: dict[str, Any], outsider: Any
) -> None:
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    match = Match.objects.get(mentee=cohort["maya"])
    for stranger in (outsider, cohort["ben"], director):
        with pytest.raises((PermissionDenied, Http404)):
            answer(match, user=stranger, accept=True)
    match.refresh_from_db()
    assert match.status == MatchStatus.PUBLISHED
    assert (match.mentee_answer, match.mentor_answer) == ("", "")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_solver_reruns_after_a_decline_in_the_worker_not_in_the_members_request(
    programme, director, cohort, community, enrol, as_user, settings
):
    from django.core.management import call_command

    carla = _person("carla@acme.test", "Carla Costa", community, region="americas")
    enrol(carla, programme, Side.MENTOR, ["Developing others"], capacity=2)
    run = run_matching(programme, actor=director)
    publish(run, actor=director)
    ben_match = Match.objects.get(mentee=cohort["ben"])
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    response = as_user(cohort["ben"]).post(
        f"/mentoring/matches/{ben_match.pk}/answer/", {"answer": "decline"}
    )

    assert response.status_code == 302
    assert not MatchRun.objects.filter(programme=programme, number=2).exists()
    call_command("db_worker", batch=True, startup_delay=False, queue_name="default")
    proposal = MatchRun.objects.get(programme=programme, number=2)
    assert proposal.status == RunStatus.STAGED
    assert [m["id"] for m in proposal.inputs["mentees"]] == [cohort["ben"].pk]
