"""Challenges and ideas as people meet them: the list, a challenge's page, submitting an
idea (with similar ones suggested as the title is typed), joining one, editing."""

from __future__ import annotations

from typing import Any

from conftest import client_for
from salon.innovation.models import Idea, IdeaAuthor


def test_a_member_finds_the_open_challenge_in_the_communitys_ideas_tab(
    member: Any, challenge: Any
) -> None:
    home = client_for(member).get("/c/acme/")
    assert 'href="/c/acme/challenges/"' in home.content.decode()
    response = client_for(member).get("/c/acme/challenges/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cut onboarding time for new clients" in page
    assert "Submit ideas" in page  # the phase it is in


def test_a_community_without_challenges_shows_no_ideas_tab(member: Any) -> None:
    assert 'href="/c/acme/challenges/"' not in client_for(member).get("/c/acme/").content.decode()


def test_an_empty_list_tells_stewards_how_to_start(director: Any, community: Any) -> None:
    page = client_for(director).get("/c/acme/challenges/").content.decode()
    assert "No challenges yet." in page
    assert "New challenge" in page


def test_a_director_opens_a_challenge_with_a_timeline(director: Any, community: Any) -> None:
    response = client_for(director).post(
        "/c/acme/challenges/new/",
        {
            "title": "Halve the cost of serving small customers",
            "problem": "Small accounts cost as much to serve as large ones.",
            "opens_on": "2030-01-01",
            "submit_until": "2030-01-31",
            "refine_until": "2030-02-14",
            "evaluate_until": "2030-02-28",
            "decide_until": "2030-03-07",
            "voting": "budget",
            "vote_budget": "5",
            "business_areas": "Operations, Customer service",
        },
    )
    assert response.status_code == 302
    challenge = community.challenges.get()
    assert challenge.vote_budget == 5
    assert challenge.business_areas == ["Operations", "Customer service"]
    assert challenge.category is not None  # where its ideas are discussed
    community.refresh_from_db()
    assert community.uses_challenges
    page = client_for(director).get(response["Location"]).content.decode()
    assert "Opens soon" not in page or "1 Jan" in page


def test_phases_out_of_order_are_refused_and_nothing_is_written(
    director: Any, community: Any
) -> None:
    response = client_for(director).post(
        "/c/acme/challenges/new/",
        {
            "title": "Backwards",
            "problem": "Dates run backwards.",
            "opens_on": "2030-02-01",
            "submit_until": "2030-01-01",
            "refine_until": "2030-02-14",
            "evaluate_until": "2030-02-28",
            "decide_until": "2030-03-07",
            "voting": "support",
            "vote_budget": "10",
        },
    )
    assert response.status_code == 400
    assert "The phases follow each other" in response.content.decode()
    assert not community.challenges.exists()


def test_a_member_submits_an_idea_with_its_discussion(member: Any, challenge: Any) -> None:
    response = client_for(member).post(
        f"/challenges/{challenge.pk}/ideas/new/",
        {
            "title": "A single client portal",
            "problem": "Clients email documents to five addresses.",
            "proposal": "One portal with a checklist.",
            "impact": "Three weeks faster.",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.stage.key == "idea"
    assert list(idea.authors.all()) == [member]
    assert idea.topic is not None
    assert idea.topic.category_id == challenge.category_id
    assert idea.moves.get().to_stage == idea.stage
    page = client_for(member).get(response["Location"]).content.decode()
    assert "A single client portal" in page
    assert "Clients email documents to five addresses." in page
    assert "Read and comment" in page


def test_an_idea_without_a_proposal_is_refused(member: Any, challenge: Any) -> None:
    response = client_for(member).post(
        f"/challenges/{challenge.pk}/ideas/new/",
        {"title": "Half an idea", "problem": "Something.", "proposal": "  "},
    )
    assert response.status_code == 400
    assert not Idea.objects.exists()


def test_a_guest_reads_ideas_but_cannot_submit(guest: Any, challenge: Any, idea: Any) -> None:
    assert client_for(guest).get(idea.get_absolute_url()).status_code == 200
    assert client_for(guest).get(f"/challenges/{challenge.pk}/ideas/new/").status_code == 403


def test_ideas_wait_for_the_challenge_to_open(member: Any, make_challenge: Any) -> None:
    from datetime import date

    later = make_challenge(
        opens_on=date(2030, 1, 1),
        submit_until=date(2030, 2, 1),
        refine_until=date(2030, 3, 1),
        evaluate_until=date(2030, 4, 1),
        decide_until=date(2030, 5, 1),
    )
    assert client_for(member).get(f"/challenges/{later.pk}/ideas/new/").status_code == 403
    page = client_for(member).get(later.get_absolute_url()).content.decode()
    assert "Ideas open on 1 January." in page


def test_similar_ideas_are_suggested_while_the_title_is_typed(
    director: Any, facilitator: Any, member: Any, challenge: Any, make_idea: Any
) -> None:
    make_idea(facilitator, "Verify client identity with their banking app")
    make_idea(
        facilitator,
        "A lounge for visiting executives",
        problem="Visitors wait in the lobby.",
        proposal="Open a quiet room on the top floor.",
    )
    response = client_for(member).get(
        f"/challenges/{challenge.pk}/ideas/similar/", {"title": "identity verification online"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verify client identity with their banking app" in page
    assert "A lounge for visiting executives" not in page
    assert "Join as co-author" in page


def test_similar_ideas_never_show_what_the_viewer_may_not_see(
    director: Any, member: Any, private_circle: Any, make_challenge: Any, make_idea: Any
) -> None:
    board_only = make_challenge(title="Board matters", circle=private_circle)
    make_idea(director, "Confidential identity overhaul", on=board_only)
    public = make_challenge()
    response = client_for(member).get(
        f"/challenges/{public.pk}/ideas/similar/", {"title": "identity overhaul"}
    )
    assert "Confidential identity overhaul" not in response.content.decode()


def test_joining_an_idea_makes_a_co_author_instead_of_a_duplicate(
    facilitator: Any, member: Any, idea: Any
) -> None:
    response = client_for(facilitator).post(f"/ideas/{idea.pk}/join/")
    assert response.status_code == 302
    assert IdeaAuthor.objects.filter(idea=idea, user=facilitator, is_lead=False).exists()
    assert client_for(facilitator).post(f"/ideas/{idea.pk}/join/").status_code == 403
    page = client_for(member).get(idea.get_absolute_url()).content.decode()
    assert "Fred Facilitator" in page


def test_an_author_edits_their_idea_and_another_member_may_not(
    member: Any, facilitator: Any, community: Any, idea: Any
) -> None:
    from conftest import join, make_user

    other = make_user("otto@acme.test", "Otto Other")
    join(other, community)
    data = {"title": "Identity checks in an hour", "problem": "Slow.", "proposal": "Faster."}
    assert client_for(other).post(f"/ideas/{idea.pk}/edit/", data).status_code == 403
    assert client_for(member).post(f"/ideas/{idea.pk}/edit/", data).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Identity checks in an hour"


def test_an_outsider_learns_nothing_of_a_challenge_or_an_idea(
    outsider: Any, challenge: Any, idea: Any
) -> None:
    client = client_for(outsider)
    assert client.get(challenge.get_absolute_url()).status_code == 404
    assert client.get(idea.get_absolute_url()).status_code == 404
    assert client.get("/c/acme/challenges/").status_code == 404
