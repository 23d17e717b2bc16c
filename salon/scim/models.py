"""Provisioning from the organisation's directory (SCIM 2.0, RFC 7643/7644).

A person provisioned by the directory keeps a ``ScimUser`` next to their account: the name
the directory knows them by and the whole document it sent, so that what the directory
reads back is what it wrote. A ``ScimGroup`` is a directory group; an administrator points
it at a community (with a role) or a circle, and its members follow it there.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from salon.communities.models import Circle, Community, Role


class ScimToken(models.Model):
    """A bearer token of the directory. Only its SHA-256 is stored; the secret is shown
    once, when it is made."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ScimUser(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim"
    )
    user_name = models.CharField(max_length=254)
    # userName is unique whatever its case (RFC 7643 §4.1.1: caseExact false).
    user_name_key = models.CharField(max_length=254, unique=True)
    external_id = models.CharField(max_length=254, blank=True, db_index=True)
    document = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Deleted by the directory: the account stays (switched off, with what they wrote), the
    # directory no longer sees it, and a new user with the same email takes it back.
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(models.Model):
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("name in the directory"), max_length=254)
    external_id = models.CharField(max_length=254, blank=True, db_index=True)
    document = models.JSONField(default=dict)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    circle = models.ForeignKey(
        Circle,
        verbose_name=_("circle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ScimGroupMember", related_name="scim_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class ScimGroupMember(models.Model):
    group = models.ForeignKey(ScimGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The member entry as the directory wrote it (display, type, …), read back as written.
    entry = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="scim_one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id}"


class ScimGrant(models.Model):
    """A community or circle membership that provisioning made, so that it is also the one
    to take it away (a membership a director made by hand is left alone)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    circle = models.ForeignKey(
        Circle, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=models.Q(circle__isnull=True),
                name="scim_one_community_grant",
            ),
            models.UniqueConstraint(
                fields=["user", "circle"],
                condition=models.Q(circle__isnull=False),
                name="scim_one_circle_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.community_id}/{self.circle_id}"
