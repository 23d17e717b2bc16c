"""A small world of real records for the outcome pages (tests here and in tests/browser)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import join, make_user
from salon.analytics.rollups import roll_up_community, snapshots_store
from salon.communities.models import Circle, CircleMembership, Community


def newcomers(community: Community, director: Any) -> Callable[..., list[Any]]:
    """``make(n, start=…)``: ``n`` new members of a circle "Europe" in Europe (with the
    director) who each write in the forum (a question answered by the director), say they
    will go to a session and attend it, check in on a goal, meet a mentor (the director)
    and finish a path step, all in the last week; then the hourly rollup runs, as it would
    have by the time a director looks."""
    from salon.discussions.models import Category, Post, Topic, TopicKind, TopicRead
    from salon.events.models import Attendance, Event, EventFormat, Rsvp, RsvpStatus
    from salon.goals.models import CheckIn, Competency, Goal
    from salon.mentoring.models import MentoringSession, Mentorship, Programme
    from salon.resources.models import LearningPath, PathStep, StepCompletion

    now = timezone.now()
    circle, _ = Circle.objects.get_or_create(community=community, slug="europe", name="Europe")
    # The director (in Europe too) answers and mentors: in the newcomers' group, so counted.
    CircleMembership.objects.get_or_create(circle=circle, user=director)
    category, _ = Category.objects.get_or_create(community=community, name="General")
    competency, _ = Competency.objects.get_or_create(community=community, name="Influence")
    programme, _ = Programme.objects.get_or_create(
        community=community,
        name="Mentoring",
        defaults={"starts_on": now.date() - timedelta(days=60), "ends_on": now.date()},
    )
    roundtable, _ = EventFormat.objects.get_or_create(slug="roundtable", name="Roundtable")
    path, _ = LearningPath.objects.get_or_create(
        community=community, title="Leading change", status="published"
    )

    def make(n: int, *, start: int = 0) -> list[Any]:
        people = []
        for i in range(start, start + n):
            user = make_user(f"m{i}@acme.test", f"Member {i}", region="emea")
            join(user, community)
            CircleMembership.objects.create(circle=circle, user=user)
            when = now - timedelta(days=2)
            topic = Topic.objects.create(
                category=category,
                community=community,
                kind=TopicKind.QUESTION,
                title=f"Question {i}",
                author=user,
                last_activity_at=when,
            )
            Topic.objects.filter(pk=topic.pk).update(created_at=when)
            Post.objects.create(topic=topic, number=1, author=user, body="How?")
            Post.objects.create(topic=topic, number=2, author=director, body="Like this.")
            TopicRead.objects.create(user=user, topic=topic, last_read_number=2)
            event = Event.objects.create(
                community=community,
                title=f"Roundtable {i}",
                format=roundtable,
                timezone="UTC",
                starts_at=when,
                ends_at=when + timedelta(hours=1),
            )
            Rsvp.objects.create(event=event, user=user, status=RsvpStatus.GOING, requested_at=when)
            Attendance.objects.create(event=event, user=user)
            goal = Goal.objects.create(
                owner=user,
                community=community,
                competency=competency,
                title=f"Goal {i}",
                success_looks_like="Done.",
                visibility="only_me",
                next_check_in_due=now.date(),
                last_check_in_at=when,
            )
            CheckIn.objects.create(goal=goal, at=when, progress=50, confidence=3)
            mentorship = Mentorship.objects.create(
                programme=programme, mentee=user, mentor=director, started_at=when
            )
            MentoringSession.objects.create(
                mentorship=mentorship, held_on=when.date(), minutes=45, logged_by=user
            )
            step = PathStep.objects.create(
                path=path, position=i, kind="reflection", title=f"Step {i}"
            )
            StepCompletion.objects.create(step=step, user=user)
            people.append(user)
        roll_up_community(community)
        snapshots_store(community)
        return people

    return make
