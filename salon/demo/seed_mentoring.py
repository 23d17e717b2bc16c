"""Mentoring for the demo: a cross-regional programme in the Global Executive Network,
matched by the real engine seven weeks ago, with active pairs and logged sessions, the
demo member as a mentee, four late enrolments waiting for the next run; and a reverse
mentoring programme in the Innovation Lab where mentees choose (docs/mentoring.md)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from salon.communities.models import Community, Membership, Role
from salon.demo.content import dated, load
from salon.goals.models import Competency, Goal, GoalStatus, GoalVisibility
from salon.mentoring.models import (
    ActionItem,
    Answer,
    Enrolment,
    MatchingMode,
    MatchStatus,
    MentoringSession,
    Mentorship,
    PrivateNote,
    Programme,
    ProgrammeStatus,
    RunStatus,
    Side,
)
from salon.mentoring.services.matching import run_matching

MENTORING = load("mentoring")


def _competencies(community: Community, *names: str) -> list[Competency]:
    return list(Competency.objects.filter(community=community, name__in=names))


def _enrol(
    programme: Programme, user: Any, side: str, competencies: list[Competency], **fields: Any
) -> Enrolment:
    enrolment = Enrolment.objects.create(programme=programme, user=user, side=side, **fields)
    enrolment.competencies.set(competencies)
    return enrolment


def _gen_programme(director: Any, member: Any, rng: random.Random, now: Any) -> Programme:
    gen = Community.objects.get(slug="global-executive-network")
    framework = list(Competency.objects.filter(community=gen, retired_at__isnull=True))
    words = MENTORING["network"]
    share = words["target_share"]
    programme = Programme.objects.create(
        community=gen,
        name=dated(words["name"], now.date()),
        description=words["description"].format(share=share),
        starts_on=(now - timedelta(days=49)).date(),
        ends_on=(now + timedelta(days=133)).date(),
        enrolment_closes_on=(now - timedelta(days=56)).date(),
        status=ProgrammeStatus.ENROLLING,
        target_attribute="cross_region",
        target_share=share,
        created_by=director,
    )
    memberships = list(
        Membership.objects.filter(community=gen)
        .exclude(user_id__in=[director.pk, member.pk])
        .select_related("user")
        .order_by("user_id")
    )
    mentors = [m.user for m in memberships if m.role in (Role.MENTOR, Role.EXPERT)]
    mentors += [m.user for m in memberships if m.role == Role.FACILITATOR][:2]
    members = [m.user for m in memberships if m.role == Role.MEMBER]
    for user in mentors:
        _enrol(
            programme,
            user,
            Side.MENTOR,
            rng.sample(framework, 4),
            capacity=rng.choice([1, 2, 2, 3]),
            availability=MENTORING["availability"],
        )
    daniel = _enrol(
        programme,
        member,
        Side.MENTEE,
        _competencies(gen, "Developing others", "Collaborating across boundaries"),
        hopes=words["member"]["hopes"],
        region_preference="different",
    )
    daniel.goals.set(
        Goal.objects.filter(owner=member, community=gen, status=GoalStatus.ACTIVE).exclude(
            visibility=GoalVisibility.ONLY_ME
        )
    )
    first_wave, late = members[:18], members[18:22]
    for user in first_wave:
        _enrol(
            programme,
            user,
            Side.MENTEE,
            rng.sample(framework, 2),
            hopes=rng.choice(MENTORING["hopes"]),
        )
    run = run_matching(programme, actor=director)  # the real engine, target included
    started = now - timedelta(days=47)
    run.matches.update(
        status=MatchStatus.ACCEPTED,
        mentee_answer=Answer.ACCEPTED,
        mentor_answer=Answer.ACCEPTED,
        published_at=now - timedelta(days=49),
        respond_by=now - timedelta(days=42),
        decided_at=started,
    )
    type(run).objects.filter(pk=run.pk).update(
        status=RunStatus.PUBLISHED,
        created_at=now - timedelta(days=50),
        published_at=now - timedelta(days=49),
    )
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.ACTIVE)
    matches = list(run.matches.select_related("mentee", "mentor").order_by("pk"))
    # One mentor declined a pair; that mentee waits for the next run with the late ones.
    declined = next(m for m in matches if m.mentee_id != member.pk)
    declined.status, declined.mentor_answer = MatchStatus.DECLINED, Answer.DECLINED
    declined.decline_reason = words["decline_reason"]
    declined.save()
    for match in matches:
        if match.pk == declined.pk:
            continue
        mentorship = Mentorship.objects.create(
            programme=programme,
            match=match,
            mentee=match.mentee,
            mentor=match.mentor,
            started_at=started,
            agreement_cadence=words["agreement_cadence"],
            agreement_how=words["agreement_how"],
            agreement_updated_at=started + timedelta(days=2),
            agreement_updated_by=match.mentee,
        )
        if match.mentee_id == member.pk:
            _daniel_space(mentorship, member, now)
            continue
        for n in range(rng.randint(0, 3)):
            held = (started + timedelta(days=5 + 18 * n + rng.randint(0, 4))).date()
            MentoringSession.objects.create(
                mentorship=mentorship,
                held_on=held,
                minutes=rng.choice([45, 60, 60, 90]),
                notes=rng.choice(MENTORING["session_notes"]),
                logged_by=rng.choice([match.mentee, match.mentor]),
            )
            mentorship.last_session_on = held
        mentorship.save()
    for user in late:
        _enrol(
            programme,
            user,
            Side.MENTEE,
            rng.sample(framework, 2),
            hopes=rng.choice(MENTORING["hopes"]),
        )
    return programme


def _daniel_space(mentorship: Mentorship, member: Any, now: Any) -> None:
    words = MENTORING["network"]["member"]
    notes = MENTORING["session_notes"]
    mentorship.agreement_goals = dated(words["agreement"], now.date())
    mentorship.shared_goals.set(
        Goal.objects.filter(
            owner=member,
            community=mentorship.programme.community,
            status=GoalStatus.ACTIVE,
        ).filter(Q(visibility=GoalVisibility.MENTOR) | Q(visibility=GoalVisibility.COMMUNITY))
    )
    first = MentoringSession.objects.create(
        mentorship=mentorship,
        held_on=(now - timedelta(days=40)).date(),
        minutes=60,
        notes=notes[0],
        logged_by=mentorship.mentor,
    )
    second = MentoringSession.objects.create(
        mentorship=mentorship,
        held_on=(now - timedelta(days=19)).date(),
        minutes=45,
        notes=notes[2],
        logged_by=member,
    )
    PrivateNote.objects.create(
        session=second,
        author=member,
        text=words["private_note"],
    )
    ActionItem.objects.create(
        mentorship=mentorship,
        session=first,
        text=words["done_action"],
        owner=member,
        due_on=(now - timedelta(days=30)).date(),
        done_at=now - timedelta(days=31),
    )
    ActionItem.objects.create(
        mentorship=mentorship,
        session=second,
        text=words["open_action"],
        owner=member,
        due_on=(now + timedelta(days=9)).date(),
    )
    ActionItem.objects.create(
        mentorship=mentorship,
        session=second,
        text=words["mentor_action"],
        owner=mentorship.mentor,
        due_on=(now - timedelta(days=12)).date(),
    )
    mentorship.last_session_on = second.held_on
    mentorship.save()


def _lab_programme(director: Any, member: Any, rng: random.Random, now: Any) -> Programme:
    lab = Community.objects.get(slug="innovation-lab")
    programme = Programme.objects.create(
        community=lab,
        name=MENTORING["lab"]["name"],
        description=MENTORING["lab"]["description"],
        starts_on=(now + timedelta(days=10)).date(),
        ends_on=(now + timedelta(days=100)).date(),
        status=ProgrammeStatus.ENROLLING,
        mode=MatchingMode.MENTEE_CHOICE,
        reverse=True,
        reverse_topic=MENTORING["lab"]["reverse_topic"],
        default_capacity=2,
        created_by=director,
    )
    ai = _competencies(lab, "Innovation and learning agility", "Leading change")
    people = list(
        Membership.objects.filter(community=lab, role__in=[Role.MEMBER, Role.EXPERT])
        .exclude(user_id=member.pk)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in people[:6]:
        _enrol(programme, membership.user, Side.MENTOR, ai, capacity=2)
    _enrol(
        programme,
        member,
        Side.MENTEE,
        ai[:1],
        hopes=MENTORING["lab"]["member_hopes"],
    )
    return programme


def seed_mentoring(*, director: Any, member: Any, seed: int = 2026) -> int:
    """Both demo programmes; returns how many mentorships are active."""
    rng = random.Random(seed)
    now = timezone.now()
    _gen_programme(director, member, rng, now)
    _lab_programme(director, member, rng, now)
    return Mentorship.objects.count()
