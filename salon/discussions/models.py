"""Forums: categories (of a community, or of one of its circles), topics, posts.

A topic keeps its community and circle (copied from its category), so lists and search
filter on the topic's own columns. Posts are numbered within their topic (1 is the opening
post); numbers never change, so a deleted post leaves a "deleted post" in its place and a
page of a long topic is a range of numbers, as fast at the end as at the start.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Posts per page of a topic.
PAGE_SIZE = 50


class Category(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="forum_categories"
    )
    # A circle's forum is the categories that name it.
    circle = models.ForeignKey(
        "communities.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_categories",
        verbose_name=_("circle"),
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("web address"), max_length=60)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    chatham_house = models.BooleanField(
        _("Chatham House rule"),
        default=False,
        help_text=_(
            "What is said may be used, but not attributed: notifications, digests and "
            "exports leave the authors out."
        ),
    )
    # Archived: no new topics, left out of the forum's lists of categories; its topics
    # stay where they are, readable.
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "slug"], name="category_slug_per_community"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A community's tags: one row per name, so topics are filtered by a join, not a LIKE."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="forum_tags"
    )
    name = models.SlugField(max_length=40, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="tag_name_per_community")
        ]

    def __str__(self) -> str:
        return self.name


class TopicKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    ANNOUNCEMENT = "announcement", _("Announcement")


class Topic(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    # Copied from the category when the topic is made (and when it moves).
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="topics"
    )
    circle = models.ForeignKey(
        "communities.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="topics"
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=TopicKind.choices, default=TopicKind.DISCUSSION
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="topics"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="topics")
    # The names of ``tags``, sorted, copied when they are set (services._set_tags): lists
    # and the topic page show them without a query; filters still join ``tags``.
    tag_names = models.JSONField(default=list, blank=True)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    closed = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)
    # None follows the category; True or False overrides it for this topic.
    chatham_house = models.BooleanField(null=True, blank=True)
    accepted_answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How many posts were ever written (deleted ones keep their number): the last number.
    post_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["community", "-last_activity_at"]),
            models.Index(fields=["category", "-last_activity_at"]),
            # The forum's list in its order (pinned first, then latest activity): a page is
            # the first rows of this index, not a sort of every topic of the community.
            models.Index(
                fields=["community", "-pinned", "-last_activity_at", "-id"],
                condition=Q(archived=False),
                name="topic_list_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:topic", args=[self.pk])

    @property
    def is_chatham_house(self) -> bool:
        if self.chatham_house is not None:
            return self.chatham_house
        return self.category.chatham_house

    @property
    def unattributed_author_id(self) -> int | None:
        """The author whom the audit log must not name (under the Chatham House rule)."""
        return self.author_id if self.is_chatham_house else None

    @property
    def is_question(self) -> bool:
        return self.kind == TopicKind.QUESTION

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    @property
    def pages(self) -> int:
        return max((self.post_count - 1) // PAGE_SIZE + 1, 1)

    @property
    def unread(self) -> int | None:
        """Posts after the viewer's last read one (``last_read`` is annotated by the
        selectors); None when they never opened the topic."""
        last_read = getattr(self, "last_read", None)
        if last_read is None:
            return None
        return max(self.post_count - last_read, 0)


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    body = models.TextField(max_length=20000)
    # The rendered, sanitised body (with mentions linked), made when the body is written.
    body_html = models.TextField(blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="forum_mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Files attached through salon.core.attachments; they go with a hard-deleted post.
    attachments = GenericRelation(
        "core.Attachment", content_type_field="owner_type", object_id_field="owner_id"
    )

    class Meta:
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="post_number_per_topic")
        ]

    def __str__(self) -> str:
        return f"#{self.number} in {self.topic_id}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:post", args=[self.pk])

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None or self.hidden_at is not None

    @property
    def unattributed_author_id(self) -> int | None:
        """The author whom the audit log must not name (under the Chatham House rule)."""
        return self.author_id if self.topic.is_chatham_house else None

    @property
    def page(self) -> int:
        return (self.number - 1) // PAGE_SIZE + 1


class PostRevision(models.Model):
    """The body a post had before an edit: the history shows every earlier version."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-pk"]

    def __str__(self) -> str:
        return f"Revision of {self.post_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class Emoji(models.TextChoices):
    THUMBS_UP = "thumbs_up", "👍"
    HEART = "heart", "❤️"
    CLAP = "clap", "👏"
    IDEA = "idea", "💡"
    THINKING = "thinking", "🤔"
    THANKS = "thanks", "🙏"


EMOJI_NAMES = {
    Emoji.THUMBS_UP: _("Thumbs up"),
    Emoji.HEART: _("Heart"),
    Emoji.CLAP: _("Applause"),
    Emoji.IDEA: _("Good idea"),
    Emoji.THINKING: _("Thinking"),
    Emoji.THANKS: _("Thank you"),
}


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=12, choices=Emoji.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "emoji"], name="one_reaction_each")
        ]

    def __str__(self) -> str:
        return f"{self.emoji} on {self.post_id}"


class TopicRead(models.Model):
    """How far a member has read a topic: unread counts and the "new since" marker."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reads")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="one_read_per_topic")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.topic_id} to #{self.last_read_number}"


class Level(models.TextChoices):
    WATCH = "watch", _("Watching — tell me about every reply")
    TRACK = "track", _("Tracking — count unread, no notifications")
    MUTE = "mute", _("Muted — never notify me")


class Subscription(models.Model):
    """A member's level for one topic or one category; a topic's own level wins."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.CharField(max_length=5, choices=Level.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True, category__isnull=False)
                | Q(topic__isnull=False, category__isnull=True),
                name="subscription_to_topic_or_category",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="one_subscription_per_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="one_subscription_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.topic_id or self.category_id}"


# Moderation ------------------------------------------------------------------------------


class FlagReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off-topic")
    DISRESPECTFUL = "disrespectful", _("Disrespectful")
    CONFIDENTIAL = "confidential", _("Shares something confidential")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Something else")


class Resolution(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    HIDDEN = "hidden", _("Post hidden")
    RESTORED = "restored", _("Post shown again")
    EDITED = "edited", _("Post edited")
    MOVED = "moved", _("Topic moved")
    LOCKED = "locked", _("Topic locked")
    WARNED = "warned", _("Author warned")


class Flag(models.Model):
    """A member's report of a post to the community's stewards: open until one resolves it
    (all open flags of a post are resolved together)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    # Copied from the topic (topics never leave their community): the queue filters on it.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="forum_flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_flags"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=12, choices=Resolution.choices, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["community", "resolved_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_flag_per_person_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} flag on {self.post_id}"
