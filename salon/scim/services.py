"""Every write of provisioning: the directory's people and groups, what they open in Salon,
and the tokens the directory signs in with.

The directory's writes (``user_*``, ``group_*``) have no person to ask the policy about:
the bearer token checked by the endpoint is the permission. An administrator's writes
(tokens, where a group leads) ask the policy.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from allauth.usersessions.models import UserSession
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from salon.accounts.models import User
from salon.communities.models import Circle, CircleMembership, Community, Membership, Role
from salon.communities.roles import forget_memberships
from salon.core.audit import audit
from salon.core.permissions import require
from salon.scim.models import ScimGrant, ScimGroup, ScimGroupMember, ScimToken, ScimUser

TOKEN_PREFIX = "scim_"


class Taken(Exception):
    """A value that must be unique (a userName, an email address) belongs to someone else."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# Tokens -----------------------------------------------------------------------------------


def _token_make(*, name: str, actor: Any) -> tuple[ScimToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken.objects.create(
        name=name.strip()[:100] or "Directory",
        prefix=raw[:12],
        token_hash=hash_token(raw),
        created_by=actor,
    )
    audit("scim.token.created", actor=actor, target=token, name=token.name)
    return token, raw


@transaction.atomic
def scim_token_create(*, actor: Any, name: str) -> tuple[ScimToken, str]:
    """The token and its secret, which is shown once and never stored."""
    require(actor, "scim.manage")
    return _token_make(name=name, actor=actor)


@transaction.atomic
def scim_token_create_for_script(*, name: str) -> tuple[ScimToken, str]:
    """``manage.py scim_token``: whoever runs commands on the server is its operator."""
    return _token_make(name=name, actor=None)


@transaction.atomic
def scim_token_revoke(*, actor: Any, token: ScimToken) -> None:
    require(actor, "scim.manage")
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit("scim.token.revoked", actor=actor, target=token, name=token.name)


def scim_token_used(*, token: ScimToken) -> None:
    """One write an hour is enough to show when a token was last used."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 3600:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)


# People -----------------------------------------------------------------------------------


@dataclass
class Person:
    """What Salon keeps of a directory user, read from its SCIM document."""

    user_name: str
    external_id: str
    email: str
    name: str
    title: str
    is_active: bool
    organisation: str
    organisation_unit: str
    manager_id: int | None
    timezone: str  # a known IANA zone, or ""
    document: dict[str, Any]


def _apply(user: User, person: Person) -> list[str]:
    changed = []
    for field in ("email", "name", "title", "is_active", "organisation", "organisation_unit"):
        value = getattr(person, field)
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if person.timezone and (person.timezone != user.timezone or not user.timezone_confirmed):
        user.timezone, user.timezone_confirmed = person.timezone, True
        changed += ["timezone", "timezone_confirmed"]
    manager_id = person.manager_id if person.manager_id != user.pk else None
    if user.manager_id != manager_id:
        user.manager_id = manager_id
        changed.append("manager")
    return changed


def _email_taken(email: str, user: User | None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    return others.exists()


def _user_name_taken(key: str, user: User | None) -> bool:
    others = ScimUser.objects.filter(user_name_key=key, deleted_at__isnull=True)
    if user is not None:
        others = others.exclude(user=user)
    return others.exists()


@transaction.atomic
def user_provision(*, person: Person) -> User:
    """A joiner. A former member the directory had deleted (same email, switched off) comes
    back to their own account, with what they wrote."""
    key = person.user_name.casefold()
    if _user_name_taken(key, None):
        raise Taken("userName")
    # Someone who already has an account with that address (invited before provisioning
    # started, or a leaver the directory deleted): the directory takes them over.
    returning = (
        User.objects.filter(email__iexact=person.email)
        .filter(Q(scim__isnull=True) | Q(scim__deleted_at__isnull=False))
        .first()
    )
    if returning is None and _email_taken(person.email, None):
        raise Taken("emails")
    # A deleted user's name is free again.
    ScimUser.objects.filter(user_name_key=key, deleted_at__isnull=False).update(
        user_name_key=Concat(Value("~"), "pk")
    )
    if returning is not None:
        ScimUser.objects.filter(user=returning).delete()
    if returning is None:
        user = User.objects.create_user(email=person.email, name=person.name or person.user_name)
        _apply(user, person)
        user.save()
    else:
        user = returning
        was_active = user.is_active
        changed = _apply(user, person)
        if changed:
            user.save(update_fields=changed)
        if not was_active and user.is_active:
            audit("scim.user.reactivated", target=user, user=user.email)
    ScimUser.objects.create(
        user=user,
        user_name=person.user_name,
        user_name_key=key,
        external_id=person.external_id,
        document=person.document,
    )
    audit("scim.user.provisioned", target=user, user=user.email, active=user.is_active)
    if not user.is_active:
        _sign_out_everywhere(user)
    return user


@transaction.atomic
def user_update(*, user: User, person: Person) -> User:
    """A change from the directory; ``active: false`` is a leaver (``user_deactivate``)."""
    key = person.user_name.casefold()
    if _user_name_taken(key, user):
        raise Taken("userName")
    if _email_taken(person.email, user):
        raise Taken("emails")
    was_active = user.is_active
    changed = _apply(user, person)
    if changed:
        # The accounts app reacts to is_active turning off (tokens, open pages).
        user.save(update_fields=changed)
    ScimUser.objects.update_or_create(
        user=user,
        defaults={
            "user_name": person.user_name,
            "user_name_key": key,
            "external_id": person.external_id,
            "document": person.document,
        },
    )
    if was_active and not user.is_active:
        _sign_out_everywhere(user)
        audit("scim.user.deactivated", target=user, user=user.email)
    elif not was_active and user.is_active:
        audit("scim.user.reactivated", target=user, user=user.email)
    elif changed:
        audit("scim.user.updated", target=user, fields=sorted(changed))
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """DELETE from the directory: the person is switched off and signed out everywhere, and
    the directory no longer sees them. What they wrote stays, as a former member's."""
    ScimUser.objects.update_or_create(
        user=user,
        defaults={"deleted_at": timezone.now(), "user_name_key": f"~{user.pk}"},
        create_defaults={
            "deleted_at": timezone.now(),
            "user_name_key": f"~{user.pk}",
            "user_name": user.email,
        },
    )
    groups = list(ScimGroup.objects.filter(memberships__user=user))
    ScimGroupMember.objects.filter(user=user).delete()
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _sign_out_everywhere(user)
    for group in groups:
        _sync_places(group=group, users=[user])
    audit("scim.user.deleted", target=user, user=user.email)


def _sign_out_everywhere(user: User) -> None:
    """Every session ends now, not at its next request (the account is off either way)."""
    for session in UserSession.objects.filter(user=user):
        session.end()


# Groups -----------------------------------------------------------------------------------


@dataclass
class Team:
    """What Salon keeps of a directory group."""

    display_name: str
    external_id: str
    members: dict[int, dict[str, Any]]  # user id → the member entry the directory wrote
    document: dict[str, Any]


def unknown_members(members: Iterable[int]) -> set[int]:
    """The ids among ``members`` that are nobody's."""
    wanted = set(members)
    return wanted - set(User.objects.filter(pk__in=wanted).values_list("pk", flat=True))


def _set_members(group: ScimGroup, members: dict[int, dict[str, Any]]) -> set[int]:
    """Make the group's members ``members``; the ids of those who came or went."""
    current = dict(ScimGroupMember.objects.filter(group=group).values_list("user_id", "entry"))
    gone = set(current) - set(members)
    ScimGroupMember.objects.filter(group=group, user_id__in=gone).delete()
    ScimGroupMember.objects.bulk_create(
        [
            ScimGroupMember(group=group, user_id=pk, entry=entry)
            for pk, entry in members.items()
            if pk not in current
        ]
    )
    for pk, entry in members.items():
        if pk in current and current[pk] != entry:
            ScimGroupMember.objects.filter(group=group, user_id=pk).update(entry=entry)
    return gone | (set(members) - set(current))


@transaction.atomic
def group_create(*, team: Team) -> ScimGroup:
    group = ScimGroup.objects.create(
        display_name=team.display_name, external_id=team.external_id, document=team.document
    )
    _set_members(group, team.members)
    audit("scim.group.created", target=group, members=len(team.members))
    return group


@transaction.atomic
def group_update(*, group: ScimGroup, team: Team) -> ScimGroup:
    group.display_name = team.display_name
    group.external_id = team.external_id
    group.document = team.document
    group.save(update_fields=["display_name", "external_id", "document", "updated_at"])
    moved = _set_members(group, team.members)
    if moved:
        _sync_places(group=group, users=User.objects.filter(pk__in=moved))
    audit("scim.group.updated", target=group, members_changed=len(moved))
    return group


@transaction.atomic
def group_delete(*, group: ScimGroup) -> None:
    users = list(User.objects.filter(scim_groups=group))
    audit("scim.group.deleted", target=group)
    group.delete()
    _sync_places_of(users=users)


@transaction.atomic
def group_link(
    *, actor: Any, group: ScimGroup, community: Community | None, role: str, circle: Circle | None
) -> ScimGroup:
    """Point a directory group at a community (its members join with ``role``) or at a
    circle (its members join the circle, and its community as members)."""
    require(actor, "scim.manage")
    if circle is not None:
        community = circle.community
    before = list(User.objects.filter(scim_groups=group))
    group.community, group.circle = community, circle
    group.role = role if role in Role.values else Role.MEMBER
    group.save(update_fields=["community", "circle", "role", "updated_at"])
    audit(
        "scim.group.linked",
        actor=actor,
        target=group,
        place=str(circle or community or ""),
        role=group.role,
    )
    _sync_places_of(users=before)
    return group


# Where groups lead ------------------------------------------------------------------------


def _sync_places_of(*, users: Iterable[User]) -> None:
    for user in users:
        _sync_user(user)


def _sync_places(*, group: ScimGroup, users: Iterable[User]) -> None:
    del group  # every place of each person is recomputed: groups can share a place
    _sync_places_of(users=users)


def _sync_user(user: User) -> None:
    """Give the person what their groups lead to, and take away what provisioning gave and
    no group leads to any more. A leaver (switched off) keeps their memberships, so their
    words still read as a former member's."""
    if not user.is_active:
        return
    wanted_communities: dict[int, str] = {}
    wanted_circles: dict[int, int] = {}
    for group in ScimGroup.objects.filter(memberships__user=user).exclude(community=None):
        assert group.community_id is not None
        if group.circle_id is not None:
            wanted_circles[group.circle_id] = group.community_id
            wanted_communities.setdefault(group.community_id, Role.MEMBER)
        else:
            wanted_communities[group.community_id] = _higher(
                wanted_communities.get(group.community_id), group.role
            )
    changed = False
    grants = list(ScimGrant.objects.filter(user=user))
    granted_communities = {g.community_id for g in grants if g.circle_id is None}
    granted_circles = {g.circle_id for g in grants if g.circle_id is not None}
    memberships = {m.community_id: m for m in Membership.objects.filter(user=user)}
    for community_id, role in wanted_communities.items():
        if community_id not in memberships:
            membership = Membership.objects.create(user=user, community_id=community_id, role=role)
            ScimGrant.objects.get_or_create(user=user, community_id=community_id, circle=None)
            audit("scim.membership.granted", target=membership, user=user.email, role=role)
            changed = True
    for community_id in granted_communities - set(wanted_communities):
        held = memberships.get(community_id)
        if held is not None and not _last_director(held):
            CircleMembership.objects.filter(circle__community_id=community_id, user=user).delete()
            audit("scim.membership.removed", target=held, user=user.email)
            held.delete()
            changed = True
        ScimGrant.objects.filter(user=user, community_id=community_id).delete()
    in_circles = set(CircleMembership.objects.filter(user=user).values_list("circle_id", flat=True))
    for circle_id, community_id in wanted_circles.items():
        if circle_id not in in_circles:
            try:
                with transaction.atomic():
                    CircleMembership.objects.create(circle_id=circle_id, user=user)
            except IntegrityError:
                continue
            ScimGrant.objects.get_or_create(
                user=user, community_id=community_id, circle_id=circle_id
            )
            audit("scim.circle_membership.granted", target=user, circle=circle_id)
            changed = True
    for circle_id in granted_circles - set(wanted_circles):
        if circle_id in in_circles:
            CircleMembership.objects.filter(circle_id=circle_id, user=user).delete()
            audit("scim.circle_membership.removed", target=user, circle=circle_id)
            changed = True
        ScimGrant.objects.filter(user=user, circle_id=circle_id).delete()
    if changed:
        forget_memberships(user)


_RANK = [Role.GUEST, Role.MEMBER, Role.EXPERT, Role.MENTOR, Role.FACILITATOR, Role.DIRECTOR]


def _higher(a: str | None, b: str) -> str:
    if a is None:
        return b
    return a if _RANK.index(Role(a)) >= _RANK.index(Role(b)) else b


def _last_director(membership: Membership) -> bool:
    return (
        membership.role == Role.DIRECTOR
        and not Membership.objects.filter(community_id=membership.community_id, role=Role.DIRECTOR)
        .exclude(pk=membership.pk)
        .exists()
    )
