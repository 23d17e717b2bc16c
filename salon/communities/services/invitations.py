"""Invitations: one by one or from a CSV file, revoked, accepted."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salon.communities import notifications
from salon.communities.models import (
    Circle,
    CircleMembership,
    Community,
    Invitation,
    Membership,
    Role,
)
from salon.communities.roles import forget_memberships, membership_of
from salon.communities.tasks import send_invitation_email
from salon.core.audit import audit
from salon.core.permissions import require
from salon.core.ratelimit import consume

MAX_CSV_ROWS = 2000
MAX_CSV_BYTES = 1024 * 1024


class InvitationError(Exception):
    """An invitation that cannot be sent; the message says why, for the person inviting."""


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
