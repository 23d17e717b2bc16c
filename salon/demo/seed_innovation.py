"""The Innovation Lab's pipeline for the demo: a standing challenge taking ideas, with about
25 ideas across every stage (two in market, three parked), each with a history of moves
through the gates, co-authors, votes from the lab's members, and a discussion topic; the
demo member leads an idea at the experiment stage. The words are in
``data/innovation.toml``; dates are relative to the day of seeding."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from salon.communities.models import Community, Membership, Role
from salon.core import search
from salon.demo.content import load
from salon.discussions.models import Post, Topic
from salon.goals.models import Competency
from salon.innovation.models import (
    Criterion,
    Idea,
    IdeaAuthor,
    Stage,
    StageMove,
    Vote,
    VoteBudget,
    Voting,
)
from salon.innovation.services.challenges import ChallengePlan, challenge_create
from salon.innovation.services.evaluation import idea_score
from salon.innovation.services.ideas import IdeaText, idea_submit

WORDS = load("innovation")
FLOW = ["idea", "shortlisted", "experiment", "pilot", "scaling", "in_market"]


def seed_innovation(*, director: Any, member: Any, seed: int = 2026) -> int:
    """Returns how many ideas were made."""
    rng = random.Random(seed)
    lab = Community.objects.get(slug="innovation-lab")
    today = timezone.localdate()
    words = WORDS["challenge"]
    people = [
        m.user
        for m in Membership.objects.filter(community=lab)
        .exclude(role=Role.GUEST)
        .select_related("user")
        .order_by("user_id")
    ]
    others = [p for p in people if p.pk not in (director.pk, member.pk)]
    sponsor = next(
        (m.user for m in Membership.objects.filter(community=lab, role=Role.FACILITATOR)),
        director,
    )
    opens = today - timedelta(days=words["opened_days_ago"])
    submit_until = today + timedelta(days=words["submit_days_left"])
    refine_until = submit_until + timedelta(days=words["refine_days"])
    evaluate_until = refine_until + timedelta(days=words["evaluate_days"])
    challenge = challenge_create(
        actor=director,
        community=lab,
        plan=ChallengePlan(
            title=words["title"],
            problem=words["problem"].strip(),
            opens_on=opens,
            submit_until=submit_until,
            refine_until=refine_until,
            evaluate_until=evaluate_until,
            decide_until=evaluate_until + timedelta(days=words["decide_days"]),
            sponsor=sponsor,
            voting=Voting.BUDGET,
            vote_budget=words["vote_budget"],
            business_areas=words["business_areas"],
            competencies=list(
                Competency.objects.filter(community=lab, name__in=words["competencies"])
            ),
        ),
    )
    stages = {s.key: s for s in Stage.objects.filter(community=lab)}
    notes = WORDS["notes"]
    now = timezone.now()
    ideas = []
    for n, spec in enumerate(WORDS["ideas"]):
        lead = member if spec.get("member") else others[n % len(others)]
        idea = idea_submit(
            actor=lead,
            challenge=challenge,
            text=IdeaText(
                title=spec["title"],
                problem=spec["problem"],
                proposal=spec["proposal"],
                impact=spec["impact"],
            ),
        )
        co_authors = rng.sample([p for p in others if p.pk != lead.pk], k=rng.choice([0, 1, 1, 2]))
        IdeaAuthor.objects.bulk_create(IdeaAuthor(idea=idea, user=u) for u in co_authors)
        path = spec.get("path") or FLOW[: FLOW.index(spec["stage"]) + 1]
        _history(idea, path, spec["days"], stages, notes, director, sponsor, now, rng)
        ideas.append(idea)
    _votes(challenge, ideas, people, rng)
    _scores(challenge, ideas, lab, rng)
    return len(ideas)


def _scores(challenge: Any, ideas: list[Idea], lab: Community, rng: random.Random) -> None:
    """The lab's experts score the ideas that went past the first gate: one is lenient,
    one harsh, so the evaluation page has something to calibrate."""
    experts = [
        m.user
        for m in Membership.objects.filter(community=lab, role=Role.EXPERT)
        .select_related("user")
        .order_by("user_id")
    ]
    criteria = list(Criterion.objects.filter(challenge=challenge))
    comments = WORDS["expert_comments"]
    for k, expert in enumerate(experts[:4]):
        offset = [1, 0, 0, -1][k]
        for idea in ideas:
            idea.refresh_from_db(fields=["stage"])
            if (
                idea.stage.key == "idea"
                or IdeaAuthor.objects.filter(idea=idea, user=expert).exists()
            ):
                continue
            quality = 2 + min(FLOW.index(idea.stage.key), 3) if idea.stage.key in FLOW else 2
            values = {
                c.pk: max(1, min(5, quality + offset + rng.choice([-1, 0, 0, 1]))) for c in criteria
            }
            idea_score(
                actor=expert,
                idea=idea,
                values=values,
                comment=rng.choice(comments) if rng.random() < 0.4 else "",
            )


def _history(
    idea: Idea,
    path: list[str],
    days: list[int],
    stages: dict[str, Stage],
    notes: dict[str, list[str]],
    director: Any,
    sponsor: Any,
    now: Any,
    rng: random.Random,
) -> None:
    """Rewrite the idea's history as the data says: submitted ``days[0]`` days ago, then
    through each gate of ``path`` on its day, decided by someone the gate names."""
    times = [now - timedelta(days=d, hours=rng.randint(0, 8)) for d in days]
    first = idea.moves.get()
    first.moved_at = times[0]
    first.save(update_fields=["moved_at"])
    for k in range(1, len(path)):
        stage = stages[path[k]]
        # The sponsor decides some of the gates that name them; the director the rest.
        by_sponsor = "sponsor" in stage.deciders and k % 2 == 1
        decider, hat = (sponsor, "sponsor") if by_sponsor else (director, "director")
        StageMove.objects.create(
            idea=idea,
            from_stage=stages[path[k - 1]],
            to_stage=stage,
            decided_by=decider,
            decided_as=hat,
            criteria=stage.criteria,
            note=rng.choice(notes[path[k]]),
            moved_at=times[k],
            seconds_in_stage=int((times[k] - times[k - 1]).total_seconds()),
        )
    Idea.objects.filter(pk=idea.pk).update(
        stage=stages[path[-1]], stage_entered_at=times[-1], created_at=times[0]
    )
    if idea.topic_id is not None:
        # The idea's discussion opened when it was submitted (not when the seed ran), or
        # when its author joined the lab if that came later: nobody writes before joining.
        opening = Post.objects.select_related("topic").get(topic_id=idea.topic_id, number=1)
        opened = times[0]
        if opening.author_id is not None:
            joined = Membership.objects.get(
                community_id=opening.topic.community_id, user_id=opening.author_id
            ).joined_at
            opened = max(opened, joined + timedelta(hours=1))
        Post.objects.filter(topic_id=idea.topic_id).update(created_at=opened)
        Topic.objects.filter(pk=idea.topic_id).update(created_at=opened, last_activity_at=opened)
    idea.refresh_from_db()
    search.index(idea)


def _votes(challenge: Any, ideas: list[Idea], people: list[Any], rng: random.Random) -> None:
    """Each of most members spreads part of the budget over ideas they did not write."""
    authors: dict[int, set[int]] = {}
    for idea_id, user_id in IdeaAuthor.objects.filter(idea__in=ideas).values_list(
        "idea_id", "user_id"
    ):
        authors.setdefault(idea_id, set()).add(user_id)
    budget = challenge.vote_budget
    votes: dict[tuple[int, int], int] = {}
    for person in people:
        if rng.random() < 0.25:
            continue
        spend = rng.randint(3, budget)
        choices = [i for i in ideas if person.pk not in authors[i.pk]]
        # Earlier ideas that went further drew more votes.
        weights = [1 + FLOW.index(i.stage.key) if i.stage.key in FLOW else 1 for i in choices]
        for idea in rng.choices(choices, weights=weights, k=spend):
            votes[(idea.pk, person.pk)] = votes.get((idea.pk, person.pk), 0) + 1
    Vote.objects.bulk_create(
        Vote(idea_id=i, challenge=challenge, user_id=u, weight=w) for (i, u), w in votes.items()
    )
    spent: dict[int, int] = {}
    for (_i, u), w in votes.items():
        spent[u] = spent.get(u, 0) + w
    VoteBudget.objects.bulk_create(
        VoteBudget(challenge=challenge, user_id=u, spent=s) for u, s in spent.items()
    )
    totals: dict[int, int] = {}
    for (i, _u), w in votes.items():
        totals[i] = totals.get(i, 0) + w
    for idea_id, total in totals.items():
        Idea.objects.filter(pk=idea_id).update(vote_total=F("vote_total") + total)
