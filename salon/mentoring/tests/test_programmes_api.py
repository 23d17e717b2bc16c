"""Programmes and enrolment through the REST API: the same rules as the pages, errors as
``{"detail": …}``, and nothing of a private community for outsiders."""

from __future__ import annotations

from typing import Any

from salon.accounts.models import User
from salon.communities.models import Community
from salon.core.models import AuditEvent
from salon.goals.models import Competency
from salon.goals.services.goals import goal_create
from salon.mentoring.models import DEFAULT_WEIGHTS, Enrolment, Programme, ProgrammeStatus, Side

NEW = {
    "name": "Reverse mentoring on AI",
    "starts_on": "2027-03-01",
    "ends_on": "2027-08-31",
    "reverse": True,
    "reverse_topic": "Generative AI",
    "mentee_roles": ["director", "facilitator"],
    "mentor_roles": ["member", "expert"],
    "weights": {"competencies": 6, "cross_region": 0},
    "target_attribute": "cross_function",
    "target_share": 60,
}


def _ids(community: Community, *names: str) -> list[int]:
    return list(
        Competency.objects.filter(community=community, name__in=names).values_list("pk", flat=True)
    )


def _post(client: Any, url: str, payload: Any) -> Any:
    return client.post(url, payload, content_type="application/json")


def _put(client: Any, url: str, payload: Any) -> Any:
    return client.put(url, payload, content_type="application/json")


def test_a_director_creates_a_programme_and_unset_weights_keep_their_default(
    director: User, as_user: Any
) -> None:
    response = _post(as_user(director), "/api/v1/communities/acme/programmes", NEW)

    assert response.status_code == 201
    body = response.json()
    programme = Programme.objects.get()
    assert body["id"] == programme.pk
    assert body["status"] == "draft"
    assert body["weights"] == {**DEFAULT_WEIGHTS, "competencies": 6.0, "cross_region": 0.0}
    assert body["counts"] == {"mentees": 0, "mentors": 0, "capacity": 0, "withdrawn": 0}
    assert body["url"].endswith(f"/c/acme/mentoring/{programme.pk}/")
    assert (programme.reverse_topic, programme.target_attribute) == (
        "Generative AI",
        "cross_function",
    )
    assert AuditEvent.objects.filter(action="mentoring.programme.created").exists()


def test_creating_is_refused_to_members_and_guests_and_hidden_from_outsiders(
    member: User, guest: User, outsider: User, as_user: Any
) -> None:
    url = "/api/v1/communities/acme/programmes"

    answers = [_post(as_user(person), url, NEW) for person in (member, guest, outsider)]

    assert [a.status_code for a in answers] == [403, 403, 404]
    assert answers[2].json() == {"detail": "Not found."}
    assert not Programme.objects.exists()


def test_bad_settings_are_a_400_with_a_clear_detail_and_write_nothing(
    director: User, as_user: Any
) -> None:
    client = as_user(director)
    url = "/api/v1/communities/acme/programmes"
    zero = dict.fromkeys(DEFAULT_WEIGHTS, 0)

    backwards = _post(client, url, {**NEW, "starts_on": "2027-09-01"})
    no_weight = _post(client, url, {**NEW, "weights": zero})
    unknown = _post(client, url, {**NEW, "weights": {"seniority": 3}})
    guests = _post(client, url, {**NEW, "mentee_roles": ["guest"]})
    no_topic = _post(client, url, {**NEW, "reverse_topic": ""})
    too_heavy = _post(client, url, {**NEW, "weights": {"goals": 12}})

    assert backwards.json() == {"detail": "The cycle must end after it starts."}
    assert "at least one criterion a weight above 0" in no_weight.json()["detail"]
    assert "topic of the reverse mentoring" in no_topic.json()["detail"]
    assert {a.status_code for a in [backwards, no_weight, no_topic]} == {400}
    # What the schema already says (criteria, roles, 0–10) fails validation, naming the field.
    assert "'competencies', 'shared_hours'" in str(unknown.json()["detail"])
    assert "mentee_roles" in str(guests.json()["detail"])
    assert "less than or equal to 10" in str(too_heavy.json()["detail"])
    assert {a.status_code for a in [unknown, guests, too_heavy]} == {422}
    assert not Programme.objects.exists()


def test_participants_list_open_programmes_without_counts_and_never_drafts(
    member: User, director: User, programme: Programme, as_user: Any
) -> None:
    Programme.objects.create(
        community=programme.community,
        name="Next year's draft",
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
    )

    mine = as_user(member).get("/api/v1/communities/acme/programmes").json()
    theirs = as_user(director).get("/api/v1/communities/acme/programmes").json()

    assert [p["name"] for p in mine["items"]] == ["Cross-regional mentoring 2027"]
    assert mine["items"][0]["counts"] is None
    assert mine["items"][0]["may_enrol"] is True
    assert theirs["count"] == 2
    assert theirs["items"][0]["counts"]["mentees"] == 0


def test_one_programme_is_hidden_from_guests_outsiders_and_while_draft_from_members(
    member: User, guest: User, outsider: User, programme: Programme, as_user: Any
) -> None:
    url = f"/api/v1/programmes/{programme.pk}"

    assert as_user(member).get(url).status_code == 200
    assert as_user(guest).get(url).status_code == 404
    assert as_user(outsider).get(url).json() == {"detail": "Not found."}
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.DRAFT)
    assert as_user(member).get(url).status_code == 404
    assert as_user(member).get(f"{url}/enrolments").status_code == 404


def test_a_director_changes_settings_and_status_with_patch(
    director: User, member: User, programme: Programme, as_user: Any
) -> None:
    url = f"/api/v1/programmes/{programme.pk}"

    response = as_user(director).patch(
        url,
        {"suggestions": 5, "weights": {"goals": 3}, "status": "matching"},
        content_type="application/json",
    )
    skipped = as_user(director).patch(url, {"status": "closed"}, content_type="application/json")
    refused = as_user(member).patch(url, {"name": "Mine"}, content_type="application/json")

    assert response.status_code == 200
    body = response.json()
    assert (body["suggestions"], body["status"]) == (5, "matching")
    assert body["weights"] == {**DEFAULT_WEIGHTS, "goals": 3.0}
    assert skipped.status_code == 400
    assert "cannot go from “Matching” to “Closed”" in skipped.json()["detail"]
    assert refused.status_code == 403
    programme.refresh_from_db()
    assert (programme.name, programme.status) == ("Cross-regional mentoring 2027", "matching")


def test_a_member_enrols_as_mentee_then_changes_the_enrolment(
    member: User, director: User, community: Community, programme: Programme, as_user: Any
) -> None:
    goal = goal_create(
        owner=member,
        community=community,
        competency=Competency.objects.get(community=community, name="Leading change"),
        title="Lead the merger",
        success_looks_like="One team.",
        visibility="only_me",
    )
    url = f"/api/v1/programmes/{programme.pk}/enrolment"
    client = as_user(member)

    created = _put(
        client,
        url,
        {
            "side": "mentee",
            "competencies": _ids(community, "Leading change", "Building trust"),
            "goals": [goal.pk],
            "region_preference": "different",
            "avoid": [director.pk],
        },
    )
    changed = _put(
        client, url, {"side": "mentee", "competencies": _ids(community, "Strategic thinking")}
    )

    assert created.status_code == 201
    assert created.json()["goals"] == [goal.pk]
    assert created.json()["avoid"] == [director.pk]
    assert changed.status_code == 200
    enrolment = Enrolment.objects.get()
    assert [c.name for c in enrolment.competencies.all()] == ["Strategic thinking"]
    assert (enrolment.region_preference, list(enrolment.avoid.all())) == ("", [])
    assert client.get(f"/api/v1/programmes/{programme.pk}").json()["my_side"] == "mentee"


def test_a_mentor_enrols_with_a_capacity(
    mentor: User, community: Community, programme: Programme, as_user: Any
) -> None:
    response = _put(
        as_user(mentor),
        f"/api/v1/programmes/{programme.pk}/enrolment",
        {"side": "mentor", "competencies": _ids(community, "Developing others"), "capacity": 3},
    )

    assert response.status_code == 201
    assert (response.json()["side"], response.json()["capacity"]) == ("mentor", 3)


def test_enrolment_input_is_checked_and_refusals_write_nothing(
    member: User,
    director: User,
    community: Community,
    other_community: Community,
    programme: Programme,
    as_user: Any,
) -> None:
    url = f"/api/v1/programmes/{programme.pk}/enrolment"
    client = as_user(member)
    foreign = Competency.objects.filter(community=other_community).first()
    directors_goal = goal_create(
        owner=director,
        community=community,
        competency=Competency.objects.get(community=community, name="Leading change"),
        title="Hers",
        success_looks_like="Clear.",
        visibility="community",
    )
    wanted = _ids(community, "Leading change")

    answers = [
        _put(client, url, {"side": "mentee", "competencies": [foreign.pk]}),  # type: ignore[union-attr]
        _put(client, url, {"side": "mentee", "competencies": _ids(community)[:0]}),
        _put(client, url, {"side": "mentee", "competencies": wanted, "goals": [directors_goal.pk]}),
        _put(client, url, {"side": "mentee", "competencies": wanted, "avoid": [999999]}),
        _put(client, url, {"side": "mentor", "competencies": wanted, "capacity": 0}),
    ]

    # An empty list of competencies and a capacity of 0 fail the schema itself.
    assert [a.status_code for a in answers] == [400, 422, 400, 400, 422]
    assert answers[0].json() == {"detail": "Choose competencies from the community's framework."}
    assert answers[2].json() == {"detail": "Share only your own active goals in this community."}
    assert answers[3].json() == {"detail": "Name only other members of this community."}
    assert "detail" in answers[4].json()
    assert not Enrolment.objects.exists()


def test_enrolling_through_the_api_follows_the_roles_and_the_status(
    member: User,
    guest: User,
    outsider: User,
    community: Community,
    programme: Programme,
    as_user: Any,
) -> None:
    url = f"/api/v1/programmes/{programme.pk}/enrolment"
    payload = {"side": "mentee", "competencies": _ids(community, "Leading change")}
    Programme.objects.filter(pk=programme.pk).update(mentee_roles=["expert"])

    wrong_side = _put(as_user(member), url, payload)
    as_guest = _put(as_user(guest), url, payload)
    as_outsider = _put(as_user(outsider), url, payload)
    Programme.objects.filter(pk=programme.pk).update(
        mentee_roles=["member"], status=ProgrammeStatus.MATCHING
    )
    closed = _put(as_user(member), url, payload)

    assert (wrong_side.status_code, as_guest.status_code, as_outsider.status_code) == (
        403,
        404,
        404,
    )
    assert closed.status_code == 403
    assert closed.json() == {"detail": "You do not have permission to do this."}
    assert not Enrolment.objects.exists()


def test_stewards_list_every_enrolment_but_only_people_see_their_own_goals_and_avoid_list(
    member: User,
    mentor: User,
    director: User,
    outsider: User,
    programme: Programme,
    enrol: Any,
    as_user: Any,
) -> None:
    mine = enrol(member, programme, Side.MENTEE, ["Leading change"], hopes="Grow.")
    mine.avoid.set([director])
    enrol(mentor, programme, Side.MENTOR, ["Developing others"], capacity=3)
    url = f"/api/v1/programmes/{programme.pk}/enrolments"

    everyone = as_user(director).get(url).json()
    own = as_user(member).get(url).json()

    assert everyone["count"] == 2
    by_name = {e["name"]: e for e in everyone["items"]}
    assert by_name["Maya Member"]["hopes"] == "Grow."
    assert by_name["Maya Member"]["avoid"] is None
    assert by_name["Maya Member"]["goals"] is None
    assert by_name["Mona Mentor"]["capacity"] == 3
    assert own["count"] == 1
    assert own["items"][0]["avoid"] == [director.pk]
    assert as_user(outsider).get(url).status_code == 404


def test_a_member_withdraws_with_delete(
    member: User, director: User, programme: Programme, enrol: Any, as_user: Any
) -> None:
    enrol(member, programme, Side.MENTEE, ["Leading change"])
    url = f"/api/v1/programmes/{programme.pk}/enrolment"

    first = as_user(member).delete(url)
    second = as_user(member).delete(url)

    assert first.status_code == 204
    assert Enrolment.objects.get().withdrawn_at is not None
    assert second.status_code == 400
    assert second.json() == {"detail": "You are not enrolled in this programme."}
    counts = as_user(director).get(f"/api/v1/programmes/{programme.pk}").json()["counts"]
    assert (counts["mentees"], counts["withdrawn"]) == (0, 1)


def test_a_refused_status_step_leaves_the_settings_sent_with_it_unchanged(
    director: User, programme: Programme, as_user: Any
) -> None:
    response = as_user(director).patch(
        f"/api/v1/programmes/{programme.pk}",
        {"name": "Renamed", "status": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 400
    programme.refresh_from_db()
    assert (programme.name, programme.status) == ("Cross-regional mentoring 2027", "enrolling")


def test_a_programme_with_pairs_cannot_go_back_to_draft(
    director: User, programme: Programme, make_mentorship: Any, as_user: Any
) -> None:
    make_mentorship()
    response = as_user(director).patch(
        f"/api/v1/programmes/{programme.pk}",
        {"status": "draft"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "cannot go back to draft" in response.json()["detail"]
    programme.refresh_from_db()
    assert programme.status == "enrolling"
