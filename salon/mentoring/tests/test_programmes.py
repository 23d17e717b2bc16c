"""Programme pages: the list, creating and editing a programme, moving its status, the
programme page for participants and for stewards, and what they cost in queries."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import Membership, Role
from salon.core.models import AuditEvent
from salon.mentoring.models import (
    DEFAULT_WEIGHTS,
    Enrolment,
    MentoringSession,
    Mentorship,
    Programme,
    ProgrammeStatus,
    Side,
)


def _form(**changes: Any) -> dict[str, Any]:
    """What the programme form sends, filled in as a director would."""
    data: dict[str, Any] = {
        "name": "Women in leadership 2027",
        "description": "Senior women mentor rising leaders.",
        "starts_on": "2027-02-01",
        "ends_on": "2027-07-31",
        "enrolment_closes_on": "2027-01-20",
        "mode": "programme",
        "reverse_topic": "",
        "mentee_roles": ["member", "expert"],
        "mentor_roles": ["member", "mentor", "director"],
        "default_capacity": "3",
        "min_shared_hours": "3",
        "allow_same_unit": "on",
        "target_attribute": "cross_region",
        "target_share": "70",
        "response_days": "10",
        "session_every_days": "21",
        "suggestions": "4",
    }
    for key, weight in DEFAULT_WEIGHTS.items():
        data[f"weight_{key}"] = str(weight)
    data["weight_goals"] = "5"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_director_creates_a_programme_as_a_draft_from_the_page(
    director: User, as_user: Any
) -> None:
    response = as_user(director).post("/c/acme/mentoring/new/", _form())

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/c/acme/mentoring/{programme.pk}/"
    assert programme.status == ProgrammeStatus.DRAFT
    assert programme.mentee_roles == ["member", "expert"]
    assert programme.mentor_roles == ["director", "member", "mentor"]
    assert programme.weights == {**DEFAULT_WEIGHTS, "goals": 5.0}
    assert (programme.default_capacity, programme.target_share, programme.suggestions) == (3, 70, 4)
    assert programme.allow_same_unit is True
    assert programme.allow_repeat_pairs is False
    assert programme.created_by == director
    assert AuditEvent.objects.filter(
        action="mentoring.programme.created", target_id=str(programme.pk)
    ).exists()
    page = as_user(director).get(response["Location"]).content.decode()
    assert "Women in leadership 2027" in page
    assert "Open enrolment" in page


def test_the_form_explains_each_criterion_in_plain_words(director: User, as_user: Any) -> None:
    page = as_user(director).get("/c/acme/mentoring/new/").content.decode()

    assert "What the mentee wants to develop against what the mentor offers." in page
    assert "How much their working hours overlap in a week." in page
    assert "<legend>What matching weighs (0 to 10)</legend>" in page
    assert 'name="mentee_roles" value="member"' in page


def test_a_facilitator_creates_a_programme_but_a_member_is_refused(
    facilitator: User, member: User, as_user: Any
) -> None:
    assert as_user(member).get("/c/acme/mentoring/new/").status_code == 403
    refused = as_user(member).post("/c/acme/mentoring/new/", _form())
    created = as_user(facilitator).post("/c/acme/mentoring/new/", _form())

    assert refused.status_code == 403
    assert created.status_code == 302
    assert Programme.objects.get().created_by == facilitator


def test_guests_are_refused_the_list_and_outsiders_learn_nothing(
    guest: User, outsider: User, programme: Programme, as_user: Any
) -> None:
    assert as_user(guest).get("/c/acme/mentoring/").status_code == 403
    assert as_user(guest).get(f"/c/acme/mentoring/{programme.pk}/").status_code == 404
    assert as_user(outsider).get("/c/acme/mentoring/").status_code == 404
    assert as_user(outsider).get(f"/c/acme/mentoring/{programme.pk}/").status_code == 404
    assert as_user(outsider).post("/c/acme/mentoring/new/", _form()).status_code == 404
    assert Programme.objects.count() == 1


def test_a_cycle_that_ends_before_it_starts_is_refused_and_nothing_is_written(
    director: User, as_user: Any
) -> None:
    response = as_user(director).post(
        "/c/acme/mentoring/new/", _form(starts_on="2027-07-01", ends_on="2027-02-01")
    )

    assert response.status_code == 200
    assert not Programme.objects.exists()
    page = response.content.decode()
    assert "The cycle must end after it starts." in page
    assert 'role="alert"' in page
    assert 'aria-invalid="true"' in page


def test_weights_that_are_all_zero_are_refused_with_a_clear_message(
    director: User, as_user: Any
) -> None:
    zeros = {f"weight_{key}": "0" for key in DEFAULT_WEIGHTS}

    response = as_user(director).post("/c/acme/mentoring/new/", _form(**zeros))

    assert response.status_code == 200
    assert not Programme.objects.exists()
    assert "Give at least one criterion a weight above 0" in response.content.decode()


def test_out_of_range_settings_are_refused_field_by_field(director: User, as_user: Any) -> None:
    response = as_user(director).post(
        "/c/acme/mentoring/new/",
        _form(weight_goals="11", default_capacity="0", mentee_roles=[], name=""),
    )

    assert response.status_code == 200
    assert not Programme.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) == {"weight_goals", "default_capacity", "mentee_roles", "name"}
    assert errors["mentee_roles"] == ["Choose at least one role that may enrol as mentee."]


def test_reverse_mentoring_needs_its_topic(director: User, as_user: Any) -> None:
    missing = as_user(director).post("/c/acme/mentoring/new/", _form(reverse="on"))
    given = as_user(director).post(
        "/c/acme/mentoring/new/", _form(reverse="on", reverse_topic="Generative AI")
    )

    assert "Give the topic of the reverse mentoring." in missing.content.decode()
    assert given.status_code == 302
    programme = Programme.objects.get()
    assert (programme.reverse, programme.reverse_topic) == (True, "Generative AI")


def test_a_director_edits_the_programme_and_the_change_is_audited(
    director: User, programme: Programme, as_user: Any
) -> None:
    client = as_user(director)
    form = client.get(f"/c/acme/mentoring/{programme.pk}/edit/")
    assert form.status_code == 200
    assert 'value="Cross-regional mentoring 2027"' in form.content.decode()

    response = client.post(
        f"/c/acme/mentoring/{programme.pk}/edit/",
        _form(name="Cross-regional mentoring 2027", mode="mentee_choice", suggestions="5"),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.mode, programme.suggestions) == ("mentee_choice", 5)
    event = AuditEvent.objects.get(action="mentoring.programme.updated")
    assert "mode" in event.details["fields"]
    assert "name" not in event.details["fields"]


def test_a_member_may_not_edit_a_programme(
    member: User, programme: Programme, as_user: Any
) -> None:
    response = as_user(member).post(f"/c/acme/mentoring/{programme.pk}/edit/", _form())

    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Cross-regional mentoring 2027"


def test_stewards_move_the_status_one_step_at_a_time_and_each_step_is_audited(
    director: User, programme: Programme, as_user: Any
) -> None:
    client = as_user(director)
    url = f"/c/acme/mentoring/{programme.pk}/status/"

    moved = client.post(url, {"status": "matching"})
    skipped = client.post(url, {"status": "closed"}, follow=True)

    assert moved.status_code == 302
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.MATCHING
    assert "A programme cannot go from “Matching” to “Closed”." in skipped.content.decode()
    event = AuditEvent.objects.get(action="mentoring.programme.status_changed")
    assert event.details == {"from": "enrolling", "to": "matching"}


def test_members_may_not_change_the_status_and_status_is_post_only(
    member: User, director: User, programme: Programme, as_user: Any
) -> None:
    url = f"/c/acme/mentoring/{programme.pk}/status/"

    assert as_user(member).post(url, {"status": "matching"}).status_code == 403
    assert as_user(director).get(url).status_code == 405
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.ENROLLING


def test_a_draft_is_hidden_from_participants_who_are_not_stewards(
    director: User, member: User, programme: Programme, as_user: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.DRAFT)

    listed = as_user(member).get("/c/acme/mentoring/").content.decode()
    detail = as_user(member).get(f"/c/acme/mentoring/{programme.pk}/")
    enrol = as_user(member).get(f"/c/acme/mentoring/{programme.pk}/enrol/")

    assert "Cross-regional mentoring 2027" not in listed
    assert "No mentoring programme is open yet." in listed
    assert detail.status_code == 404
    assert enrol.status_code == 404
    steward = as_user(director).get("/c/acme/mentoring/").content.decode()
    assert "Cross-regional mentoring 2027" in steward
    assert "Draft" in steward


def test_an_empty_list_invites_stewards_to_create_a_programme(director: User, as_user: Any) -> None:
    page = as_user(director).get("/c/acme/mentoring/").content.decode()

    assert "No mentoring programmes yet." in page
    assert 'href="/c/acme/mentoring/new/"' in page


def test_the_community_tabs_link_to_mentoring(member: User, guest: User, as_user: Any) -> None:
    assert 'href="/c/acme/mentoring/"' in as_user(member).get("/c/acme/").content.decode()
    assert 'href="/c/acme/mentoring/"' not in as_user(guest).get("/c/acme/").content.decode()


def test_a_participant_sees_the_programme_and_an_invitation_to_enrol_but_no_counts(
    member: User, mentor: User, programme: Programme, enrol: Any, as_user: Any
) -> None:
    enrol(mentor, programme, Side.MENTOR, ["Developing others"])

    page = as_user(member).get(f"/c/acme/mentoring/{programme.pk}/").content.decode()

    assert "Pairs across regions for the year." in page
    assert f'href="/c/acme/mentoring/{programme.pk}/enrol/"' in page
    assert "Who enrolled" not in page
    assert "Mona Mentor" not in page
    assert "Review matches" not in page


def test_stewards_see_who_enrolled_the_places_and_the_pairs_but_never_notes(
    director: User,
    member: User,
    mentor: User,
    programme: Programme,
    make_mentorship: Any,
    as_user: Any,
) -> None:
    mentorship = make_mentorship()
    MentoringSession.objects.create(
        mentorship=mentorship, held_on=timezone.localdate(), notes="Talked about the board."
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(last_session_on=timezone.localdate())

    response = as_user(director).get(f"/c/acme/mentoring/{programme.pk}/")

    assert response.status_code == 200
    assert response.context["stats"] == {"mentees": 1, "mentors": 1, "capacity": 2, "withdrawn": 0}
    page = response.content.decode()
    assert "Maya Member" in page
    assert "Mona Mentor" in page
    assert "Developing others" in page
    assert f'href="/c/acme/mentoring/{programme.pk}/review/"' in page
    assert "Talked about the board." not in page
    assert timezone.localdate().strftime("%-d %b %Y") in page


def test_mentees_in_a_mentee_choice_programme_are_pointed_to_their_suggestions(
    member: User, programme: Programme, enrol: Any, as_user: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(mode="mentee_choice")
    enrol(member, programme, Side.MENTEE, ["Developing others"])

    page = as_user(member).get(f"/c/acme/mentoring/{programme.pk}/").content.decode()

    assert f'href="/c/acme/mentoring/{programme.pk}/suggestions/"' in page
    assert "You are enrolled as mentee" in page


def _enrol_many(programme: Programme, *, start: int, count: int) -> None:
    """``count`` more people, alternately mentee and mentor, each with two competencies:
    bulk inserts, so two hundred are quick to build."""
    community = programme.community
    users = User.objects.bulk_create(
        User(email=f"p{n}@acme.test", name=f"Person {n:04d}", region="emea")
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=u, role=Role.MEMBER) for u in users
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            user=u,
            side=Side.MENTEE if n % 2 else Side.MENTOR,
            capacity=None if n % 4 else 3,
        )
        for n, u in enumerate(users)
    )
    competencies = list(community.competencies.all()[:2])
    through = Enrolment.competencies.through
    through.objects.bulk_create(
        through(enrolment_id=e.pk, competency_id=c.pk) for e in enrolments for c in competencies
    )
    mentees = [e.user for e in enrolments if e.side == Side.MENTEE]
    mentors = [e.user for e in enrolments if e.side == Side.MENTOR]
    Mentorship.objects.bulk_create(
        Mentorship(programme=programme, mentee=a, mentor=b, started_at=timezone.now())
        for a, b in zip(mentees, mentors, strict=False)
    )


def test_the_programme_page_query_count_stays_flat_from_10_to_200_enrolments(
    director: User, programme: Programme, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(director)
    url = f"/c/acme/mentoring/{programme.pk}/"
    _enrol_many(programme, start=0, count=10)
    client.get(url)  # warm: content types, sessions
    # session, user, community, the viewer's memberships, programme, the viewer's
    # enrolment, the counts (one aggregate), the enrolments with their people, their
    # competencies, the pairs with both people, the bell's unread count
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    _enrol_many(programme, start=10, count=190)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["stats"]["mentees"] == 100
    assert len(response.context["pairs"]) == 100


def test_the_programme_list_query_count_stays_flat_from_10_to_200_enrolments(
    director: User,
    member: User,
    programme: Programme,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    steward, participant = as_user(director), as_user(member)
    _enrol_many(programme, start=0, count=10)
    for client in (steward, participant):
        client.get("/c/acme/mentoring/")
    # session, user, community, the viewer's memberships, the programmes (with the
    # viewer's side and, for stewards, the counts), the bell's unread count
    with django_assert_max_num_queries(6) as small:
        assert steward.get("/c/acme/mentoring/").status_code == 200
    _enrol_many(programme, start=10, count=190)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = steward.get("/c/acme/mentoring/")
    assert response.context["programmes"][0].mentees == 100
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert participant.get("/c/acme/mentoring/").status_code == 200


def test_a_mentee_choice_programme_starts_without_a_matching_step(
    director: User, programme: Programme, as_user: Any
) -> None:
    Programme.objects.filter(pk=programme.pk).update(mode="mentee_choice")
    client = as_user(director)
    url = f"/c/acme/mentoring/{programme.pk}/status/"

    page = client.get(f"/c/acme/mentoring/{programme.pk}/").content.decode()
    refused = client.post(url, {"status": "matching"}, follow=True)
    started = client.post(url, {"status": "active"})

    assert "Start the programme" in page
    assert "start matching" not in page
    assert "cannot go from “Enrolment open” to “Matching”" in refused.content.decode()
    assert started.status_code == 302
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.ACTIVE
