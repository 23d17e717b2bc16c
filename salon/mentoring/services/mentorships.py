"""Every write in a mentorship's shared space: the agreement, the goals the mentee shares,
sessions with their private notes, action items, check-ins and ending early; and what the
other side is told.

Each service is transactional, checks the permission policy and writes the audit log.
The log names the pair and what happened, never the words: its readers are the
community's directors, and the space belongs to the pair alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from salon.core.actions import ActionPlan, action_change, action_fields
from salon.core.audit import audit
from salon.core.permissions import require
from salon.goals.cleaning import clean_line, clean_text
from salon.goals.models import Goal
from salon.goals.services.goals import local_today
from salon.mentoring import notifications as notices
from salon.mentoring.models import (
    ActionItem,
    CheckInStage,
    MentoringCheckIn,
    MentoringSession,
    Mentorship,
    MentorshipStatus,
    PrivateNote,
)
from salon.mentoring.selectors.mentorships import (
    check_in_opens,
    shareable_goals,
)
from salon.notifications.services import notify


def _community(mentorship: Mentorship) -> Any:
    return mentorship.programme.community


# The agreement and the goals shared -------------------------------------------------------


@transaction.atomic
def agreement_update(
    *, actor: Any, mentorship: Mentorship, goals: str, cadence: str, how: str
) -> Mentorship:
    """What we will work on, how often and how we meet: either side, while active."""
    require(actor, "mentorship.edit", mentorship)
    mentorship.agreement_goals = clean_text(
        goals, label=_("What we will work on"), max_length=4000, required=False
    )
    mentorship.agreement_cadence = clean_line(
        cadence, label=_("How often we meet"), max_length=200, required=False
    )
    mentorship.agreement_how = clean_line(
        how, label=_("How we meet"), max_length=300, required=False
    )
    mentorship.agreement_updated_at = timezone.now()
    mentorship.agreement_updated_by = actor
    mentorship.save(
        update_fields=[
            "agreement_goals",
            "agreement_cadence",
            "agreement_how",
            "agreement_updated_at",
            "agreement_updated_by",
        ]
    )
    audit(
        "mentoring.agreement.updated",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
    )
    return mentorship


@transaction.atomic
def shared_goals_set(*, actor: Any, mentorship: Mentorship, goals: Sequence[Goal]) -> list[Goal]:
    """The mentee chooses which of their goals the space lists for the mentor."""
    require(actor, "mentorship.edit", mentorship)
    if actor.pk != mentorship.mentee_id:
        raise ValidationError(_("Only the mentee chooses which goals to share."))
    allowed = set(shareable_goals(mentorship=mentorship).values_list("pk", flat=True))
    chosen = [g for g in goals if g.pk in allowed]
    if len(chosen) != len(goals):
        raise ValidationError(
            _("Share only your own goals in this community that are not “only me”.")
        )
    mentorship.shared_goals.set(chosen)
    audit(
        "mentoring.goals.shared",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
        count=len(chosen),
    )
    return chosen


# Sessions and action items ----------------------------------------------------------------


def _check_session(actor: Any, held_on: date, minutes: int) -> None:
    # A session from before the formal start (an introductory call) is welcome; one in
    # the future is a plan, not a log.
    if held_on > local_today(actor):
        raise ValidationError(_("Log a session once it has happened: the date is in the future."))
    if not 5 <= int(minutes) <= 600:
        raise ValidationError(_("A session lasts from 5 to 600 minutes."))


def _set_private_note(session: MentoringSession, author: Any, text: str) -> None:
    text = clean_text(text, label=_("Private notes"), max_length=10000, required=False)
    if text:
        PrivateNote.objects.update_or_create(
            session=session, author=author, defaults={"text": text}
        )
    else:
        PrivateNote.objects.filter(session=session, author=author).delete()


def _refresh_last_session(mentorship: Mentorship) -> None:
    # From the rows, not from the date in hand: an edit can move the latest session back,
    # and two people logging at once must not leave the older date.
    latest = MentoringSession.objects.filter(mentorship=mentorship).aggregate(d=Max("held_on"))["d"]
    Mentorship.objects.filter(pk=mentorship.pk).update(last_session_on=latest)
    mentorship.last_session_on = latest


def _action_items_create(
    mentorship: Mentorship, plans: Sequence[ActionPlan], session: MentoringSession | None
) -> list[ActionItem]:
    pair = {mentorship.mentee_id, mentorship.mentor_id}
    refusal = _("An action belongs to the mentee or the mentor.")
    rows = [
        ActionItem(
            mentorship=mentorship,
            session=session,
            **action_fields(plan, owners=pair, refusal=refusal),
        )
        for plan in plans
    ]
    return ActionItem.objects.bulk_create(rows)


@transaction.atomic
def session_log(
    *,
    actor: Any,
    mentorship: Mentorship,
    held_on: date,
    minutes: int,
    notes: str = "",
    private_note: str = "",
    actions: Sequence[ActionPlan] = (),
) -> MentoringSession:
    """Log a session (with the actor's private note and new action items); the other side
    is told."""
    require(actor, "mentorship.edit", mentorship)
    _check_session(actor, held_on, minutes)
    session = MentoringSession.objects.create(
        mentorship=mentorship,
        held_on=held_on,
        minutes=int(minutes),
        notes=clean_text(notes, label=_("Shared notes"), max_length=10000, required=False),
        logged_by=actor,
    )
    _set_private_note(session, actor, private_note)
    _action_items_create(mentorship, actions, session)
    _refresh_last_session(mentorship)
    audit(
        "mentoring.session.logged",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
        session=session.pk,
    )
    transaction.on_commit(lambda: session_logged(session_id=session.pk), robust=True)
    return session


@transaction.atomic
def session_update(
    *,
    actor: Any,
    session: MentoringSession,
    held_on: date,
    minutes: int,
    notes: str = "",
    private_note: str = "",
) -> MentoringSession:
    """Either side corrects a session; each keeps their own private note."""
    mentorship = session.mentorship
    require(actor, "mentorship.edit", mentorship)
    _check_session(actor, held_on, minutes)
    session.held_on = held_on
    session.minutes = int(minutes)
    session.notes = clean_text(notes, label=_("Shared notes"), max_length=10000, required=False)
    session.save(update_fields=["held_on", "minutes", "notes"])
    _set_private_note(session, actor, private_note)
    _refresh_last_session(mentorship)
    audit(
        "mentoring.session.updated",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
        session=session.pk,
    )
    return session


@transaction.atomic
def action_item_add(
    *, actor: Any, mentorship: Mentorship, text: str, owner: Any, due_on: date | None = None
) -> ActionItem:
    require(actor, "mentorship.edit", mentorship)
    (item,) = _action_items_create(mentorship, [ActionPlan(text, owner, due_on)], None)
    audit(
        "mentoring.action.added",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
        action_item=item.pk,
    )
    return item


@transaction.atomic
def action_item_update(
    *,
    actor: Any,
    item: ActionItem,
    done: bool | None = None,
    text: str | None = None,
    due_on: date | None = None,
    clear_due: bool = False,
) -> ActionItem:
    """Tick an action done (or not), or change its words or date."""
    mentorship = item.mentorship
    require(actor, "mentorship.edit", mentorship)
    fields = action_change(item, done=done, text=text, due_on=due_on, clear_due=clear_due)
    if fields:
        item.save(update_fields=fields)
        audit(
            "mentoring.action.updated",
            actor=actor,
            target=mentorship,
            community=_community(mentorship),
            action_item=item.pk,
            fields=sorted(fields),
        )
    return item


def action_item_toggle(*, actor: Any, item: ActionItem) -> ActionItem:
    return action_item_update(actor=actor, item=item, done=item.done_at is None)


# Check-ins and the end --------------------------------------------------------------------


@transaction.atomic
def check_in_create(
    *,
    actor: Any,
    mentorship: Mentorship,
    stage: str,
    satisfaction: int,
    progress: int,
    comment: str = "",
) -> MentoringCheckIn:
    """One side's check-in for a stage, once. The other side learns only that it was done."""
    require(actor, "mentorship.edit", mentorship)
    if stage not in CheckInStage.values:
        raise ValidationError(_("A check-in is mid-cycle or end of cycle."))
    opens = check_in_opens(mentorship.programme, stage)
    if local_today(actor) < opens:
        raise ValidationError(
            _("This check-in opens on %(day)s.") % {"day": date_format(opens, "DAY_MONTH_YEAR")}
        )
    for value in (satisfaction, progress):
        if not 1 <= int(value) <= 5:
            raise ValidationError(_("Answer from 1 to 5."))
    if MentoringCheckIn.objects.filter(mentorship=mentorship, author=actor, stage=stage).exists():
        raise ValidationError(_("You have already answered this check-in."))
    check_in = MentoringCheckIn.objects.create(
        mentorship=mentorship,
        author=actor,
        stage=stage,
        satisfaction=int(satisfaction),
        progress=int(progress),
        comment=clean_text(comment, label=_("Anything to add"), max_length=2000, required=False),
    )
    # Only that it was done: the answers themselves stay out of the directors' log.
    audit(
        "mentoring.check_in.created",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
        stage=stage,
    )
    return check_in


@transaction.atomic
def mentorship_end_early(
    *, actor: Any, mentorship: Mentorship, reason: str, wants_rematch: bool = False
) -> Mentorship:
    """End the mentorship before the cycle ends; the other side is told. The mentee's
    enrolment stays, so the programme team can rematch them. When the mentor ends it, the
    mentee did not choose to stop: a rematch is asked for them."""
    require(actor, "mentorship.edit", mentorship)
    reason = clean_text(reason, label=_("The reason"), max_length=2000)
    updated = Mentorship.objects.filter(pk=mentorship.pk, status=MentorshipStatus.ACTIVE).update(
        status=MentorshipStatus.ENDED_EARLY,
        ended_at=timezone.now(),
        ended_by=actor,
        end_reason=reason,
        wants_rematch=bool(wants_rematch) or actor.pk == mentorship.mentor_id,
    )
    if not updated:
        raise ValidationError(_("This mentorship has already ended."))
    mentorship.refresh_from_db(
        fields=["status", "ended_at", "ended_by", "end_reason", "wants_rematch"]
    )
    audit(
        "mentoring.mentorship.ended_early",
        actor=actor,
        target=mentorship,
        community=_community(mentorship),
        wants_rematch=mentorship.wants_rematch,
    )
    transaction.on_commit(
        lambda: ended_early(mentorship_id=mentorship.pk, actor_id=actor.pk), robust=True
    )
    if mentorship.wants_rematch:
        programme_id = mentorship.programme_id
        transaction.on_commit(lambda: _rematch_later(programme_id), robust=True)
    return mentorship


# What the pair is told (kinds registered in notifications.py) -----------------------------


def _mentorship(mentorship_id: int) -> Mentorship:
    return Mentorship.objects.select_related("programme__community", "mentee", "mentor").get(
        pk=mentorship_id
    )


def session_logged(*, session_id: int) -> int:
    session = MentoringSession.objects.select_related("logged_by").get(pk=session_id)
    mentorship = _mentorship(session.mentorship_id)
    if session.logged_by is None:
        return 0
    other = mentorship.other(session.logged_by)
    return notify(
        [other.pk],
        notices.SESSION_LOGGED,
        mentorship,
        session.logged_by,
        community=_community(mentorship),
        data={"date": date_format(session.held_on, "DAY_MONTH_YEAR")},
        url=mentorship.get_absolute_url() + "#sessions",
        key=f"{notices.SESSION_LOGGED}:{session.pk}",
    )


def ended_early(*, mentorship_id: int, actor_id: int) -> int:
    mentorship = _mentorship(mentorship_id)
    actor = mentorship.mentee if actor_id == mentorship.mentee_id else mentorship.mentor
    return notify(
        [mentorship.other(actor).pk],
        notices.ENDED_EARLY,
        mentorship,
        actor,
        community=_community(mentorship),
        key=f"{notices.ENDED_EARLY}:{mentorship.pk}",
    )


def _tell_each_side(
    mentorship: Mentorship, kind: str, key: str, people: Sequence[Any], **data: str
) -> int:
    """Each side by name of the other: one ``notify`` per person."""
    told = 0
    for person in people:
        told += notify(
            [person.pk],
            kind,
            mentorship,
            None,
            community=_community(mentorship),
            data={"other": mentorship.other(person).display_name, **data},
            key=key,
        )
    return told


def session_overdue(*, mentorship: Mentorship, due_on: date) -> int:
    """Both sides, once per overdue date (the key names it)."""
    return _tell_each_side(
        mentorship,
        notices.SESSION_OVERDUE,
        f"{notices.SESSION_OVERDUE}:{mentorship.pk}:{due_on.isoformat()}",
        [mentorship.mentee, mentorship.mentor],
    )


def check_in_due_key(mentorship: Mentorship, stage: str) -> str:
    return f"{notices.CHECK_IN_DUE}:{mentorship.pk}:{stage}"


def check_in_due(*, mentorship: Mentorship, stage: str, people: Sequence[Any]) -> int:
    """Those of the pair who have not answered an open check-in, once per stage."""
    return _tell_each_side(
        mentorship,
        notices.CHECK_IN_DUE,
        check_in_due_key(mentorship, stage),
        people,
        stage=str(CheckInStage(stage).label).lower(),
    )


def _rematch_later(programme_id: int) -> None:
    from salon.mentoring.tasks import rematch_around_accepted

    rematch_around_accepted.enqueue(programme_id=programme_id)
