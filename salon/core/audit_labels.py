"""What the audit log's keys and details mean, in the words of the people who read it.

Every key passed to ``audit()`` has a label here (``core/tests/test_audit_labels.py`` fails
on one that has none). The page shows labels and names; the CSV export keeps the raw keys
and ids for tools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS: dict[str, Any] = {
    # Accounts and sign-in
    "accounts.account.created": gettext_lazy("Account created"),
    "accounts.account.deactivated": gettext_lazy("Account deactivated"),
    "accounts.account.erased": gettext_lazy("Account erased"),
    "accounts.api_token.created": gettext_lazy("Personal access token created"),
    "accounts.api_token.revoked": gettext_lazy("Personal access token revoked"),
    "accounts.block.created": gettext_lazy("Blocked someone"),
    "accounts.block.removed": gettext_lazy("Unblocked someone"),
    "accounts.data.exported": gettext_lazy("Personal data downloaded"),
    "accounts.deletion.requested": gettext_lazy("Account deletion requested"),
    "accounts.user.logged_in": gettext_lazy("Signed in"),
    "accounts.login.failed": gettext_lazy("Sign-in failed"),
    "accounts.user.logged_out": gettext_lazy("Signed out"),
    "accounts.mfa.added": gettext_lazy("Two-step sign-in added"),
    "accounts.mfa.removed": gettext_lazy("Two-step sign-in removed"),
    "accounts.password.changed": gettext_lazy("Password changed"),
    "core.audit_log.exported": gettext_lazy("Audit log exported"),
    "core.attachment.added": gettext_lazy("File attached"),
    "core.attachment.removed": gettext_lazy("File removed"),
    "demo.data.seeded": gettext_lazy("Demo data loaded"),
    # Single sign-on through the organisation's identity provider
    "sso.provider.created": gettext_lazy("Single sign-on provider added"),
    "sso.provider.updated": gettext_lazy("Single sign-on provider changed"),
    "sso.provider.deleted": gettext_lazy("Single sign-on provider deleted"),
    "sso.policy.updated": gettext_lazy("Sign-in rules changed"),
    "sso.account.created": gettext_lazy("Account created at first single sign-on"),
    "sso.account.updated": gettext_lazy("Profile updated from the identity provider"),
    "sso.sign_in.failed": gettext_lazy("Single sign-on failed"),
    "sso.password_sign_in.refused": gettext_lazy(
        "Password refused: the address must use single sign-on"
    ),
    # Provisioning from the organisation's directory
    "scim.token.created": gettext_lazy("Provisioning token made"),
    "scim.token.revoked": gettext_lazy("Provisioning token revoked"),
    "scim.user.provisioned": gettext_lazy("Account provisioned by the directory"),
    "scim.user.updated": gettext_lazy("Account updated by the directory"),
    "scim.user.deactivated": gettext_lazy("Account switched off by the directory"),
    "scim.user.reactivated": gettext_lazy("Account switched back on by the directory"),
    "scim.user.deleted": gettext_lazy("Account removed by the directory"),
    "scim.group.created": gettext_lazy("Directory group added"),
    "scim.group.updated": gettext_lazy("Directory group changed"),
    "scim.group.deleted": gettext_lazy("Directory group removed"),
    "scim.group.linked": gettext_lazy("Directory group pointed at a community or circle"),
    "scim.membership.granted": gettext_lazy("Joined through a directory group"),
    "scim.membership.removed": gettext_lazy("Removed through a directory group"),
    "scim.circle_membership.granted": gettext_lazy("Joined a circle through a directory group"),
    "scim.circle_membership.removed": gettext_lazy("Left a circle through a directory group"),
    # Webhooks
    "webhooks.endpoint.created": gettext_lazy("Webhook added"),
    "webhooks.endpoint.updated": gettext_lazy("Webhook changed"),
    "webhooks.endpoint.enabled": gettext_lazy("Webhook switched on"),
    "webhooks.endpoint.disabled": gettext_lazy("Webhook switched off"),
    "webhooks.endpoint.deleted": gettext_lazy("Webhook deleted"),
    "webhooks.secret.rotated": gettext_lazy("Webhook signing secret replaced"),
    "webhooks.delivery.redelivered": gettext_lazy("Webhook delivery sent again"),
    # Communities, circles and members
    "communities.circle.created": gettext_lazy("Circle created"),
    "communities.circle.member_added": gettext_lazy("Added to a circle"),
    "communities.circle.member_removed": gettext_lazy("Taken out of a circle"),
    "communities.circle.lead_changed": gettext_lazy("Circle lead changed"),
    "communities.circle.updated": gettext_lazy("Circle changed"),
    "communities.circle.archived": gettext_lazy("Circle archived"),
    "communities.circle.restored": gettext_lazy("Circle brought back"),
    "communities.community.created": gettext_lazy("Community created"),
    "communities.community.updated": gettext_lazy("Community settings changed"),
    "communities.invitation.accepted": gettext_lazy("Invitation accepted"),
    "communities.invitation.created": gettext_lazy("Invitation sent"),
    "communities.invitation.csv_imported": gettext_lazy("Invitations sent from a spreadsheet"),
    "communities.invitation.revoked": gettext_lazy("Invitation withdrawn"),
    "communities.join_request.approved": gettext_lazy("Request to join approved"),
    "communities.join_request.created": gettext_lazy("Asked to join"),
    "communities.join_request.declined": gettext_lazy("Request to join declined"),
    "communities.membership.left": gettext_lazy("Left the community"),
    "communities.membership.removed": gettext_lazy("Member removed"),
    "communities.membership.role_changed": gettext_lazy("Role changed"),
    "communities.membership.joined": gettext_lazy("Joined an open community"),
    # Feedback between members, praise and growth timelines
    "feedback.growth.shared": gettext_lazy("Growth timeline shared"),
    "feedback.growth.unshared": gettext_lazy("Growth timeline no longer shared"),
    "feedback.peer_feedback.given": gettext_lazy("Feedback given unasked"),
    "feedback.peer_feedback.goal_set": gettext_lazy("Goal set from feedback received"),
    "feedback.peer_feedback.shared": gettext_lazy("Feedback received shared with a mentor"),
    "feedback.peer_feedback.unshared": gettext_lazy("Feedback received no longer shared"),
    "feedback.praise.given": gettext_lazy("Praise given"),
    "feedback.request.answered": gettext_lazy("Feedback request answered"),
    "feedback.request.created": gettext_lazy("Feedback asked for"),
    "feedback.request.declined": gettext_lazy("Feedback request declined"),
    "feedback.settings.updated": gettext_lazy("Feedback settings changed"),
    # Forums
    "discussions.answer.accepted": gettext_lazy("Answer accepted"),
    "discussions.answer.unaccepted": gettext_lazy("Accepted answer withdrawn"),
    "discussions.category.archived": gettext_lazy("Forum category archived"),
    "discussions.category.created": gettext_lazy("Forum category created"),
    "discussions.category.deleted": gettext_lazy("Forum category deleted"),
    "discussions.category.moved": gettext_lazy("Forum category moved"),
    "discussions.category.unarchived": gettext_lazy("Forum category brought back"),
    "discussions.category.updated": gettext_lazy("Forum category changed"),
    "discussions.flag.created": gettext_lazy("Post reported"),
    "discussions.flags.resolved": gettext_lazy("Reports resolved"),
    "discussions.member.warned": gettext_lazy("Member warned"),
    "discussions.post.deleted": gettext_lazy("Post deleted"),
    "discussions.post.edited": gettext_lazy("Post edited"),
    "discussions.post.hidden": gettext_lazy("Post hidden"),
    "discussions.post.restored": gettext_lazy("Post shown again"),
    "discussions.topic.archived": gettext_lazy("Topic archived"),
    "discussions.topic.closed": gettext_lazy("Topic closed"),
    "discussions.post.created": gettext_lazy("Reply posted"),
    "discussions.topic.created": gettext_lazy("Topic started"),
    "discussions.topic.edited": gettext_lazy("Topic edited"),
    "discussions.topic.locked": gettext_lazy("Topic locked"),
    "discussions.topic.moved": gettext_lazy("Topic moved"),
    "discussions.topic.pinned": gettext_lazy("Topic pinned"),
    "discussions.topic.reopened": gettext_lazy("Topic reopened"),
    "discussions.topic.unarchived": gettext_lazy("Topic brought back"),
    "discussions.topic.unlocked": gettext_lazy("Topic unlocked"),
    "discussions.topic.unpinned": gettext_lazy("Topic unpinned"),
    # Events
    "events.attendance.updated": gettext_lazy("Attendance recorded"),
    "events.booking.cancelled": gettext_lazy("Expert time cancelled"),
    "events.booking.created": gettext_lazy("Expert time booked"),
    "events.booking.rated": gettext_lazy("Expert time rated"),
    "events.booking.rescheduled": gettext_lazy("Expert time moved"),
    "events.event.cancelled": gettext_lazy("Event cancelled"),
    "events.event.created": gettext_lazy("Event planned"),
    "events.event.updated": gettext_lazy("Event changed"),
    "events.expert_time_rules.changed": gettext_lazy("Expert time limits changed"),
    "events.feed.rotated": gettext_lazy("Calendar feed link renewed"),
    "events.office_hours.changed": gettext_lazy("Office hours changed"),
    "events.office_hours.published": gettext_lazy("Office hours offered"),
    "events.office_hours.withdrawn": gettext_lazy("Office hours withdrawn"),
    "events.rsvp.created": gettext_lazy("Answered an event"),
    "events.rsvp.changed": gettext_lazy("Changed an event answer"),
    "events.rsvp.promoted": gettext_lazy("Given a seat from the waitlist"),
    "events.series.created": gettext_lazy("Event series planned"),
    # Goals and objectives
    "feedback.cycle.closed": gettext_lazy("360° cycle closed"),
    "feedback.cycle.created": gettext_lazy("360° cycle opened"),
    "feedback.gap_goal.created": gettext_lazy("Development goal made from a feedback report"),
    "feedback.nomination.added": gettext_lazy("Rater nominated"),
    "feedback.nomination.removed": gettext_lazy("Rater taken off a list"),
    "feedback.nominations.approved": gettext_lazy("List of raters approved"),
    "feedback.nominations.returned": gettext_lazy("List of raters sent back"),
    "feedback.nominations.submitted": gettext_lazy("List of raters sent for approval"),
    "feedback.report.opened": gettext_lazy("Feedback report opened"),
    "feedback.report.shared": gettext_lazy("Feedback report shared with a mentor"),
    "feedback.response.received": gettext_lazy("A 360° answer received (from nobody named)"),
    "goals.competencies.defaults_restored": gettext_lazy("Default competencies restored"),
    "goals.competency.created": gettext_lazy("Competency added"),
    "goals.competency.restored": gettext_lazy("Competency brought back"),
    "goals.competency.retired": gettext_lazy("Competency retired"),
    "goals.competency.updated": gettext_lazy("Competency changed"),
    "goals.key_result.created": gettext_lazy("Key result added"),
    "goals.key_result.recorded": gettext_lazy("Key result progress recorded"),
    "goals.key_result.updated": gettext_lazy("Key result changed"),
    "goals.objective.archived": gettext_lazy("Objective archived"),
    "goals.objective.created": gettext_lazy("Objective created"),
    "goals.objective.restored": gettext_lazy("Objective brought back"),
    "goals.objective.updated": gettext_lazy("Objective changed"),
    # Innovation
    "innovation.challenge.created": gettext_lazy("Challenge opened"),
    "innovation.challenge.edited": gettext_lazy("Challenge changed"),
    "innovation.idea.submitted": gettext_lazy("Idea submitted"),
    "innovation.idea.edited": gettext_lazy("Idea changed"),
    "innovation.idea.joined": gettext_lazy("Joined an idea as co-author"),
    "innovation.idea.moved": gettext_lazy("Idea moved to another stage"),
    "innovation.idea.scored": gettext_lazy("Idea scored by an expert"),
    "innovation.stage.edited": gettext_lazy("Pipeline stage changed"),
    "innovation.vote.changed": gettext_lazy("Votes on an idea changed"),
    "innovation.board.created": gettext_lazy("Brainstorming board opened"),
    "innovation.board.phase_changed": gettext_lazy("Board moved to its next phase"),
    "innovation.board.timer_set": gettext_lazy("Board timer set"),
    "innovation.cluster.added": gettext_lazy("Group of notes made on a board"),
    "innovation.cluster.promoted": gettext_lazy("Group of notes turned into an idea"),
    "innovation.cluster.removed": gettext_lazy("Group of notes removed from a board"),
    "innovation.cluster.renamed": gettext_lazy("Group of notes renamed"),
    "innovation.dot.changed": gettext_lazy("Dot votes on a board changed"),
    "innovation.note.added": gettext_lazy("Note added to a board"),
    "innovation.note.edited": gettext_lazy("Note on a board edited"),
    "innovation.note.promoted": gettext_lazy("Note turned into an idea"),
    "innovation.note.removed": gettext_lazy("Note removed from a board"),
    "innovation.hackathon.created": gettext_lazy("Hackathon set up"),
    "innovation.hackathon.results_published": gettext_lazy("Hackathon results announced"),
    "innovation.hackathon.winners_moved": gettext_lazy(
        "Hackathon winners' ideas moved to the experiment stage"
    ),
    "innovation.conflicts.declared": gettext_lazy("Judge declared a conflict of interest"),
    "innovation.judge.added": gettext_lazy("Judge added to a hackathon"),
    "innovation.judge.removed": gettext_lazy("Judge removed from a hackathon"),
    "innovation.submission.created": gettext_lazy("Hackathon entry submitted"),
    "innovation.submission.edited": gettext_lazy("Hackathon entry changed"),
    "innovation.team.created": gettext_lazy("Hackathon team formed"),
    "innovation.team.joined": gettext_lazy("Joined a hackathon team"),
    "innovation.team.invited": gettext_lazy("Invited someone to a hackathon team"),
    "innovation.team.left": gettext_lazy("Left a hackathon team"),
    "innovation.team.scored": gettext_lazy("Hackathon team scored by a judge"),
    # Mentoring
    "mentoring.match.accepted": gettext_lazy("Match accepted"),
    "mentoring.action.added": gettext_lazy("Mentoring action agreed"),
    "mentoring.action.updated": gettext_lazy("Mentoring action changed"),
    "mentoring.agreement.updated": gettext_lazy("Mentoring agreement changed"),
    "mentoring.pair.allowed": gettext_lazy("Pairing allowed again"),
    "mentoring.check_in.created": gettext_lazy("Mentoring check-in answered"),
    "mentoring.match.declined": gettext_lazy("Match declined"),
    "mentoring.enrolment.created": gettext_lazy("Enrolled in a programme"),
    "mentoring.enrolment.updated": gettext_lazy("Enrolment changed"),
    "mentoring.enrolment.withdrawn": gettext_lazy("Withdrew from a programme"),
    "mentoring.pair.forbidden": gettext_lazy("Pairing ruled out"),
    "mentoring.goals.shared": gettext_lazy("Goals shared with the mentor"),
    "mentoring.mentorship.ended_early": gettext_lazy("Mentorship ended early"),
    "mentoring.match.pinned": gettext_lazy("Match kept"),
    "mentoring.programme.created": gettext_lazy("Programme created"),
    "analytics.sponsor.added": gettext_lazy("Outcome figures shared with a sponsor"),
    "analytics.sponsor.removed": gettext_lazy("A sponsor's access to the outcome figures removed"),
    "mentoring.programme.status_changed": gettext_lazy("Programme stage changed"),
    "mentoring.programme.updated": gettext_lazy("Programme changed"),
    "mentoring.match_run.published": gettext_lazy("Matches published"),
    "mentoring.match.requested": gettext_lazy("Mentor requested"),
    "mentoring.match_run.created": gettext_lazy("Matching run"),
    "mentoring.session.logged": gettext_lazy("Mentoring session logged"),
    "mentoring.session.updated": gettext_lazy("Mentoring session changed"),
    "mentoring.match.swapped": gettext_lazy("Mentors swapped"),
    "mentoring.match.unpinned": gettext_lazy("Match no longer kept"),
    # Network: connections, introductions, direct messages
    "network.connection_request.sent": gettext_lazy("Asked to connect"),
    "network.connection_request.accepted": gettext_lazy("Request to connect accepted"),
    "network.connection_request.ignored": gettext_lazy("Request to connect ignored"),
    "network.connection_request.withdrawn": gettext_lazy("Request to connect withdrawn"),
    "network.connection.removed": gettext_lazy("Connection removed"),
    "network.introduction.made": gettext_lazy("Introduced two people"),
    "network.introduction.accepted": gettext_lazy("Introduction accepted"),
    "network.introduction.declined": gettext_lazy("Introduction declined"),
    "network.conversation.started": gettext_lazy("Conversation started"),
    "network.conversation.reported": gettext_lazy("Conversation reported to the moderators"),
    "network.conversation_report.resolved": gettext_lazy("Reported conversation resolved"),
    "network.messaging_settings.changed": gettext_lazy("Who may message whom changed"),
    "network.settings.changed": gettext_lazy("Suggested to others: changed"),
    "network.working_style.changed": gettext_lazy("“How to work with me” changed"),
    "network.country_note.added": gettext_lazy("Country note added"),
    "network.country_note.changed": gettext_lazy("Country note changed"),
    "network.country_note.deleted": gettext_lazy("Country note deleted"),
    "network.coffee_roulette.chosen": gettext_lazy("Coffee roulette: joined or left"),
    "network.coffee_round.started": gettext_lazy("Coffee roulette round started"),
    "network.coffee_pair.answered": gettext_lazy("Coffee roulette: said whether they met"),
    # Library and learning paths
    "resources.comment.added": gettext_lazy("Commented on a resource"),
    "resources.path.completed": gettext_lazy("Learning path finished"),
    "resources.path.created": gettext_lazy("Learning path created"),
    "resources.path.drafted": gettext_lazy("Learning path back to draft"),
    "resources.path.edited": gettext_lazy("Learning path changed"),
    "resources.path.followed": gettext_lazy("Started following a learning path"),
    "resources.path.published": gettext_lazy("Learning path published"),
    "resources.resource.approved": gettext_lazy("Suggested resource added to the library"),
    "resources.resource.declined": gettext_lazy("Suggested resource declined"),
    "resources.resource.edited": gettext_lazy("Resource changed"),
    "resources.resource.published": gettext_lazy("Resource published"),
    "resources.resource.suggested": gettext_lazy("Resource suggested"),
    "resources.step.added": gettext_lazy("Step added to a learning path"),
    "resources.step.done": gettext_lazy("Learning path step done"),
    "resources.step.nudged": gettext_lazy("Reminder sent about a learning path step"),
    "resources.step.removed": gettext_lazy("Step removed from a learning path"),
    "resources.step.moved": gettext_lazy("Step of a learning path moved"),
    "resources.version.added": gettext_lazy("New version of a file"),
    "communities.interest_group.proposed": gettext_lazy("Interest group proposed"),
    "communities.interest_group.started": gettext_lazy("Interest group started"),
    "communities.interest_group.approved": gettext_lazy("Interest group approved"),
    "communities.interest_group.declined": gettext_lazy("Interest group declined"),
    # Looking after circles
    "circles.nudge.sent": gettext_lazy("Nudge sent to a circle member"),
    "circles.notes.updated": gettext_lazy("Meeting notes written"),
    "circles.notes.moved": gettext_lazy("A live session's notes moved to its event"),
    "circles.action.added": gettext_lazy("Action item added to a meeting"),
    "circles.action.updated": gettext_lazy("Meeting action item ticked or changed"),
    # Cohort programmes
    "programmes.item.added": gettext_lazy("Item added to a programme module"),
    "programmes.item.completed": gettext_lazy("Programme item done"),
    "programmes.item.edited": gettext_lazy("Programme item changed"),
    "programmes.item.removed": gettext_lazy("Item removed from a programme module"),
    "programmes.item.reopened": gettext_lazy("Programme item marked as not done"),
    "programmes.module.added": gettext_lazy("Module added to a cohort programme"),
    "programmes.module.edited": gettext_lazy("Programme module changed"),
    "programmes.programme.copied": gettext_lazy("Cohort programme copied to a new cohort"),
    "programmes.programme.created": gettext_lazy("Cohort programme created"),
    "programmes.programme.edited": gettext_lazy("Cohort programme changed"),
    "programmes.session.planned": gettext_lazy("A live session's event planned at a fair time"),
    "programmes.review.assigned": gettext_lazy("Peer reviewers asked for an assignment"),
    "programmes.review.submitted": gettext_lazy("Peer review of an assignment submitted"),
    # Notifications
    "notifications.preferences.updated": gettext_lazy("Email preferences changed"),
    "notifications.email.unsubscribed": gettext_lazy("Unsubscribed from emails"),
}

# What a detail is called, where its key alone would not say it plainly.
DETAILS: dict[str, Any] = {
    "action_item": gettext_lazy("Action"),
    "added": gettext_lazy("Added"),
    "attempted": gettext_lazy("Tried to"),
    "changed": gettext_lazy("Changed"),
    "domains": gettext_lazy("Email domains"),
    "issuer": gettext_lazy("Identity provider address"),
    "provider": gettext_lazy("Identity provider"),
    "require_mfa": gettext_lazy("Two-step sign-in required"),
    "sso_only": gettext_lazy("Single sign-on only"),
    "switched_on": gettext_lazy("Switched on"),
    "by_author": gettext_lazy("By the author"),
    "circle": gettext_lazy("Circle"),
    "days": gettext_lazy("Days moved"),
    "email_off": gettext_lazy("Emails off"),
    "expires_at": gettext_lazy("Expires"),
    "event": gettext_lazy("Event"),
    "is_lead": gettext_lazy("Lead"),
    "status": gettext_lazy("Answer"),
    "fields": gettext_lazy("Changed"),
    "from_category": gettext_lazy("From category"),
    "from_circle": gettext_lazy("From circle"),
    "invited": gettext_lazy("Invited"),
    "key_results": gettext_lazy("Key results"),
    "matched": gettext_lazy("Matched"),
    "member": gettext_lazy("Member"),
    "mentee": gettext_lazy("Mentee"),
    "mentor": gettext_lazy("Mentor"),
    "new": gettext_lazy("New role"),
    "newly_visible_to": gettext_lazy("Newly visible to"),
    "number": gettext_lazy("Post number"),
    "occurrences": gettext_lazy("Sessions"),
    "old": gettext_lazy("Previous role"),
    "pairs": gettext_lazy("Pairs"),
    "people": gettext_lazy("People"),
    "rejected": gettext_lazy("Not invited"),
    "reason": gettext_lazy("Why"),
    "rejoined": gettext_lazy("Rejoined"),
    "removed": gettext_lazy("Removed"),
    "run": gettext_lazy("Run"),
    "to_category": gettext_lazy("To category"),
    "to_circle": gettext_lazy("To circle"),
    "topic": gettext_lazy("Topic"),
    "unmatched": gettext_lazy("Unmatched"),
    "user": gettext_lazy("Person"),
    "wants_rematch": gettext_lazy("Wants a new mentor"),
    "was": gettext_lazy("Was"),
}

# Details that hold the id of something with a name: the page shows the name.
REFERENCES: dict[str, str] = {
    "member": "accounts.user",
    "mentee": "accounts.user",
    "mentor": "accounts.user",
    "circle": "communities.circle",
    "event": "events.event",
    "from_circle": "communities.circle",
    "to_circle": "communities.circle",
    "topic": "discussions.topic",
    "post": "discussions.post",
}

# Ids of records that mean nothing to a reader (the "What" column names the thing); the
# CSV export keeps them.
HIDDEN = {
    "action_item",
    "attachment_id",
    "flag",
    "match",
    "matches",
    "session",
    "sha256",
    "item",
    "module",
    "source",
    "content_type",
}


def action_label(action: str) -> str:
    """The label of an audit key; a key from an older version reads as words at least."""
    label = ACTIONS.get(action)
    if label is not None:
        return str(label)
    words = action.split(".")[1:] or [action]
    return " ".join(words).replace("_", " ").capitalize()


def action_choices() -> list[tuple[str, str]]:
    """(key, label) for the log's filter, by label."""
    return sorted(((key, str(label)) for key, label in ACTIONS.items()), key=lambda c: c[1])


def _name_of(model_label: str) -> Callable[[Any], str]:
    if model_label == "accounts.user":
        return lambda user: str(user.display_name)
    if model_label == "discussions.post":
        return lambda post: (
            _("Post %(number)s in “%(topic)s”")
            % {
                "number": post.number,
                "topic": post.topic.title,
            }
        )
    if model_label == "discussions.topic":
        return lambda topic: str(topic.title)
    return str


def _names(wanted: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """One query per kind of thing named on the page, however many rows name it."""
    names: dict[tuple[str, str], str] = {}
    for model_label, ids in wanted.items():
        model = apps.get_model(model_label)
        qs = model._default_manager.all()
        if model_label == "discussions.post":
            qs = qs.select_related("topic")
        numeric = [int(i) for i in ids if str(i).isdigit()]
        name = _name_of(model_label)
        for pk, obj in qs.in_bulk(numeric).items():
            names[(model_label, str(pk))] = name(obj)
    return names


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_key(k)}: {_text(v)}" for k, v in value.items())
    return str(value)


def _key(key: str) -> str:
    label = DETAILS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


class Described:
    """A row of the log (``audit_views.Row``) with what a reader needs besides: ``label``
    for the action, ``what`` for its target, ``facts`` as (label, text) pairs with names in
    place of ids, and ``actor_name``."""

    def __init__(
        self, row: Any, *, label: str, what: str, facts: list[tuple[str, str]], actor_name: str
    ) -> None:
        self.row = row
        self.label = label
        self.what = what
        self.facts = facts
        self.actor_name = actor_name

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def describe(rows: list[Any], *, actors: list[str]) -> list[Described]:
    """``rows`` in the reader's words; ``actors``: the name of who did each ("" to show
    what the row says). One query per kind of thing named, however many rows name it."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for key, value in (row.details or {}).items():
            if key in REFERENCES and value not in (None, ""):
                wanted[REFERENCES[key]].add(str(value))
        if row.target_type == "discussions.post" and row.target_id and not row.withheld:
            wanted["discussions.post"].add(row.target_id)
    names = _names(wanted)
    described = []
    for row, actor_name in zip(rows, actors, strict=True):
        what = row.target
        if row.target_type == "discussions.post" and not row.withheld:
            what = names.get(("discussions.post", row.target_id), _("a deleted post"))
        facts = []
        for key, value in (row.details or {}).items():
            if key in HIDDEN:
                continue
            if key in REFERENCES and value not in (None, ""):
                text = names.get((REFERENCES[key], str(value)), _("no longer there"))
            else:
                text = _text(value)
            facts.append((_key(key), text))
        described.append(
            Described(
                row, label=action_label(row.action), what=what, facts=facts, actor_name=actor_name
            )
        )
    return described
