"""Live brainstorming boards: sticky notes in named clusters (the board's columns), dot
votes with a budget per person, a facilitator's phases and timer.

Every note and cluster carries a ``version`` that each change raises by one in the same
UPDATE: the last writer wins per field, and pages that hear of changes out of order keep
the newest (``salon/innovation/live.py`` sends the version with every change).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BoardStatus(models.TextChoices):
    OPEN = "open", _("Writing notes")
    VOTING = "voting", _("Dot voting")
    LOCKED = "locked", _("Locked")


class NoteColour(models.TextChoices):
    YELLOW = "yellow", _("Yellow")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    PINK = "pink", _("Pink")
    ORANGE = "orange", _("Orange")


class Board(models.Model):
    """A board belongs to a community, and to a challenge, an event (an ideation workshop)
    or a circle; its circle decides who sees it, as it does for the rest."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="boards"
    )
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("circle"),
    )
    challenge = models.ForeignKey(
        "innovation.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boards",
        verbose_name=_("challenge"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boards",
        verbose_name=_("event"),
    )
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("the question on the board"), blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=BoardStatus.choices, default=BoardStatus.OPEN)
    anonymous = models.BooleanField(
        _("anonymous notes"),
        default=False,
        help_text=_("Nobody sees who wrote a note; ideas made from notes still credit them."),
    )
    dot_budget = models.PositiveSmallIntegerField(_("dots per person"), default=5)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    # Lock the board when the timer runs out (checked on every write, so no job is needed).
    lock_at_timer = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(dot_budget__gte=1, dot_budget__lte=50), name="board_dot_budget_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovation:board_detail", args=[self.pk])

    @property
    def timer_ran_out(self) -> bool:
        return self.timer_ends_at is not None and self.timer_ends_at <= timezone.now()

    @property
    def is_locked(self) -> bool:
        return self.status == BoardStatus.LOCKED or (self.lock_at_timer and self.timer_ran_out)

    @property
    def phase(self) -> str:
        return BoardStatus.LOCKED if self.is_locked else self.status

    @property
    def phase_label(self) -> str:
        return str(BoardStatus(self.phase).label)


class BoardCluster(models.Model):
    """A named group of notes, shown as a column."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=80)
    position = models.FloatField(default=0)
    version = models.PositiveIntegerField(default=1)
    # The idea it became, if a facilitator turned it into one.
    idea = models.ForeignKey(
        "innovation.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class BoardNote(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="notes")
    # SET_NULL: removing a cluster leaves its notes on the board, ungrouped.
    cluster = models.ForeignKey(
        BoardCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(_("note"), max_length=500)
    colour = models.CharField(
        _("colour"), max_length=10, choices=NoteColour.choices, default=NoteColour.YELLOW
    )
    # Order within its column: a move between two notes takes the midpoint.
    position = models.FloatField(default=0)
    version = models.PositiveIntegerField(default=1)
    # Sum of its dots, changed with F() by every dot.
    dot_total = models.PositiveIntegerField(default=0)
    idea = models.ForeignKey(
        "innovation.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Removed notes stay for the board's history and its export; pages leave them out.
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["board", "cluster", "position"])]

    def __str__(self) -> str:
        return self.text[:60]


class BoardParticipant(models.Model):
    """What a person has spent of a board's dots: the row locked while they vote, so
    concurrent dots queue and the budget is never exceeded."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dots_spent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="one_participant_row")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.board}"


class BoardDot(models.Model):
    note = models.ForeignKey(BoardNote, on_delete=models.CASCADE, related_name="dots")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="one_dot_row")]
        indexes = [models.Index(fields=["board", "user"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.note} ×{self.count}"


class BoardChangeKind(models.TextChoices):
    NOTE_ADDED = "note_added", _("added a note")
    NOTE_EDITED = "note_edited", _("edited a note")
    NOTE_MOVED = "note_moved", _("moved a note")
    NOTE_REMOVED = "note_removed", _("removed a note")
    NOTE_PROMOTED = "note_promoted", _("turned a note into an idea")
    CLUSTER_ADDED = "cluster_added", _("added a cluster")
    CLUSTER_RENAMED = "cluster_renamed", _("renamed a cluster")
    CLUSTER_REMOVED = "cluster_removed", _("removed a cluster")
    CLUSTER_PROMOTED = "cluster_promoted", _("turned a cluster into an idea")
    PHASE_CHANGED = "phase_changed", _("changed the phase")
    TIMER_SET = "timer_set", _("set the timer")


class BoardChange(models.Model):
    """One line of a board's history: who did what to which note or cluster, and when.
    ``what`` and ``where`` keep the words as they were then (a note's text, a cluster's
    name, a phase), so the history still reads after later edits and removals. Dots are
    not in it: who spent them stays private."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="changes")
    # None when nobody may be named: on an anonymous board, the author's own note.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=BoardChangeKind.choices)
    note = models.ForeignKey(
        BoardNote, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(max_length=120, blank=True)
    where = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["board", "-at", "-id"])]

    def __str__(self) -> str:
        return f"{self.kind} on {self.board_id} at {self.at:%Y-%m-%d %H:%M}"
