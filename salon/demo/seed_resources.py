"""The demo's libraries and the network's cohort path "Leading across cultures", with
members at different steps. The words are in ``data/resources.toml``; the PDFs are written
by ``salon.resources.pdf`` so that search finds the words inside them."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from salon.communities.models import Circle, CircleMembership, Community, Membership, Role
from salon.demo.content import dated, load
from salon.demo.forum_content import COHORT_SLUG
from salon.events.models import Event
from salon.goals.models import Competency, Goal
from salon.resources.models import (
    Comment,
    Mark,
    MarkKind,
    PathEnrolment,
    PathStep,
    Resource,
    ResourceKind,
    StepCompletion,
    StepKind,
)
from salon.resources.pdf import text_pdf
from salon.resources.services.library import ResourcePlan, resource_create
from salon.resources.services.paths import (
    PathPlan,
    StepPlan,
    path_create,
    path_set_status,
    step_add,
    step_done,
)
from salon.resources.tasks import extract_version_text, make_version_preview

WORDS = load("resources")
COMMENTS = WORDS["comments"]
# How many steps each cohort member has done, in turn: a few have not begun, most are
# mid-way, two have finished.
STEPS_DONE = [0, 1, 2, 2, 3, 3, 4, 1, 6, 2, 5, 6, 3, 0]


def _people(community: Community, director: Any) -> dict[str, Any]:
    people = {"director": director}
    for role in (Role.FACILITATOR, Role.EXPERT):
        found = (
            Membership.objects.filter(community=community, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        people[str(role)] = found.user if found else director
    return people


def _publish(
    item: dict[str, Any], *, community: Community, people: dict[str, Any], today: Any
) -> Resource:
    competencies = list(
        Competency.objects.filter(community=community, name__in=item.get("competencies", []))
    )
    upload = None
    if item.get("pdf"):
        paragraphs = [dated(p, today) for p in item["pdf"]]
        upload = SimpleUploadedFile(
            f"{slugify(item['title'])[:60]}.pdf",
            text_pdf(item["title"], paragraphs),
            "application/pdf",
        )
    resource = resource_create(
        actor=people[item["author"]],
        community=community,
        plan=ResourcePlan(
            kind=item["kind"],
            title=item["title"],
            summary=item.get("summary", ""),
            body=item.get("body", "").strip(),
            url=item.get("url", ""),
            tags=item.get("tags", []),
            competencies=competencies,
            published_on=today - timedelta(days=item.get("days_ago", 0)),
        ),
        upload=upload,
        note="First version",
    )
    if resource.current_version_id:
        # Read and drawn now, so search finds the words and the library shows the first
        # pages as soon as the demo is up.
        extract_version_text.call(version_id=resource.current_version_id)
        make_version_preview.call(version_id=resource.current_version_id)
    return resource


def _recordings(community: Community, people: dict[str, Any], today: Any) -> None:
    """The monthly webinar's past sessions, each as a video in the library."""
    past = (
        Event.objects.filter(
            community=community,
            series__isnull=False,
            format__slug="webinar",
            ends_at__lt=timezone.now(),
        )
        .order_by("starts_at")
        .select_related("circle")
    )
    for event in past:
        day = timezone.localtime(event.starts_at).date()
        resource_create(
            actor=people["facilitator"],
            community=community,
            plan=ResourcePlan(
                kind=ResourceKind.VIDEO,
                title=f"Recording: {event.title.split(' — ')[0]}, {day:%B %Y}",
                summary=WORDS["network"]["webinar_summary"],
                url=f"https://video.example.com/salon/webinar-{day:%Y-%m}",
                tags=["webinar", "recording"],
                competencies=list(
                    Competency.objects.filter(community=community, name="Strategic thinking")
                ),
                event=event,
                published_on=day,
            ),
        )


def _usage(community: Community, rng: random.Random, member: Any) -> None:
    """Views, "useful", saves, done and a few comments, so the library shows what peers
    found useful and the curators see their counts."""
    people = list(
        Membership.objects.filter(
            community=community, role__in=[Role.MEMBER, Role.MENTOR, Role.EXPERT]
        ).values_list("user_id", flat=True)
    )
    marks = []
    for resource in Resource.objects.filter(community=community):
        readers = rng.sample(people, min(len(people), rng.randint(3, 14)))
        for user_id in readers:
            marks.append(Mark(resource=resource, user_id=user_id, kind=MarkKind.DONE))
            if rng.random() < 0.5:
                marks.append(Mark(resource=resource, user_id=user_id, kind=MarkKind.USEFUL))
        Resource.objects.filter(pk=resource.pk).update(view_count=len(readers) * rng.randint(2, 4))
        if rng.random() < 0.35:
            Comment.objects.create(
                resource=resource, author_id=rng.choice(readers), body=rng.choice(COMMENTS)
            )
    Mark.objects.bulk_create(marks, ignore_conflicts=True)
    # The demo member has saved one resource for later.
    first = Resource.objects.filter(community=community, kind=ResourceKind.TEMPLATE).first()
    if first is not None:
        Mark.objects.get_or_create(resource=first, user=member, kind=MarkKind.BOOKMARK)


def _path(community: Community, people: dict[str, Any], member: Any, rng: random.Random) -> None:
    words = WORDS["path"]
    today = timezone.localdate()
    cohort = Circle.objects.get(community=community, slug=COHORT_SLUG)
    facilitator = people["facilitator"]
    path = path_create(
        actor=facilitator,
        community=community,
        plan=PathPlan(
            title=words["title"],
            summary=words["summary"],
            circle=cohort,
            competencies=list(
                Competency.objects.filter(community=community, name__in=words["competencies"])
            ),
        ),
    )
    workshop = (
        Event.objects.filter(
            community=community, format__slug="workshop", starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    for item in words["steps"]:
        kind = item["kind"]
        if kind == StepKind.EVENT and workshop is None:
            kind = StepKind.REFLECTION
        step_add(
            actor=facilitator,
            path=path,
            plan=StepPlan(
                kind=kind,
                title=item.get("title", ""),
                instructions=item.get("instructions", ""),
                resource=_titled(community, item.get("resource")),
                event=workshop if kind == StepKind.EVENT else None,
                due_on=today + timedelta(days=item["due_in_days"]),
            ),
        )
    path_set_status(actor=facilitator, path=path, status="published")
    steps = list(path.steps.all())
    cohort_people = [
        cm.user
        for cm in CircleMembership.objects.filter(circle=cohort)
        .select_related("user")
        .order_by("user_id")
        if cm.user_id not in {facilitator.pk, people["director"].pk}
    ]
    reflections = [r["text"] for r in words["reflections"]]
    now = timezone.now()
    for n, person in enumerate(cohort_people):
        done = 2 if person.pk == member.pk else STEPS_DONE[n % len(STEPS_DONE)]
        _walk(person, steps[:done], community, reflections, rng)
        # Spread what they did over the past weeks; some stalled two or three weeks ago.
        idle = timedelta(days=rng.choice([1, 3, 5, 18, 24]) if done < len(steps) else 2)
        start = now - idle - timedelta(days=3 * done)
        for k, step in enumerate(steps[:done]):
            StepCompletion.objects.filter(step=step, user=person).update(
                done_at=start + timedelta(days=3 * k)
            )
        PathEnrolment.objects.filter(path=path, user=person).update(
            started_at=start, last_activity_at=now - idle
        )


def _titled(community: Community, title: str | None) -> Resource | None:
    if title is None:
        return None
    return Resource.objects.filter(community=community, title=title).first()


def _walk(
    person: Any, steps: list[PathStep], community: Community, reflections: list[str], rng: Any
) -> None:
    for step in steps:
        goal = None
        if step.kind == StepKind.GOAL:
            goal = Goal.objects.filter(owner=person, community=community).first()
            if goal is None:
                return
        step_done(
            actor=person,
            step=step,
            reflection=rng.choice(reflections) if step.kind == StepKind.REFLECTION else "",
            goal=goal,
        )


def seed_resources(*, director: Any, member: Any) -> None:
    rng = random.Random(15)
    today = timezone.localdate()
    for key in ("network", "lab"):
        words = WORDS[key]
        community = Community.objects.get(slug=words["slug"])
        people = _people(community, director)
        for item in words["resources"]:
            _publish(item, community=community, people=people, today=today)
        if key == "network":
            _recordings(community, people, today)
        _usage(community, rng, member)
        if key == "network":
            _path(community, people, member, rng)
