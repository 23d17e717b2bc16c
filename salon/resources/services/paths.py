"""Every write of learning paths: making them and their steps, following them, marking a
step done (with a reflection or a goal), finishing, and nudging those who are stuck."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.core.audit import audit
from salon.core.permissions import can, require
from salon.resources.models import (
    LearningPath,
    Mark,
    MarkKind,
    PathEnrolment,
    PathStatus,
    PathStep,
    StepCompletion,
    StepKind,
)

# Sent after commit when a member finishes a path (``user``, ``path``, ``completed_at``):
# the growth timeline and the outcome measures listen, or read
# ``selectors.paths_completed``.
path_completed = Signal()

MAX_STEPS = 40
MAX_NUDGE = 500


@dataclass
class PathPlan:
    title: str
    summary: str = ""
    circle: Any = None
    competencies: Sequence[Any] = ()


def _check_plan(plan: PathPlan, community: Any) -> None:
    if not plan.title.strip():
        raise ValidationError(_("Give the path a title."), code="title")
    if plan.circle is not None and plan.circle.community_id != community.pk:
        raise ValidationError(_("That circle is in another community."), code="circle")
    if any(c.community_id != community.pk for c in plan.competencies):
        raise ValidationError(_("That competency is in another community."))


@transaction.atomic
def path_create(*, actor: Any, community: Any, plan: PathPlan) -> LearningPath:
    require(actor, "path.create", community)
    _check_plan(plan, community)
    path = LearningPath.objects.create(
        community=community,
        circle=plan.circle,
        title=plan.title.strip(),
        summary=plan.summary.strip(),
        created_by=actor,
    )
    path.competencies.set(plan.competencies)
    audit("resources.path.created", actor=actor, target=path)
    return path


@transaction.atomic
def path_update(*, actor: Any, path: LearningPath, plan: PathPlan) -> LearningPath:
    require(actor, "path.edit", path)
    _check_plan(plan, path.community)
    path.title, path.summary, path.circle = plan.title.strip(), plan.summary.strip(), plan.circle
    path.save()
    path.competencies.set(plan.competencies)
    audit("resources.path.edited", actor=actor, target=path)
    return path


@transaction.atomic
def path_set_status(*, actor: Any, path: LearningPath, status: str) -> LearningPath:
    require(actor, "path.edit", path)
    if status not in PathStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    if status == PathStatus.PUBLISHED and not path.steps.exists():
        raise ValidationError(_("Add a step before publishing the path."), code="steps")
    path.status = status
    path.save(update_fields=["status", "updated_at"])
    audit(
        "resources.path.published" if status == PathStatus.PUBLISHED else "resources.path.drafted",
        actor=actor,
        target=path,
    )
    return path


@dataclass
class StepPlan:
    kind: str
    title: str
    instructions: str = ""
    resource: Any = None
    event: Any = None
    due_on: Any = None


@transaction.atomic
def step_add(*, actor: Any, path: LearningPath, plan: StepPlan) -> PathStep:
    require(actor, "path.edit", path)
    if plan.kind not in StepKind.values:
        raise ValidationError(_("Choose what kind of step this is."), code="kind")
    if plan.kind == StepKind.RESOURCE and plan.resource is None:
        raise ValidationError(_("Choose the resource to read or watch."), code="resource")
    if plan.kind == StepKind.EVENT and plan.event is None:
        raise ValidationError(_("Choose the session to attend."), code="event")
    for thing in (plan.resource, plan.event):
        if thing is not None and thing.community_id != path.community_id:
            raise ValidationError(_("That is in another community."))
    if plan.resource is not None and not can(actor, "resource.view", plan.resource):
        raise ValidationError(_("Choose a resource you can see."), code="resource")
    if plan.event is not None and not can(actor, "event.view", plan.event):
        raise ValidationError(_("Choose a session you can see."), code="event")
    title = plan.title.strip() or (
        getattr(plan.resource, "title", "") or getattr(plan.event, "title", "")
    )
    if not title:
        raise ValidationError(_("Say what the step is."), code="title")
    LearningPath.objects.select_for_update().filter(pk=path.pk).first()
    position = (path.steps.aggregate(n=Max("position"))["n"] or 0) + 1
    if position > MAX_STEPS:
        raise ValidationError(_("A path has at most %(n)s steps.") % {"n": MAX_STEPS})
    step = PathStep.objects.create(
        path=path,
        position=position,
        kind=plan.kind,
        title=title[:200],
        instructions=plan.instructions.strip(),
        resource=plan.resource,
        event=plan.event,
        due_on=plan.due_on,
    )
    audit("resources.step.added", actor=actor, target=path, step=step.pk, kind=step.kind)
    return step


@transaction.atomic
def step_remove(*, actor: Any, step: PathStep) -> None:
    require(actor, "path.edit", step.path)
    audit("resources.step.removed", actor=actor, target=step.path, step=step.pk)
    step.delete()


@transaction.atomic
def step_move(*, actor: Any, step: PathStep, direction: str) -> PathStep:
    """Move a step one place up or down: it swaps places with its neighbour. The path's
    row is locked first, so two moves at once cannot leave two steps on one place."""
    path = step.path
    require(actor, "path.edit", path)
    if direction not in {"up", "down"}:
        raise ValidationError(_("Choose to move the step up or down."), code="direction")
    LearningPath.objects.select_for_update().filter(pk=path.pk).first()
    steps = list(PathStep.objects.filter(path=path).order_by("position", "pk"))
    index = next((i for i, s in enumerate(steps) if s.pk == step.pk), None)
    if index is None:
        raise ValidationError(_("That step is no longer on the path."), code="step")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(steps):
        return steps[index]  # already first or last: nothing to do
    steps[index], steps[other] = steps[other], steps[index]
    # Positions are renumbered 1..n, which also mends gaps that removed steps left.
    for position, each in enumerate(steps, start=1):
        if each.position != position:
            PathStep.objects.filter(pk=each.pk).update(position=position)
            each.position = position
    moved = steps[other]
    audit(
        "resources.step.moved",
        actor=actor,
        target=path,
        step=moved.pk,
        position=moved.position,
    )
    return moved


def _enrol(user: Any, path: LearningPath) -> PathEnrolment:
    try:
        with transaction.atomic():
            enrolment, _created = PathEnrolment.objects.get_or_create(path=path, user=user)
    except IntegrityError:  # two tabs at once: the other made it
        enrolment = PathEnrolment.objects.get(path=path, user=user)
    return enrolment


@transaction.atomic
def path_follow(*, actor: Any, path: LearningPath) -> PathEnrolment:
    require(actor, "path.follow", path)
    enrolment = _enrol(actor, path)
    audit("resources.path.followed", actor=actor, target=path)
    return enrolment


@transaction.atomic
def step_done(
    *, actor: Any, step: PathStep, reflection: str = "", goal: Any = None
) -> StepCompletion:
    """Mark one step done. A reflection step needs the reflection; a goal step the goal
    the member set (one of their own, in this community). The last step finishes the
    path, which is recorded once."""
    path = step.path
    require(actor, "path.follow", path)
    reflection = (reflection or "").strip()
    if step.kind == StepKind.REFLECTION and not reflection:
        raise ValidationError(_("Write your reflection first."), code="reflection")
    if len(reflection) > 4000:
        raise ValidationError(_("A reflection has at most 4,000 characters."), code="reflection")
    if step.kind == StepKind.GOAL:
        if goal is None:
            raise ValidationError(_("Choose the goal you set."), code="goal")
        if goal.owner_id != actor.pk or goal.community_id != path.community_id:
            raise ValidationError(_("Choose one of your own goals in this community."))
    enrolment = _enrol(actor, path)
    completion = StepCompletion.objects.filter(step=step, user=actor).first()
    if completion is None:
        try:
            with transaction.atomic():
                completion = StepCompletion.objects.create(
                    step=step, user=actor, reflection=reflection, goal=goal
                )
        except IntegrityError:
            completion = StepCompletion.objects.get(step=step, user=actor)
    elif reflection or goal is not None:
        completion.reflection = reflection or completion.reflection
        completion.goal = goal or completion.goal
        completion.save(update_fields=["reflection", "goal"])
    if step.resource_id is not None and can(actor, "resource.mark", step.resource):
        Mark.objects.get_or_create(resource_id=step.resource_id, user=actor, kind=MarkKind.DONE)
    now = timezone.now()
    PathEnrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=now)
    audit("resources.step.done", actor=actor, target=path, step=step.pk)
    remaining = path.steps.exclude(completions__user=actor).exists()
    if not remaining:
        # Recorded once, even when two last steps are marked at the same moment.
        finished = PathEnrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        if finished:
            audit("resources.path.completed", actor=actor, target=path)
            transaction.on_commit(
                lambda: path_completed.send(
                    sender=LearningPath, user=actor, path=path, completed_at=now
                )
            )
    return completion


@transaction.atomic
def step_nudge(*, actor: Any, step: PathStep, user_ids: Sequence[int]) -> int:
    """Remind these members of the step (at most once a day each); returns how many may
    be told. Only people on the path are told."""
    from salon.resources import notifications
    from salon.resources.selectors import path_participants

    require(actor, "path.view_progress", step.path)
    on_path = set(
        path_participants(path=step.path)
        .filter(pk__in=list(user_ids)[:MAX_NUDGE])
        .values_list("pk", flat=True)
    )
    if not on_path:
        raise ValidationError(_("Choose who to remind."), code="people")
    done = set(
        StepCompletion.objects.filter(step=step, user_id__in=on_path).values_list(
            "user_id", flat=True
        )
    )
    to_tell = sorted(on_path - done)
    audit("resources.step.nudged", actor=actor, target=step.path, step=step.pk, people=len(to_tell))
    day = timezone.localdate().isoformat()
    transaction.on_commit(lambda: notifications.step_nudged(step, to_tell, actor, day))
    return len(to_tell)
