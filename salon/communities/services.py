"""Every write to communities, circles, memberships and invitations: one function a use case."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from salon.communities import notifications
from salon.communities.models import (
    Circle,
    CircleKind,
    CircleMembership,
    Community,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)
from salon.communities.roles import forget_memberships, membership_of
from salon.communities.tasks import send_invitation_email
from salon.core.audit import audit
from salon.core.errors import Conflict
from salon.core.permissions import require
from salon.core.ratelimit import consume

MAX_CSV_ROWS = 2000
MAX_CSV_BYTES = 1024 * 1024


class InvitationError(Exception):
    """An invitation that cannot be sent; the message says why, for the person inviting."""


def _unique_slug(model: Any, base: str, **scope: Any) -> str:
    root = slugify(base)[:50] or "community"
    slug, n = root, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


@transaction.atomic
def community_create(
    *, actor: Any, name: str, purpose: str = "", visibility: str = "private", tagline: str = ""
) -> Community:
    require(actor, "community.create")
    community = Community.objects.create(
        name=name,
        slug=_unique_slug(Community, name),
        purpose=purpose,
        tagline=tagline,
        visibility=visibility,
    )
    Membership.objects.create(community=community, user=actor, role=Role.DIRECTOR)
    forget_memberships(actor)
    audit("communities.community.created", actor=actor, target=community)
    return community


_COMMUNITY_FIELDS = {
    "name",
    "tagline",
    "purpose",
    "visibility",
    "self_signup",
    "uses_challenges",
    "cover",
}


@transaction.atomic
def community_update(*, actor: Any, community: Community, **changes: Any) -> Community:
    require(actor, "community.edit", community)
    unknown = set(changes) - _COMMUNITY_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}.")
    changed = [name for name, value in changes.items() if getattr(community, name) != value]
    for name in changed:
        setattr(community, name, changes[name])
    if changed:
        community.save(update_fields=[*changed, "updated_at"])
        audit(
            "communities.community.updated",
            actor=actor,
            target=community,
            fields=sorted(changed),
        )
    return community


# Invitations -----------------------------------------------------------------------------


def _check_invitable(
    *, actor: Any, community: Community, email: str, role: str, circle: Circle | None
) -> str:
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvitationError(
            _("“%(email)s” is not a valid email address.") % {"email": email}
        ) from exc
    email = email.strip().lower()
    if role not in Role.values:
        raise InvitationError(_("“%(role)s” is not a role.") % {"role": role})
    actor_membership = membership_of(actor, community)
    if role == Role.DIRECTOR and (
        actor_membership is None or actor_membership.role != Role.DIRECTOR
    ):
        raise InvitationError(_("Only a director can invite another director."))
    if circle is not None and circle.community_id != community.pk:
        raise InvitationError(_("That circle is not in this community."))
    if Membership.objects.filter(community=community, user__email__iexact=email).exists():
        raise InvitationError(_("%(email)s is already a member.") % {"email": email})
    if Invitation.objects.filter(community=community, email__iexact=email).pending().exists():
        raise InvitationError(_("%(email)s has already been invited.") % {"email": email})
    return email


def _create_invitation(
    *,
    actor: Any,
    community: Community,
    email: str,
    name: str,
    role: str,
    circle: Circle | None,
    message: str,
) -> Invitation:
    # An expired or revoked invitation would block the unique constraint; retire it first.
    Invitation.objects.filter(
        community=community, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        name=name.strip()[:150],
        role=role,
        circle=circle,
        message=message,
        invited_by=actor,
    )
    audit(
        "communities.invitation.created",
        actor=actor,
        target=invitation,
        email=email,
        role=role,
    )
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    community: Community,
    email: str,
    name: str = "",
    role: str = Role.MEMBER,
    circle: Circle | None = None,
    message: str = "",
) -> Invitation:
    require(actor, "community.invite", community)
    consume("invitations", str(actor.pk), settings.SALON_RATE_INVITATIONS)
    email = _check_invitable(
        actor=actor, community=community, email=email, role=role, circle=circle
    )
    return _create_invitation(
        actor=actor,
        community=community,
        email=email,
        name=name,
        role=role,
        circle=circle,
        message=message,
    )


@dataclass
class CsvRowError:
    line: int
    email: str
    reason: str


@dataclass
class CsvInviteResult:
    invited: list[Invitation] = field(default_factory=list)
    errors: list[CsvRowError] = field(default_factory=list)


class CsvFileError(Exception):
    """The file as a whole cannot be read; nothing was invited."""


def invitations_from_csv(
    *, actor: Any, community: Community, data: bytes, message: str = ""
) -> CsvInviteResult:
    """Invite every good row of a CSV (email, name, role, circle); report each bad row.

    Each good row is invited whole (invitation, audit entry and email) or not at all; bad
    rows never stop the good ones.
    """
    require(actor, "community.invite", community)
    if len(data) > MAX_CSV_BYTES:
        raise CsvFileError(_("The file is larger than 1 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(_("The file is not UTF-8 text. Save it as “CSV UTF-8”.")) from exc
    rows = text.count("\n")
    consume("invitations", str(actor.pk), settings.SALON_RATE_INVITATIONS, amount=max(rows, 1))
    reader = csv.DictReader(io.StringIO(text))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if "email" not in headers:
        raise CsvFileError(_("The first line must name the columns and include “email”."))
    reader.fieldnames = headers
    circles = {c.slug: c for c in Circle.objects.filter(community=community)}
    circles.update({c.name.lower(): c for c in circles.values()})
    result = CsvInviteResult()
    seen: set[str] = set()
    for row_number, row in enumerate(reader, start=2):
        if row_number - 1 > MAX_CSV_ROWS:
            raise CsvFileError(_("The file has more than %(n)d rows.") % {"n": MAX_CSV_ROWS})
        email = (row.get("email") or "").strip()
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        role = (row.get("role") or "").strip().lower() or Role.MEMBER
        circle_key = (row.get("circle") or "").strip()
        circle = circles.get(circle_key) or circles.get(circle_key.lower()) if circle_key else None
        try:
            if not email:
                raise InvitationError(_("The email is missing."))
            if circle_key and circle is None:
                raise InvitationError(_("There is no circle “%(c)s”.") % {"c": circle_key})
            if email.lower() in seen:
                raise InvitationError(_("%(email)s appears twice in the file.") % {"email": email})
            with transaction.atomic():
                clean_email = _check_invitable(
                    actor=actor, community=community, email=email, role=role, circle=circle
                )
                invitation = _create_invitation(
                    actor=actor,
                    community=community,
                    email=clean_email,
                    name=row.get("name") or "",
                    role=role,
                    circle=circle,
                    message=message,
                )
            seen.add(email.lower())
            result.invited.append(invitation)
        except (InvitationError, IntegrityError) as exc:
            result.errors.append(CsvRowError(line=row_number, email=email, reason=str(exc)))
    if result.invited:
        audit(
            "communities.invitation.csv_imported",
            actor=actor,
            target=community,
            invited=len(result.invited),
            rejected=len(result.errors),
        )
    return result


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    require(actor, "community.invite", invitation.community)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit("communities.invitation.revoked", actor=actor, target=invitation)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: Any) -> Membership:
    """Accept an invitation as ``user``; the invitation must be for their email."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable:
        raise InvitationError(_("This invitation has expired or was already used."))
    if locked.email.lower() != user.email.lower():
        raise InvitationError(
            _("This invitation is for %(email)s. Sign in with that address to accept it.")
            % {"email": locked.email}
        )
    membership, _created = Membership.objects.get_or_create(
        community_id=locked.community_id, user=user, defaults={"role": locked.role}
    )
    if locked.circle_id:
        CircleMembership.objects.get_or_create(circle_id=locked.circle_id, user=user)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    forget_memberships(user)
    event = audit(
        "communities.invitation.accepted", actor=user, target=locked, role=membership.role
    )
    transaction.on_commit(
        lambda: notifications.invitation_accepted(invitation=locked, event_id=event.pk),
        robust=True,
    )
    return membership


# Memberships -----------------------------------------------------------------------------


def _directors_left(community: Community, excluding: Membership) -> int:
    return (
        Membership.objects.filter(community=community, role=Role.DIRECTOR)
        .exclude(pk=excluding.pk)
        .count()
    )


@transaction.atomic
def membership_change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    community = membership.community
    require(actor, "community.manage_members", community)
    if role not in Role.values:
        raise ValidationError(_("“%(role)s” is not a role.") % {"role": role})
    if membership.role == role:
        return membership
    # Lock the community's director rows so two directors cannot demote each other at once.
    list(Membership.objects.select_for_update().filter(community=community, role=Role.DIRECTOR))
    if membership.role == Role.DIRECTOR and _directors_left(community, membership) == 0:
        raise Conflict(_("A community needs at least one director."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_memberships(membership.user)
    event = audit(
        "communities.membership.role_changed",
        actor=actor,
        target=membership,
        user=membership.user.email,
        old=old,
        new=role,
    )
    transaction.on_commit(
        lambda: notifications.role_changed(membership=membership, actor=actor, event_id=event.pk),
        robust=True,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    community = membership.community
    if actor.pk == membership.user_id:
        require(actor, "community.leave", community)
    else:
        require(actor, "community.manage_members", community)
    list(Membership.objects.select_for_update().filter(community=community, role=Role.DIRECTOR))
    if membership.role == Role.DIRECTOR and _directors_left(community, membership) == 0:
        raise Conflict(_("A community needs at least one director."))
    CircleMembership.objects.filter(
        circle__community=community, user_id=membership.user_id
    ).delete()
    audit(
        "communities.membership.removed"
        if actor.pk != membership.user_id
        else "communities.membership.left",
        actor=actor,
        target=membership,
        user=membership.user.email,
        role=membership.role,
    )
    membership.delete()
    forget_memberships(membership.user)


@transaction.atomic
def membership_join_open(*, user: Any, community: Community) -> Membership:
    """Join directly: only for communities whose director opened self-signup."""
    if not community.self_signup:
        raise PermissionDenied
    membership, _created = Membership.objects.get_or_create(
        community=community, user=user, defaults={"role": Role.MEMBER}
    )
    forget_memberships(user)
    audit("communities.membership.joined", actor=user, target=membership)
    return membership


@transaction.atomic
def join_request_create(*, user: Any, community: Community, message: str = "") -> JoinRequest:
    require(user, "community.request_to_join", community)
    existing = JoinRequest.objects.filter(
        community=community, user=user, status=JoinRequestStatus.PENDING
    ).first()
    if existing:
        return existing
    join_request = JoinRequest.objects.create(community=community, user=user, message=message)
    event = audit("communities.join_request.created", actor=user, target=join_request)
    transaction.on_commit(
        lambda: notifications.join_request_created(join_request=join_request, event_id=event.pk),
        robust=True,
    )
    return join_request


@transaction.atomic
def join_request_decide(*, actor: Any, join_request: JoinRequest, approve: bool) -> JoinRequest:
    require(actor, "community.review_join_requests", join_request.community)
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequestStatus.PENDING:
        return locked
    locked.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        Membership.objects.get_or_create(
            community_id=locked.community_id, user_id=locked.user_id, defaults={"role": Role.MEMBER}
        )
    event = audit(
        "communities.join_request.approved" if approve else "communities.join_request.declined",
        actor=actor,
        target=locked,
        community=join_request.community,
        user=join_request.user.email,
    )
    transaction.on_commit(
        lambda: notifications.join_request_decided(
            join_request=locked, actor=actor, event_id=event.pk
        ),
        robust=True,
    )
    return locked


# Circles ---------------------------------------------------------------------------------


@transaction.atomic
def circle_create(
    *,
    actor: Any,
    community: Community,
    name: str,
    kind: str,
    description: str = "",
    is_private: bool = False,
) -> Circle:
    require(actor, "circle.create", community)
    circle = Circle.objects.create(
        community=community,
        name=name,
        slug=_unique_slug(Circle, name, community=community),
        kind=kind,
        description=description,
        is_private=is_private,
    )
    audit("communities.circle.created", actor=actor, target=circle)
    return circle


@transaction.atomic
def circle_join(*, user: Any, circle: Circle) -> CircleMembership:
    require(user, "circle.join", circle)
    circle_membership, _created = CircleMembership.objects.get_or_create(circle=circle, user=user)
    return circle_membership


@transaction.atomic
def circle_leave(*, user: Any, circle: Circle) -> None:
    require(user, "circle.leave", circle)
    CircleMembership.objects.filter(circle=circle, user=user).delete()


@transaction.atomic
def circle_add_member(
    *, actor: Any, circle: Circle, user: Any, is_lead: bool = False
) -> CircleMembership:
    require(actor, "circle.edit", circle)
    if membership_of(user, circle.community) is None:
        raise ValidationError(_("Only members of the community can join its circles."))
    circle_membership, _created = CircleMembership.objects.update_or_create(
        circle=circle, user=user, defaults={"is_lead": is_lead}
    )
    event = audit("communities.circle.member_added", actor=actor, target=circle, user=user.email)
    transaction.on_commit(
        lambda: notifications.added_to_circle(
            circle=circle, users=[user], actor=actor, event_id=event.pk
        ),
        robust=True,
    )
    return circle_membership


@transaction.atomic
def circle_members_add(*, actor: Any, circle: Circle, users: Sequence[Any]) -> list[Any]:
    """Add several members of the community to a circle at once; each person added is
    told. People already in it are left as they are. Returns the people added."""
    require(actor, "circle.manage_members", circle)
    if circle.is_archived:
        raise Conflict(_("This circle is archived. Bring it back before adding people."))
    people = list({user.pk: user for user in users}.values())
    in_community = set(
        Membership.objects.filter(
            community_id=circle.community_id, user_id__in=[u.pk for u in people]
        ).values_list("user_id", flat=True)
    )
    outside = [u for u in people if u.pk not in in_community]
    if outside:
        raise ValidationError(
            _("Only members of the community can join its circles: %(names)s.")
            % {"names": ", ".join(u.display_name for u in outside)}
        )
    already = set(
        CircleMembership.objects.filter(circle=circle, user_id__in=in_community).values_list(
            "user_id", flat=True
        )
    )
    added = [u for u in people if u.pk not in already]
    if not added:
        return []
    CircleMembership.objects.bulk_create(CircleMembership(circle=circle, user=u) for u in added)
    events = [
        audit("communities.circle.member_added", actor=actor, target=circle, user=u.email)
        for u in added
    ]
    transaction.on_commit(
        lambda: notifications.added_to_circle(
            circle=circle, users=added, actor=actor, event_id=events[0].pk
        ),
        robust=True,
    )
    return added


@transaction.atomic
def circle_member_remove(*, actor: Any, circle: Circle, user: Any) -> None:
    """Take someone out of a circle (nothing happens if they are not in it). A lead is
    taken out only by a director or facilitator."""
    require(actor, "circle.manage_members", circle)
    circle_membership = (
        CircleMembership.objects.select_for_update().filter(circle=circle, user_id=user.pk).first()
    )
    if circle_membership is None:
        return
    if circle_membership.is_lead:
        require(actor, "circle.edit", circle)
    circle_membership.delete()
    audit("communities.circle.member_removed", actor=actor, target=circle, user=user.email)


@transaction.atomic
def circle_lead_set(*, actor: Any, circle: Circle, user: Any, is_lead: bool) -> CircleMembership:
    """Make a member of the circle one of its leads, or no longer one."""
    require(actor, "circle.edit", circle)
    circle_membership = (
        CircleMembership.objects.select_for_update().filter(circle=circle, user_id=user.pk).first()
    )
    if circle_membership is None:
        raise ValidationError(
            _("%(name)s is not in this circle: add them first.") % {"name": user.display_name}
        )
    if circle_membership.is_lead != is_lead:
        circle_membership.is_lead = is_lead
        circle_membership.save(update_fields=["is_lead"])
        audit(
            "communities.circle.lead_changed",
            actor=actor,
            target=circle,
            user=user.email,
            is_lead=is_lead,
        )
    return circle_membership


_CIRCLE_FIELDS = {"name", "description", "kind", "is_private"}


@transaction.atomic
def circle_update(
    *,
    actor: Any,
    circle: Circle,
    archived: bool | None = None,
    lead: Any = ...,
    **changes: Any,
) -> Circle:
    """Change a circle's name, description, kind or visibility; archive it or bring it
    back (``archived``); or make one member its only lead (``lead``, a user; None for no
    lead). Its web address stays the same when it is renamed, so links keep working."""
    require(actor, "circle.edit", circle)
    unknown = set(changes) - _CIRCLE_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}.")
    if "kind" in changes and changes["kind"] not in CircleKind.values:
        raise ValidationError(_("“%(kind)s” is not a kind of circle.") % {"kind": changes["kind"]})
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise ValidationError(_("A circle needs a name."))
    changed = [name for name, value in changes.items() if getattr(circle, name) != value]
    for name in changed:
        setattr(circle, name, changes[name])
    if archived is not None and archived != circle.is_archived:
        circle.archived_at = timezone.now() if archived else None
        changed.append("archived_at")
    if changed:
        circle.save(update_fields=changed)
        audit("communities.circle.updated", actor=actor, target=circle, fields=sorted(changed))
    if "archived_at" in changed:
        audit(
            "communities.circle.archived" if archived else "communities.circle.restored",
            actor=actor,
            target=circle,
        )
    if lead is not ...:
        _replace_leads(actor=actor, circle=circle, lead=lead)
    return circle


def _replace_leads(*, actor: Any, circle: Circle, lead: Any) -> None:
    rows = list(
        CircleMembership.objects.select_for_update().filter(circle=circle).select_related("user")
    )
    if lead is not None and all(row.user_id != lead.pk for row in rows):
        raise ValidationError(
            _("%(name)s is not in this circle: add them first.") % {"name": lead.display_name}
        )
    for row in rows:
        should_lead = lead is not None and row.user_id == lead.pk
        if row.is_lead != should_lead:
            row.is_lead = should_lead
            row.save(update_fields=["is_lead"])
            audit(
                "communities.circle.lead_changed",
                actor=actor,
                target=circle,
                user=row.user.email,
                is_lead=should_lead,
            )
