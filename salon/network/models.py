"""Relationships between people: connections (asked for, or made by an introduction),
conversations of two to eight people with their messages, reports of a conversation to a
community's moderators, and each community's rule for who may message whom.

A connection is one row per pair, the lower user id first, so "are these two connected"
is one indexed lookup whichever side asks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# People in one conversation, the author included.
MAX_PARTICIPANTS = 8
# Messages shown on a conversation's page (older ones come with "earlier messages").
PAGE_SIZE = 50


class Connection(models.Model):
    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The introduction that made it, if one did (else the two asked and accepted).
    introduction = models.ForeignKey(
        "Introduction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_low", "user_high"], name="one_connection_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="connection_ordered"
            ),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"])]

    def __str__(self) -> str:
        return f"{self.user_low_id} – {self.user_high_id}"

    def other(self, user_id: int) -> int:
        return self.user_high_id if self.user_low_id == user_id else self.user_low_id


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    IGNORED = "ignored", _("Ignored")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConnectionRequest(models.Model):
    """One person asks another to connect, with a note. Ignoring is quiet: the sender is
    not told, and the request stays "waiting" for them."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connection_requests_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="connection_requests_received",
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="one_waiting_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")), name="no_request_to_oneself"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "status"])]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("network:mine")


class Answer(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Introduction(models.Model):
    """A facilitator or mentor introduces two people, saying why. Both must accept; then
    they are connected and a conversation opens for the three of them to start from."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="introductions"
    )
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(_("why they should meet"), max_length=2000)
    first_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.WAITING)
    second_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.WAITING)
    conversation = models.ForeignKey(
        "Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(first=F("second")), name="introduce_two_people")
        ]
        indexes = [models.Index(fields=["first"]), models.Index(fields=["second"])]

    def __str__(self) -> str:
        return f"Introduction {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("network:mine")

    def side_of(self, user_id: int) -> str | None:
        if user_id == self.first_id:
            return "first"
        if user_id == self.second_id:
            return "second"
        return None

    def answer_of(self, user_id: int) -> str | None:
        side = self.side_of(user_id)
        return getattr(self, f"{side}_answer") if side else None

    @property
    def is_declined(self) -> bool:
        return Answer.DECLINED in (self.first_answer, self.second_answer)

    @property
    def is_complete(self) -> bool:
        return self.first_answer == self.second_answer == Answer.ACCEPTED


class Conversation(models.Model):
    """Two people, or a group of up to eight. ``community`` is the community whose rule
    let it start: its moderators receive its reports."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="conversations"
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    is_group = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    # The newest message's id: read state compares with it, without a join.
    last_message_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"Conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("network:conversation", args=[self.pk])


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    # The last message id this person has seen (0: none).
    read_up_to = models.PositiveBigIntegerField(default=0)
    # The last message id an "unread messages" email told them about.
    emailed_up_to = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_seat_per_person")
        ]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # Gone with an erased account: the message stays for the others, from "Former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=10000)
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["conversation", "-id"])]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ConversationReport(models.Model):
    """A participant shows the moderators some messages of a conversation. The moderators
    see those messages, copied when reported, and nothing else of the conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="conversation_reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    # [{"author": name, "author_id": id, "body": text, "created_at": iso}] as reported.
    excerpt = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"Report {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("network:reports", args=[self.community.slug])


class WhoMayMessage(models.TextChoices):
    MEMBERS = "members", _("Members and above; guests only with people they are connected to")
    CONNECTIONS = "connections", _("Only people who are connected (facilitators write to anyone)")
    STEWARDS = "stewards", _("Only directors and facilitators start conversations")


class MessagingSettings(models.Model):
    community = models.OneToOneField(
        "communities.Community",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="messaging_settings",
    )
    who_may_message = models.CharField(
        _("who may message whom"),
        max_length=12,
        choices=WhoMayMessage.choices,
        default=WhoMayMessage.MEMBERS,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("messaging settings")
        verbose_name_plural = _("messaging settings")

    def __str__(self) -> str:
        return f"Messaging in {self.community_id}"


class NetworkSettings(models.Model):
    """A member's own choices about the network: whether others see them suggested."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="network_settings",
    )
    suggestable = models.BooleanField(
        _("suggest me to others"),
        default=True,
        help_text=_("People in your communities may see you among the people they should meet."),
    )
    coffee_roulette = models.BooleanField(
        _("pair me for coffee roulette"),
        default=False,
        help_text=_("Each round pairs you with a member in another region for half an hour."),
    )
    # What colleagues elsewhere see beside the member's local time and working week.
    name_pronunciation = models.CharField(
        _("how to say my name"),
        max_length=120,
        blank=True,
        help_text=_("For example: “Ah-DAY-oh-lah”. Shown on your profile."),
    )
    working_notes = models.TextField(
        _("how to work with me"),
        max_length=2000,
        blank=True,
        help_text=_(
            "A few lines colleagues in other countries would find useful: how you like to "
            "meet, when you answer messages, what you would rather avoid."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network settings")
        verbose_name_plural = _("network settings")

    def __str__(self) -> str:
        return f"Network settings of {self.user_id}"


class CountryNote(models.Model):
    """What a community's facilitators write about working with people in one country:
    meeting customs, the working week, forms of address. Shown beside those members'
    profiles to the community's members."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="country_notes"
    )
    # As profiles name it ("Saudi Arabia"), so notes meet the people they describe.
    country = models.CharField(_("country"), max_length=100)
    body = models.TextField(_("note"), max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["community", "country"], name="one_note_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.community_id})"


class CoffeeRound(models.Model):
    """A community's round of coffee roulette: members who opted in are paired across
    regions for a half-hour conversation before ``meet_by``, each pair at a time fair to
    both."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="coffee_rounds"
    )
    meet_by = models.DateField(_("meet by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Opted in but left without a pair (an odd number, or nobody left they had not met).
    unpaired = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Coffee round {self.pk} ({self.community_id})"


class CoffeePair(models.Model):
    round = models.ForeignKey(CoffeeRound, on_delete=models.CASCADE, related_name="pairs")
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The time the planner found fair to both (None if their working days never meet).
    starts_at = models.DateTimeField(null=True, blank=True)
    # Each side's answer afterwards: did you meet? (None: not answered yet)
    first_met = models.BooleanField(null=True)
    second_met = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "first"], name="one_pair_per_first"),
            models.UniqueConstraint(fields=["round", "second"], name="one_pair_per_second"),
        ]
        indexes = [models.Index(fields=["first"]), models.Index(fields=["second"])]

    def __str__(self) -> str:
        return f"{self.first_id} – {self.second_id}"

    def other_id(self, user_id: int) -> int:
        return self.second_id if self.first_id == user_id else self.first_id

    def answer_of(self, user_id: int) -> bool | None:
        return self.first_met if self.first_id == user_id else self.second_met

    @property
    def happened(self) -> bool:
        """Either of them says they met."""
        return bool(self.first_met or self.second_met)


class NetworkMap(models.Model):
    """A community's network over the last ``days`` days as last drawn by the background
    job (services/maps.py, graph.py): the picture (JSON of graph.Drawing), and the people
    its stewards can act on. Pages read it; nothing is worked out while a page waits."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    drawn_at = models.DateTimeField()
    days = models.PositiveSmallIntegerField()
    drawing = models.JSONField()
    # [[user id, betweenness], …], highest first; and the ids of people with a region and
    # no tie outside it yet.
    bridges = models.JSONField(default=list)
    inward = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.community_id} at {self.drawn_at:%Y-%m-%d %H:%M}"
