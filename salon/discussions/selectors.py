"""Reads of forums, already filtered by what the viewer may see and free of N+1."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)

from salon.accounts.blocking import blockers_among
from salon.accounts.models import User
from salon.communities.models import (
    STEWARD_ROLES,
    Circle,
    CircleMembership,
    Community,
    Membership,
)
from salon.communities.roles import membership_of, remember_memberships
from salon.communities.selectors import circle_list_for_user
from salon.core.models import Attachment, SearchDocument
from salon.core.permissions import can
from salon.core.search.text import words as search_words
from salon.discussions import mentions
from salon.discussions.models import (
    EMOJI_NAMES,
    PAGE_SIZE,
    Category,
    Emoji,
    Level,
    Post,
    Reaction,
    Subscription,
    Topic,
    TopicKind,
    TopicRead,
)
from salon.notifications.selectors import unread_count_subquery


def for_everyone(topic: Topic) -> Topic:
    """Let the policy judge many people about ``topic`` without a query each: load its
    circle's member ids once (the same for every viewer, unlike ``viewer_is_member``)."""
    if topic.circle_id is not None and not hasattr(topic, "circle_member_ids"):
        if topic.circle is not None:
            topic.circle.community = topic.community
        topic.circle_member_ids = set(  # type: ignore[attr-defined]
            CircleMembership.objects.filter(circle_id=topic.circle_id).values_list(
                "user_id", flat=True
            )
        )
    return topic


def forum_circles(*, user: Any, community: Community) -> list[Circle]:
    """The circles whose forums the viewer may see (``circle.view``), in one query."""
    return circle_list_for_user(user=user, community=community)


def _visible(qs: QuerySet[Any], *, user: Any, community: Community, circle_ids: list[int]) -> Any:
    """Rows of ``community`` outside circles, or in one of ``circle_ids`` (the circles the
    viewer may see); nothing for someone without a role there."""
    membership = membership_of(user, community)
    if membership is None:
        return qs.none()
    qs = qs.filter(community=community)
    if membership.role in STEWARD_ROLES:
        return qs
    return qs.filter(Q(circle__isnull=True) | Q(circle_id__in=circle_ids))


def category_list(*, user: Any, community: Community, circles: list[Circle]) -> list[Category]:
    """Categories the viewer may see (``circles``: the circles they may see, from
    ``forum_circles``), with how many topics each holds (archived topics included).
    Archived categories are left out: nobody starts a topic there or browses to it."""
    by_id = {c.pk: c for c in circles}
    qs = _visible(
        Category.objects.filter(archived=False),
        user=user,
        community=community,
        circle_ids=list(by_id),
    )
    level = Subscription.objects.filter(category=OuterRef("pk"), user_id=user.pk)
    categories = list(
        qs.annotate(
            topic_count=_topic_count(), my_level=Subquery(level.values("level")[:1])
        ).order_by("circle__name", "position", "name")
    )
    for category in categories:
        # The circles come with what the policy asks (whether the viewer is in them).
        category.community = community
        if category.circle_id is not None:
            category.circle = by_id.get(category.circle_id) or Circle.objects.get(
                pk=category.circle_id
            )
    return categories


def _topic_count() -> Subquery:
    """A category's topics, counted on the index of their category: a join and GROUP BY
    of every topic costs tens of milliseconds at 10,000 topics, this well under one."""
    return Subquery(
        Topic.objects.filter(category=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )


def category_list_for_stewards(*, community: Community) -> list[Category]:
    """Every category of ``community``, archived ones too, each forum (the community's,
    then each circle's by name) in its order, with topic counts: one query."""
    categories: list[Category] = list(
        Category.objects.filter(community=community)
        .select_related("circle")
        .annotate(topic_count=_topic_count())
        .order_by(F("circle__name").asc(nulls_first=True), "circle_id", "position", "name", "pk")
    )
    for category in categories:
        category.community = community
    return categories


@dataclass(frozen=True)
class TopicFilters:
    category: str = ""
    tag: str = ""
    circle: Circle | None = None
    kind: str = ""
    unanswered: bool = False
    archived: bool = False


def topic_list(
    *, user: Any, community: Community, circle_ids: list[int], filters: TopicFilters | None = None
) -> QuerySet[Topic]:
    """Topics the viewer may see, pinned first, then by latest activity, each with what a
    list row shows: category, circle, author, tags and the viewer's unread count (one
    query, whatever the number of topics; ``counted_page`` counts them in it too)."""
    filters = filters or TopicFilters()
    qs = _visible(Topic.objects.all(), user=user, community=community, circle_ids=circle_ids)
    if filters.circle is not None:
        qs = qs.filter(circle=filters.circle)
    if filters.category:
        qs = qs.filter(category__slug=filters.category)
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    if filters.kind in TopicKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.unanswered:
        qs = qs.filter(kind=TopicKind.QUESTION, accepted_answer__isnull=True, closed=False)
    qs = qs.filter(archived=filters.archived)
    return with_viewer(qs, user=user).order_by("-pinned", "-last_activity_at", "-pk")


def recent_topics(
    *, user: Any, community: Community, circle_ids: list[int], limit: int = 5
) -> list[Topic]:
    """The topics the viewer may see where something happened last (archived ones left
    out), for a community's home page: ``topic_list`` by latest activity, one query."""
    qs = topic_list(user=user, community=community, circle_ids=circle_ids)
    return list(qs.order_by("-last_activity_at", "-pk")[:limit])


def with_viewer(qs: QuerySet[Topic], *, user: Any) -> QuerySet[Topic]:
    """Each topic with what a row shows (its tags are its ``tag_names``): one query."""
    read = TopicRead.objects.filter(topic=OuterRef("pk"), user_id=user.pk)
    return qs.select_related("category", "circle", "author", "community").annotate(
        last_read=Subquery(read.values("last_read_number")[:1])
    )


def counted_page(
    qs: QuerySet[Any], number: str | int | None, per_page: int, **scalars: Any
) -> Page[Any]:
    """``Paginator(qs, per_page).get_page(number)`` in one query instead of two: each row
    of the page carries the count of all of them (an uncorrelated subquery: SQLite and
    PostgreSQL run it once), and whatever other scalar subqueries the page asks for in
    ``scalars`` (read them off any row). Only a number past the last page costs a count
    and the last page's query besides."""
    asked = str(number or "")
    wanted = max(int(asked), 1) if asked.isdigit() and len(asked) < 9 else 1
    everything = qs.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    counted = qs.annotate(rows_in_all=Subquery(everything.values("n")), **scalars)
    paginator = Paginator(qs, per_page)
    start = (wanted - 1) * per_page
    rows = list(counted[start : start + per_page])
    if rows:
        paginator.count = rows[0].rows_in_all
    else:
        paginator.count = qs.count() if wanted > 1 else 0
        if paginator.count:
            wanted = paginator.num_pages
            start = (wanted - 1) * per_page
            rows = list(counted[start : start + per_page])
        else:
            wanted = 1
    return Page(rows, wanted, paginator)


def topic_page_query(*, user: Any, bell: bool = False) -> QuerySet[Topic]:
    """One topic with everything its page needs besides the posts, in one query: its
    category, community, circle (and whether the viewer is in it), the accepted answer,
    how far the viewer has read and their subscription levels (topic and category); with
    ``bell``, the viewer's unread notifications too (``unread_notifications``)."""
    read = TopicRead.objects.filter(topic=OuterRef("pk"), user_id=user.pk)
    level = Subscription.objects.filter(topic=OuterRef("pk"), user_id=user.pk)
    category_level = Subscription.objects.filter(category=OuterRef("category_id"), user_id=user.pk)
    qs = Topic.objects.select_related(
        "category", "community", "circle", "author", "accepted_answer__author"
    ).annotate(
        last_read=Subquery(read.values("last_read_number")[:1]),
        my_level=Subquery(level.values("level")[:1]),
        my_category_level=Subquery(category_level.values("level")[:1]),
        viewer_in_circle=Exists(
            CircleMembership.objects.filter(circle_id=OuterRef("circle_id"), user_id=user.pk)
        ),
    )
    if bell:
        qs = qs.annotate(unread_notifications=unread_count_subquery(user=user))
    return qs


def _post_attachments() -> QuerySet[Attachment]:
    # By the content type's natural key, joined in SQL: no lookup of its id first.
    return Attachment.objects.filter(owner_type__app_label="discussions", owner_type__model="post")


def post_files(*, posts: list[Post]) -> dict[int, list[Attachment]]:
    """The files of each post that is shown (not deleted or hidden), in one query; none at
    all when no post on a ``post_page`` has any (its ``has_files``)."""
    wanted = [p.pk for p in posts if getattr(p, "has_files", True) and not p.is_removed]
    found: dict[int, list[Attachment]] = {}
    if wanted:
        for attachment in (
            _post_attachments().filter(owner_id__in=wanted).order_by("created_at", "pk")
        ):
            found.setdefault(attachment.owner_id, []).append(attachment)
    return found


def post_page(*, topic: Topic, page: int, size: int = PAGE_SIZE, viewer: Any = None) -> list[Post]:
    """The posts numbered on ``page``: a range of numbers, so the last page of a topic of
    thousands costs what the first does. With ``viewer``, each post also says whether they
    have an open flag on it (``my_flag``), in the same query."""
    first = (page - 1) * size + 1
    qs = (
        Post.objects.filter(topic=topic, number__gte=first, number__lt=first + size)
        .select_related("author")
        .annotate(has_files=Exists(_post_attachments().filter(owner_id=OuterRef("pk"))))
    )
    if viewer is not None:
        from salon.discussions.models import Flag

        qs = qs.annotate(
            my_flag=Exists(
                Flag.objects.filter(
                    post=OuterRef("pk"), flagged_by_id=viewer.pk, resolved_at__isnull=True
                )
            )
        )
    posts: list[Post] = list(qs.order_by("number"))
    for post in posts:
        post.topic = topic  # what the policy asks about each post is already here
    return posts


@dataclass(frozen=True)
class ReactionCount:
    emoji: str
    symbol: str
    name: str  # translated once per page, not once per button
    count: int
    mine: bool


def reactions_for(*, posts: list[Post], user: Any) -> dict[int, list[ReactionCount]]:
    """Each post's reactions by emoji (in the fixed order), and which are the viewer's: one
    query for the whole page."""
    rows = (
        Reaction.objects.filter(post_id__in=[p.pk for p in posts])
        .values("post_id", "emoji")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk)))
        .order_by()
    )
    found: dict[int, dict[str, tuple[int, bool]]] = {}
    for row in rows:
        found.setdefault(row["post_id"], {})[row["emoji"]] = (row["n"], row["mine"] > 0)
    labels = [(e.value, str(e.label), str(EMOJI_NAMES[e])) for e in Emoji]
    result: dict[int, list[ReactionCount]] = {}
    for post in posts:
        mine = found.get(post.pk, {})
        result[post.pk] = [
            ReactionCount(value, symbol, name, *mine.get(value, (0, False)))
            for value, symbol, name in labels
        ]
    return result


def reactions_of(*, post: Post, user: Any) -> list[ReactionCount]:
    return reactions_for(posts=[post], user=user)[post.pk]


def subscription_level(*, user: Any, topic: Topic) -> str:
    """The viewer's effective level: their topic's, else their category's, else tracking."""
    level = getattr(topic, "my_level", None) or getattr(topic, "my_category_level", None)
    if level:
        return str(level)
    if hasattr(topic, "my_category_level"):
        return Level.TRACK
    found = Subscription.objects.filter(user_id=user.pk, category_id=topic.category_id).first()
    return found.level if found else Level.TRACK


def watchers_of(*, topic: Topic) -> tuple[set[int], set[int]]:
    """Who watches the topic (by its own level or its category's) and who muted it."""
    own = dict(Subscription.objects.filter(topic=topic).values_list("user_id", "level"))
    by_category = dict(
        Subscription.objects.filter(category_id=topic.category_id).values_list("user_id", "level")
    )
    effective = {**by_category, **own}
    watching = {u for u, level in effective.items() if level == Level.WATCH}
    muted = {u for u, level in effective.items() if level == Level.MUTE}
    return watching, muted


# Mentions --------------------------------------------------------------------------------

MAX_SUGGESTIONS = 8
# The shortest start of a name the @-autocomplete answers.
MIN_MENTION_QUERY = 1
# How many matching people are weighed against the topic's audience for the eight shown.
CANDIDATES = 50


@dataclass(frozen=True)
class MentionSuggestion:
    user_id: int
    handle: str
    name: str
    title: str


def _fold(text: str) -> str:
    """Lower case without accents: "Zoë" and "ZOE" both fold to "zoe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mention_people(*, community_id: int) -> list[tuple[int, str]]:
    """(id, name) of everyone whose handle counts in the community: its active members.
    Handles are made unique among them, so this is the table mentions are read against."""
    return list(
        Membership.objects.filter(community_id=community_id, user__is_active=True).values_list(
            "user_id", "user__name"
        )
    )


def mention_suggestions(
    *, viewer: Any, topic: Topic, query: str, limit: int = MAX_SUGGESTIONS
) -> list[MentionSuggestion]:
    """Whom ``viewer`` could mention in ``topic`` (unsaved for a topic not yet started: its
    category's community and circle) whose handle, or a part of whose name, starts with
    ``query``, ignoring case and accents: the handle matches first, then by name.

    Only for people who may see the community's directory (``community.view_members``):
    anyone else (a guest) gets nobody, so the box cannot be used to list the members.
    The same people ``services.mentionable`` would link: the community's active members
    whom the policy lets see the topic (``topic.view``). Left out: the viewer, and whoever
    blocked the viewer (a mention of them would tell them nothing).

    A bounded query, however many members: the community's people in the search index
    (their names folded, as ``salon.accounts.search`` keeps them) whose name starts with,
    or has a word starting with, what was typed, at most ``CANDIDATES`` of them, each with
    how many share its name (for the handle with the id). Then their memberships (two
    queries), the circle's members (a circle's topic only) and their blocks of the viewer.
    """
    community = topic.community
    if not can(viewer, "community.view_members", community):
        return []
    # Folded into words as the index keeps names: "@Zoë-N" is "zoe n".
    typed = " ".join(search_words(query[:60]))
    if len(typed) < MIN_MENTION_QUERY:
        return []
    rows = list(
        SearchDocument.objects.filter(kind="person", community_id=topic.community_id)
        .filter(Q(search_title__startswith=typed) | Q(search_title__contains=f" {typed}"))
        .annotate(
            by_name=Case(
                When(search_title__startswith=typed, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            namesakes=Window(Count("id"), partition_by=[F("search_title")]),
        )
        .order_by("by_name", "search_title", "object_id")
        .values_list("object_id", "namesakes")[:CANDIDATES]
    )
    if not rows:
        return []
    shared = dict(rows)
    people_rows = {
        pk: (user_id, name, title)
        for pk, user_id, name, title in Membership.objects.filter(
            pk__in=list(shared), community_id=topic.community_id, user__is_active=True
        ).values_list("pk", "user_id", "user__name", "user__title")
    }
    people: list[User] = []
    handle_of: dict[int, str] = {}
    for membership_id, namesakes in rows:
        if membership_id not in people_rows:
            continue
        user_id, name, title = people_rows[membership_id]
        if user_id == viewer.pk:
            continue
        handle = mentions.handle_for(name, user_id)
        handle_of[user_id] = handle if namesakes == 1 else f"{handle}-{user_id}"
        people.append(User(pk=user_id, name=name, title=title))
    # As services.mentionable asks: the policy, with everyone's memberships and the
    # circle's members loaded once, so no person costs a query.
    remember_memberships(people)
    for_everyone(topic)
    people = [person for person in people if can(person, "topic.view", topic)]
    blockers = blockers_among(viewer.pk, [person.pk for person in people])
    return [
        MentionSuggestion(
            user_id=person.pk, handle=handle_of[person.pk], name=person.name, title=person.title
        )
        for person in people
        if person.pk not in blockers
    ][:limit]


def post_in_topic(*, topic: Topic, post_id: int) -> Post | None:
    """A post of this topic (the one quoted in a reply, or accepted as the answer), with its
    author; None for a post of another topic or none at all."""
    return Post.objects.select_related("author").filter(pk=post_id, topic=topic).first()
