from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")
    MENTOR = "mentor", _("Mentor")
    EXPERT = "expert", _("Expert")
    GUEST = "guest", _("Guest")


# Roles that take part fully: they see the directory and every open circle.
PARTICIPANT_ROLES = frozenset(
    {Role.DIRECTOR, Role.FACILITATOR, Role.MEMBER, Role.MENTOR, Role.EXPERT}
)
STEWARD_ROLES = frozenset({Role.DIRECTOR, Role.FACILITATOR})


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private — only members know it exists")
    OPEN = "open", _("Open — anyone signed in can see it and ask to join")


def _cover_path(instance: Community, filename: str) -> str:
    return f"covers/{instance.slug}/{secrets.token_hex(8)}.jpg"


class Community(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=60, unique=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose and charter"), blank=True, max_length=10000)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    self_signup = models.BooleanField(
        _("open self-signup"),
        default=False,
        help_text=_("People without an account may sign up and join directly."),
    )
    cover = models.ImageField(_("cover image"), upload_to=_cover_path, blank=True)
    # Read with the memberships (no query of its own): whether the community's navigation
    # shows its challenges and idea pipeline (salon/innovation).
    uses_challenges = models.BooleanField(
        _("challenges and ideas"),
        default=False,
        help_text=_("Members bring ideas to challenges, vote, and follow them through stages."),
    )
    # Members propose interest groups (circles of kind "interest group"); a director
    # approves each one, unless the community lets members start them directly.
    interest_groups_need_approval = models.BooleanField(
        _("interest groups need a director's approval"),
        default=True,
        help_text=_("Members may propose interest groups. Untick to let them start one directly."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:home", args=[self.slug])

    @property
    def is_open(self) -> bool:
        return self.visibility == Visibility.OPEN


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_user")
        ]
        indexes = [
            models.Index(fields=["community", "role"]),
            models.Index(fields=["community", "joined_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.role})"

    @property
    def is_participant(self) -> bool:
        return self.role in PARTICIPANT_ROLES

    @property
    def is_steward(self) -> bool:
        return self.role in STEWARD_ROLES


class CircleKind(models.TextChoices):
    CHAPTER = "chapter", _("Regional chapter")
    COHORT = "cohort", _("Cohort")
    LEARNING_SET = "learning_set", _("Peer-learning set")
    WORKING_GROUP = "working_group", _("Working group")
    INTEREST_GROUP = "interest_group", _("Interest group")


class Circle(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CircleKind.choices, default=CircleKind.LEARNING_SET
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    is_private = models.BooleanField(
        _("private circle"),
        default=False,
        help_text=_("Only its members and the community's directors and facilitators see it."),
    )
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CircleMembership", related_name="circles"
    )
    # An archived circle is kept, with its forum, goals and events, but left out of lists
    # and closed to joining; its directors and facilitators can bring it back.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # An interest group a member proposed, waiting for a director: private (only its
    # proposer and the stewards see it) until approved.
    awaiting_approval = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="circle_slug_per_community")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:circle", args=[self.community.slug, self.slug])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class CircleMembership(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="circle_memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    is_lead = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "user"], name="one_circle_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.circle}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> object:
    return timezone.now() + timedelta(days=settings.SALON_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    circle = models.ForeignKey(
        Circle, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("communities:invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("why you would like to join"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.community}"
