from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

TIMEZONE_CHOICES = sorted((tz, tz.replace("_", " ")) for tz in zoneinfo.available_timezones())


class Region(models.TextChoices):
    EMEA = "emea", _("Europe")
    AMERICAS = "americas", _("Americas")
    APAC = "apac", _("Asia-Pacific")
    MEA = "mea", _("Middle East & Africa")


class Function(models.TextChoices):
    GENERAL = "general", _("General management")
    FINANCE = "finance", _("Finance")
    OPERATIONS = "operations", _("Operations")
    TECHNOLOGY = "technology", _("Technology")
    PRODUCT = "product", _("Product")
    MARKETING = "marketing", _("Marketing & sales")
    PEOPLE = "people", _("People & HR")
    STRATEGY = "strategy", _("Strategy")
    LEGAL = "legal", _("Legal & compliance")
    RESEARCH = "research", _("Research & development")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


def _photo_path(instance: User, filename: str) -> str:
    return f"photos/{instance.pk}/{secrets.token_hex(8)}.jpg"


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a profile an executive recognises. Email is the login; no usernames."""

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("full name"), max_length=150)
    photo = models.ImageField(_("photo"), upload_to=_photo_path, blank=True)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    organisation_unit = models.CharField(_("organisation unit"), max_length=150, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text=_("Your reporting line; mentoring and feedback are kept out of it."),
    )
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=TIMEZONE_CHOICES, default="UTC"
    )
    timezone_confirmed = models.BooleanField(default=False)
    # One of settings.LANGUAGES, or blank: follow the browser. Not a choices field, so adding
    # a language needs no migration; the settings form offers only the configured ones.
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("The language Salon uses on its pages and in the emails it sends you."),
    )
    languages: models.ManyToManyField[Language, Any] = models.ManyToManyField(
        "Language", verbose_name=_("languages"), blank=True
    )
    work_start = models.TimeField(_("working day starts"), default="09:00")
    work_end = models.TimeField(_("working day ends"), default="17:30")
    bio = models.TextField(_("about me"), blank=True, max_length=4000)
    interests = models.JSONField(_("interests"), default=list, blank=True)

    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)
    deletion_requested_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["region"]), models.Index(fields=["function"])]

    def __str__(self) -> str:
        return self.name or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.pk])

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p]
        if not parts:
            return self.email[:1].upper()
        return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]


class Language(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal access token for the API. Only its SHA-256 is stored. It stops working
    when it expires, is revoked, or its owner changes their password or is deactivated."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # None: never expires (the person chose so).
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= dj_timezone.now()


class Block(models.Model):
    """``blocker`` does not want to hear from ``blocked``: no notification of their
    mentions or replies (see ``salon.accounts.blocking``). Private: nobody else is told."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="no_blocking_oneself"
            ),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"])]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
