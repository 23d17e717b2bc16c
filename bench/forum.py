"""Forum pages with years of history, served like production, as a share of hello world,
on SQLite and on PostgreSQL.

    python -m bench.forum                # build, count, serve, load; prints the tables
    python -m bench.forum --no-postgres  # SQLite only
    python -m bench.forum --json         # {"records", "markdown", "ok"} for bench/run.py

One fresh database per engine: SQLite in bench/results/bench-forum.sqlite3 (kept
afterwards, like the other bench databases; ./var is never opened) and PostgreSQL in
``salon_bench_forum`` on the server of ``--postgres`` (by default the one DATABASE_URL
names when it is PostgreSQL, else $SALON_BENCH_POSTGRES, else the local one; created
here and dropped afterwards, so the ``test`` database is never touched; skipped with a
note when no server answers). Both are built at the same time, each in its own process:
migrated, ``build_scale_data(1,000)`` for the people and circles, then a forum written
straight into the tables with bulk_create (no services, no notifications, no search
index: the pages read the same tables either way). It is built in two steps:

1. A tenth of it: 1,000 topics and 20,000 posts, the long topic at 500 posts. Each
   page's SQL is counted as the community's director (Django's test client, second
   request: the steady state, as bench/prepare.py counts).
2. The whole of it: 10,000 topics and 200,000 posts over three years, in community-wide
   and chapter categories, with tags, questions with accepted answers, reactions, read
   marks and subscriptions; the long topic grows to 5,000 posts (100 pages of 50). The
   counts are taken again: they must not grow.

Then, one engine after the other, uvicorn serves the whole forum with the flags of
``manage.py run_salon`` (bench/servers.py's ``start_server``), and bench/load.py keeps 8
keep-alive connections busy on hello world and the four forum pages in interleaved
rounds. Like the main table, each page's req/s is reported as a % of hello world's from
the same round; the long topic's last page is also compared with its first.

Targets (the issue's): the forum page and a topic page at 6% of hello world or more, at
most 5 SQL queries each, the same at a tenth of the size, and the last page of the long
topic no slower than 1.5 times its first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATABASE = BENCH / "results" / "bench-forum.sqlite3"
PG_DATABASE = "salon_bench_forum"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SLUG = "scale"
MEMBERS = 1_000
# (topics, posts, posts in the long topic) at each step.
SMALL = (1_000, 20_000, 500)
LARGE = (10_000, 200_000, 5_000)
YEARS = 3
BATCH = 2_000
# The bar: queries per page (forum and topic pages), and the long topic's last
# page against its first (req/s of the first ÷ req/s of the last).
MAX_QUERIES = 5
MAX_LAST_VS_FIRST = 1.5
CHECKED_QUERIES = ("forum", "topic_first", "topic_last")


@dataclass(frozen=True)
class Page:
    name: str
    label: str


PAGES = [
    Page("hello", "Hello world (baseline)"),
    Page("forum", "Forum (latest topics)"),
    Page("topic_first", "Long topic, first page"),
    Page("topic_last", "Long topic, last page"),
    Page("topics_api", "Topics API"),
]


def log(message: str) -> None:
    print(f"[bench.forum] {message}", file=sys.stderr, flush=True)


# The worker: inside Django, on the bench database -------------------------------------

SUBJECTS = [
    "our pricing review",
    "the regional operating model",
    "the supplier consolidation",
    "next year's budget",
    "the leadership offsite",
    "hybrid working",
    "the ERP migration",
    "succession planning",
    "the customer advisory board",
    "the sustainability report",
    "the Q3 forecast",
    "the graduate programme",
]
OPENERS = [
    "We tried something similar with {s} last year.",
    "A question on {s}, before our board meets next month.",
    "Short update on {s}, with what we learned.",
    "I'd value this group's view on {s}.",
    "Agree with the point above about {s}.",
    "Picking up the thread on {s}.",
]
POINTS = [
    "The hardest part was getting the regional teams to agree on one definition.",
    "We set three measures up front and reviewed them every month with the team.",
    "It took two quarters longer than planned, mostly because of the data.",
    "Our customers noticed before our own people did, which told us something.",
    "In hindsight, we should have involved finance from the first week.",
    "The pilot in one country made the case far better than any slide could.",
    "We wrote the decision down with our reasons, and it saved us a debate later.",
    "Two of the five workstreams delivered; the other three taught us where the limits are.",
]
TITLES = [
    "How are you handling {s}?",
    "Lessons from {s}",
    "Question: who owns {s} in your organisation?",
    "What would you do differently on {s}?",
    "Update: {s}, six months in",
]


def bodies(rng: random.Random, render: Any) -> list[tuple[str, str]]:
    """A pool of Markdown bodies with their HTML, rendered once: rendering 100,000 posts
    would take longer than the rest of the bench."""
    pool = []
    for _ in range(400):
        subject = rng.choice(SUBJECTS)
        text = rng.choice(OPENERS).format(s=subject) + " " + " ".join(rng.sample(POINTS, 2))
        if rng.random() < 0.3:
            text += "\n\n" + "\n".join(f"- {point}" for point in rng.sample(POINTS, 3))
        if rng.random() < 0.3:
            text += "\n\n" + " ".join(rng.sample(POINTS, 2))
        pool.append((text, str(render(text))))
    return pool


class ForumBuilder:
    """Writes a forum into one community with bulk_create, growing it step by step."""

    def __init__(self, community: Any, now: datetime) -> None:
        from salon.communities.models import Membership, Role
        from salon.core.markdown import render_markdown
        from salon.discussions.models import Category, Tag

        self.rng = random.Random(2026)
        self.now = now
        self.start = now - timedelta(days=365 * YEARS)
        self.community = community
        self.director = (
            Membership.objects.select_related("user")
            .get(community=community, role=Role.DIRECTOR)
            .user
        )
        self.people = list(
            Membership.objects.filter(community=community).values_list("user_id", flat=True)
        )
        self.pool = bodies(self.rng, render_markdown)
        names = ["Strategy", "Leading people", "Operations", "Finance", "Ask the forum"]
        names += ["Technology", "Sustainability", "Off the record"]
        categories = [
            Category(
                community=community,
                name=name,
                slug=name.lower().replace(" ", "-"),
                position=n,
                chatham_house=name == "Off the record",
            )
            for n, name in enumerate(names)
        ]
        for circle in community.circles.filter(kind="chapter"):
            categories.append(
                Category(
                    community=community,
                    circle=circle,
                    name=f"{circle.name} room",
                    slug=f"{circle.slug}-room",
                    position=20,
                )
            )
        self.categories = Category.objects.bulk_create(categories)
        self.tags = Tag.objects.bulk_create(
            [Tag(community=community, name=f"{s.split()[-1]}-{n}") for n, s in enumerate(SUBJECTS)]
        )
        self.topics: list[Any] = []
        self.finished = 0  # topics[:finished] have their tags, read marks and answers
        self.long_topic: Any = None

    def grow(self, topics: int, posts: int, long_posts: int) -> None:
        """Add topics until there are ``topics``, and posts until there are ``posts``,
        ``long_posts`` of them in the long topic."""
        from salon.discussions.models import Post, Topic, TopicKind

        rng = self.rng
        new_topics: list[Any] = []
        for n in range(len(self.topics), topics):
            category = rng.choice(self.categories)
            draw = rng.random()
            kind = TopicKind.QUESTION if draw < 0.15 else TopicKind.DISCUSSION
            if draw > 0.995:
                kind = TopicKind.ANNOUNCEMENT
            created = self.start + timedelta(seconds=rng.random() * YEARS * 365 * 86_400)
            new_topics.append(
                Topic(
                    category=category,
                    community=self.community,
                    circle_id=category.circle_id,
                    kind=kind,
                    title=rng.choice(TITLES).format(s=rng.choice(SUBJECTS)).capitalize(),
                    author_id=rng.choice(self.people),
                    pinned=0 < n < 3,
                    archived=n >= 3 and rng.random() < 0.03,
                    closed=rng.random() < 0.05,
                    post_count=0,
                    last_activity_at=created,
                    # The names, as services._set_tags copies them; finish() joins the tags.
                    tag_names=sorted(t.name for t in rng.sample(self.tags, rng.randint(0, 3))),
                )
            )
        if self.long_topic is None:
            new_topics[0].title = "Three years of the global supply-chain council: ask us anything"
            new_topics[0].category = self.categories[0]
            new_topics[0].circle_id = None
            new_topics[0].closed = False
            new_topics[0].last_activity_at = self.start + timedelta(days=3)
        created_at = [t.last_activity_at for t in new_topics]
        new_topics = Topic.objects.bulk_create(new_topics, batch_size=BATCH)
        for topic, created in zip(new_topics, created_at, strict=True):
            topic.created_at = created  # auto_now_add stamped now
        Topic.objects.bulk_update(new_topics, ["created_at"], batch_size=BATCH)
        if self.long_topic is None:
            self.long_topic = new_topics[0]
        self.topics += new_topics

        # Posts: the long topic first, then the others' share, most topics short, a few long.
        counts = {self.long_topic.pk: long_posts - self.long_topic.post_count}
        others = [t for t in new_topics if t.pk != self.long_topic.pk]
        budget = posts - Post.objects.count() - counts[self.long_topic.pk] - len(others)
        weights = [min(rng.paretovariate(1.3), 40.0) for _ in others]
        total = sum(weights)
        for topic, weight in zip(others, weights, strict=True):
            counts[topic.pk] = 1 + int(budget * weight / total)
        counts[others[0].pk] += posts - Post.objects.count() - sum(counts.values())
        self._write_posts(counts)

    def _write_posts(self, counts: dict[int, int]) -> None:
        from salon.discussions.models import Post, Topic

        rng, pool = self.rng, self.pool
        by_id = {t.pk: t for t in self.topics}
        batch: list[Any] = []
        changed: list[Any] = []
        for topic_id, count in counts.items():
            topic = by_id[topic_id]
            if count <= 0:
                continue
            first = topic.post_count + 1
            since = topic.last_activity_at if topic.post_count else topic.created_at
            span = max((self.now - since).total_seconds(), 60.0) * (
                1.0 if topic is self.long_topic else rng.uniform(0.002, 0.05)
            )
            steps = sorted(rng.random() for _ in range(count))
            for offset, step in enumerate(steps):
                body, html = rng.choice(pool)
                batch.append(
                    Post(
                        topic_id=topic_id,
                        number=first + offset,
                        author_id=topic.author_id
                        if first + offset == 1
                        else rng.choice(self.people),
                        body=body,
                        body_html=html,
                    )
                )
                batch[-1].planned_at = min(since + timedelta(seconds=span * step), self.now)
            topic.post_count += count
            topic.last_activity_at = batch[-1].planned_at
            changed.append(topic)
            if len(batch) >= BATCH * 5:
                self._flush(batch)
                batch = []
        self._flush(batch)
        Topic.objects.bulk_update(changed, ["post_count", "last_activity_at"], batch_size=BATCH)

    def _flush(self, batch: list[Any]) -> None:
        from salon.discussions.models import Post

        if not batch:
            return
        from django.db import connection

        written = Post.objects.bulk_create(batch, batch_size=BATCH)
        # created_at is auto_now_add: bulk_create stamps now, so date the posts afterwards
        # (one executemany; bulk_update's CASE per row is slow at 100,000 rows).
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Post._meta.db_table} SET created_at = %s WHERE id = %s",
                [
                    (adapt(planned.planned_at), post.pk)
                    for post, planned in zip(written, batch, strict=True)
                ],
            )
        self._react(written)

    def _react(self, posts: list[Any]) -> None:
        from salon.discussions.models import Emoji, Reaction

        rng = self.rng
        emojis = list(Emoji.values)
        reactions = []
        for post in posts:
            if rng.random() < (0.8 if post.topic_id == self.long_topic.pk else 0.25):
                for user_id in rng.sample(self.people, rng.randint(1, 4)):
                    reactions.append(
                        Reaction(post_id=post.pk, user_id=user_id, emoji=rng.choice(emojis))
                    )
        Reaction.objects.bulk_create(reactions, batch_size=BATCH, ignore_conflicts=True)

    def finish(self) -> None:
        """What a living forum has besides posts, for the topics added since the last call:
        tags, accepted answers, read marks (the director's and others') and subscriptions."""
        from salon.discussions.models import (
            Level,
            Post,
            Subscription,
            Topic,
            TopicKind,
            TopicRead,
        )

        rng = self.rng
        topics, self.finished = self.topics[self.finished :], len(self.topics)
        through = Topic.tags.through
        tag_ids = {tag.name: tag.pk for tag in self.tags}
        through.objects.bulk_create(
            [through(topic_id=t.pk, tag_id=tag_ids[name]) for t in topics for name in t.tag_names],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        questions = [t for t in topics if t.kind == TopicKind.QUESTION and t.post_count > 1]
        answers = dict(
            Post.objects.filter(topic__in=questions, number=2).values_list("topic_id", "pk")
        )
        for topic in questions:
            topic.accepted_answer_id = answers.get(topic.pk) if rng.random() < 0.6 else None
        Topic.objects.bulk_update(questions, ["accepted_answer"], batch_size=BATCH)
        reads = [
            TopicRead(
                user_id=self.director.pk,
                topic_id=t.pk,
                last_read_number=rng.randint(1, t.post_count),
            )
            for t in topics
            if rng.random() < 0.7 and t.pk != self.long_topic.pk
        ]
        reads += [
            TopicRead(user_id=user_id, topic_id=t.pk, last_read_number=rng.randint(1, t.post_count))
            for t in topics
            for user_id in rng.sample(self.people, 10)
            if user_id != self.director.pk
        ]
        TopicRead.objects.bulk_create(reads, batch_size=BATCH, ignore_conflicts=True)
        Subscription.objects.bulk_create(
            [
                Subscription(user_id=self.director.pk, category=c, level=Level.WATCH)
                for c in self.categories[:3]
            ]
            + [
                Subscription(user_id=self.director.pk, topic_id=t.pk, level=Level.WATCH)
                for t in rng.sample(topics, 10)
            ],
            ignore_conflicts=True,
        )

    def paths(self) -> dict[str, str]:
        long = self.long_topic
        return {
            "hello": "/bench/hello",
            "forum": f"/c/{self.community.slug}/forum/",
            "topic_first": f"/t/{long.pk}/?page=1",
            "topic_last": f"/t/{long.pk}/?page={long.pages}",
            "topics_api": f"/api/v1/communities/{self.community.slug}/topics",
        }

    def expected(self) -> dict[str, list[str]]:
        """What each page must show: the whole page of 50 posts on both topic pages."""
        from salon.discussions.models import PAGE_SIZE, Topic
        from salon.discussions.views.forum import TOPICS_PER_PAGE

        long = self.long_topic
        listed = Topic.objects.filter(community=self.community, archived=False).count()
        pinned = next(t for t in self.topics if t.pinned and not t.archived)
        last_first = (long.pages - 1) * PAGE_SIZE + 1
        return {
            "hello": ["Hello, world"],
            "forum": [pinned.title, f"Page 1 of {-(-listed // TOPICS_PER_PAGE)}"],
            "topic_first": ['id="post-1"', f'id="post-{PAGE_SIZE}"'],
            "topic_last": [f'id="post-{last_first}"', f'id="post-{long.post_count}"'],
            "topics_api": [f'"count": {listed}'],
        }


def count_queries(
    signed_in: Any, paths: dict[str, str], expected: dict[str, list[str]]
) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Each page's SQL in the steady state: the second request of the signed-in client
    (hello world without a session, as the load generator sends it)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, int] = {}
    sql: dict[str, list[str]] = {}
    for name, path in paths.items():
        client = signed_in if name != "hello" else Client()
        client.get(path)  # warm: moves the read mark, fills caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        body = response.content.decode()
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {body[:300]}")
        for text in expected[name]:
            if text not in body:
                raise SystemExit(f"{path} does not show {text!r}")
        counts[name] = len(captured.captured_queries)
        sql[name] = [q["sql"] for q in captured.captured_queries]
    return counts, sql


def prepare() -> None:
    """Migrate, build in two steps, count each page's SQL at each; print one JSON object."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from salon.demo.scale import build_scale_data
    from salon.discussions.models import Post, Reaction, Topic

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("bench/forum.py only builds its own bench databases.")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    community = build_scale_data(MEMBERS, slug=SLUG)
    people = time.perf_counter()
    with transaction.atomic():
        builder = ForumBuilder(community, timezone.now())
        builder.grow(*SMALL)
        builder.finish()
    _analyze(connection)
    client = Client()
    client.force_login(builder.director)
    small, _sql = count_queries(client, builder.paths(), builder.expected())
    grown = time.perf_counter()
    with transaction.atomic():
        builder.grow(*LARGE)
        builder.finish()
    _analyze(connection)
    built = time.perf_counter()
    large, sql = count_queries(client, builder.paths(), builder.expected())
    cookies = "; ".join(
        f"{name}={morsel.value}"
        for name, morsel in client.cookies.items()
        if name in {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    )
    json.dump(
        {
            "vendor": connection.vendor,
            "people_seconds": people - started,
            "build_seconds": (grown - people) + (built - grown),
            "topics": Topic.objects.count(),
            "posts": Post.objects.count(),
            "reactions": Reaction.objects.count(),
            "long_topic_posts": builder.long_topic.post_count,
            "long_topic_pages": builder.long_topic.pages,
            "paths": builder.paths(),
            "queries_small": small,
            "queries_large": large,
            "sql": sql,
            "cookie": cookies,
        },
        sys.stdout,
    )


def _analyze(connection: Any) -> None:
    """PostgreSQL: fresh planner statistics after a bulk load, as autovacuum gives a forum
    that grew over years (SQLite has none unless someone runs ANALYZE: none here)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# The orchestrator ---------------------------------------------------------------------


def postgres_server(choice: str | None) -> str:
    """The server (a URL without a database) the PostgreSQL run uses: ``--postgres``, else
    DATABASE_URL's when it is PostgreSQL, else $SALON_BENCH_POSTGRES, else the local one."""
    if choice:
        return choice
    current = os.environ.get("DATABASE_URL", "")
    if current.startswith(("postgres://", "postgresql://")):
        scheme, _, rest = current.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/"
    return os.environ.get("SALON_BENCH_POSTGRES", DEFAULT_POSTGRES)


def _postgres_admin(server: str) -> Any:
    import psycopg

    return psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True, connect_timeout=5)


def _build(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.forum", "--prepare"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _load(
    args: argparse.Namespace,
    env: dict[str, str],
    port: int,
    prepared: dict[str, Any],
    log_path: Path,
) -> dict[str, Any]:
    from bench.servers import HOST, run_load, start_server, stop_server

    server = start_server(env, port, log_path)
    try:
        plan = {
            "host": HOST,
            "port": port,
            "connections": args.connections,
            "warmup": args.warmup,
            "duration": args.duration,
            "rounds": args.rounds,
            "targets": [
                {
                    "name": p.name,
                    "path": prepared["paths"][p.name],
                    "cookie": "" if p.name == "hello" else prepared["cookie"],
                }
                for p in PAGES
            ],
        }
        per_round = len(PAGES) * (args.warmup + args.duration)
        log(f"load: {args.rounds} rounds of {len(PAGES)} pages, about {per_round:.0f} s each")
        report = run_load(plan)
    finally:
        stop_server(server)
    failed = {name: r for name, r in report.items() if r["errors"]}
    if failed:
        for name, result in failed.items():
            log(f"{name}: {result['errors']} errors, first: {result['first_error']}")
        log("server log:\n" + log_path.read_text()[-3000:])
        raise SystemExit("Some forum requests failed; no results written.")
    return report


def measure(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Build every engine's forum at once, then serve and load one engine after the other;
    returns {vendor: {"prepared", "report"}}."""
    from bench.servers import bench_env, free_port, remove_database

    databases: dict[str, str] = {}
    if not args.no_sqlite:
        DATABASE.parent.mkdir(parents=True, exist_ok=True)
        remove_database(DATABASE)
        databases["sqlite"] = f"sqlite:///{DATABASE}"
    admin = None
    if not args.no_postgres:
        server = postgres_server(args.postgres)
        try:
            admin = _postgres_admin(server)
        except Exception as exc:  # no server: report without it rather than fail the bench
            log(f"PostgreSQL at {server} is not reachable ({exc}); measuring SQLite only")
        else:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
            databases["postgresql"] = server.rstrip("/") + f"/{PG_DATABASE}"
    if not databases:
        raise SystemExit("No database to measure (--no-sqlite and no PostgreSQL).")
    secret_key = secrets.token_urlsafe(50)
    results: dict[str, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="salon-bench-forum-") as tmp:
            var_dir = Path(tmp)
            ports = {vendor: free_port() for vendor in databases}
            envs: dict[str, dict[str, str]] = {}
            for vendor, url in databases.items():
                env = bench_env(var_dir, DATABASE, ports[vendor], secret_key)
                env["DATABASE_URL"] = url
                if args.static_root:
                    env["BENCH_STATIC_ROOT"] = args.static_root
                envs[vendor] = env
            if not args.static_root:
                log("collectstatic into a temporary folder (DEBUG is off: pages need it)")
                subprocess.run(
                    [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                    cwd=ROOT,
                    env=next(iter(envs.values())),
                    check=True,
                )
            log(
                f"building {MEMBERS:,} members and a forum of {SMALL[0]:,} topics, then "
                f"{LARGE[0]:,} topics and {LARGE[1]:,} posts (the long topic "
                f"{LARGE[2]:,}), counting queries at each, on {' and '.join(databases)}"
            )
            builds = {vendor: _build(env) for vendor, env in envs.items()}
            prepared: dict[str, dict[str, Any]] = {}
            for vendor, build in builds.items():
                out, err = build.communicate()
                if build.returncode != 0:
                    sys.stderr.write(err)
                    raise SystemExit(f"Building the forum on {vendor} failed (see above).")
                prepared[vendor] = json.loads(out)
                done = prepared[vendor]
                log(
                    f"  {vendor}: {done['posts']:,} posts in {done['topics']:,} topics in "
                    f"{done['build_seconds']:.1f} s (people: {done['people_seconds']:.1f} s)"
                )
            for vendor, env in envs.items():
                log(f"serving the {vendor} forum with uvicorn on port {ports[vendor]}")
                report = _load(
                    args, env, ports[vendor], prepared[vendor], var_dir / f"uvicorn-{vendor}.log"
                )
                results[vendor] = {"prepared": prepared[vendor], "report": report}
    finally:
        if admin is not None:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            admin.close()
    return results


def last_vs_first(report: dict[str, Any]) -> float:
    """How much slower the long topic's last page is than its first: the median over
    rounds of first-page req/s ÷ last-page req/s (1.0: the same)."""
    pairs = zip(
        report["topic_first"]["rounds_rps"], report["topic_last"]["rounds_rps"], strict=True
    )
    return statistics.median(first / last for first, last in pairs if last)


def records(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    from bench.report import hello_spread, share_of_hello

    small, large = SMALL[1], LARGE[1]
    out: list[dict[str, Any]] = []
    for vendor, result in results.items():
        report, prepared = result["report"], result["prepared"]

        def add(
            name: str, value: float, unit: str, digits: int = 1, prefix: str = f"forum.{vendor}"
        ) -> None:
            out.append({"name": f"{prefix}.{name}", "value": round(value, digits), "unit": unit})

        for page in PAGES:
            add(f"{page.name}.req_per_s", report[page.name]["rps"], "req/s")
            if page.name != "hello":
                add(f"{page.name}.vs_hello", share_of_hello(report, page.name), "% of hello")
            add(f"{page.name}.latency_p50", report[page.name]["latency_ms"]["p50"], "ms", 2)
            add(f"{page.name}.latency_p99", report[page.name]["latency_ms"]["p99"], "ms", 2)
            add(
                f"{page.name}.queries_at_{small}_posts",
                prepared["queries_small"][page.name],
                "queries",
            )
            add(
                f"{page.name}.queries_at_{large}_posts",
                prepared["queries_large"][page.name],
                "queries",
            )
        add("topic_last_vs_first", last_vs_first(report), "×", 2)
        add("hello.round_spread", hello_spread(report), "%")
        add("build", prepared["build_seconds"], "s", 2)
    return out


def markdown(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> tuple[str, bool]:
    from bench.report import hello_spread, share_of_hello

    small, large = SMALL[1], LARGE[1]
    first = next(iter(results.values()))["prepared"]
    lines = [
        f"## Forum with years of history ({first['topics']:,} topics, {first['posts']:,} "
        f"posts, a topic of {first['long_topic_posts']:,})",
        "",
    ]
    ok = True
    for vendor, result in results.items():
        report, prepared = result["report"], result["prepared"]
        lines += [
            f"### {ENGINES[vendor]}",
            "",
            f"| Page | URL | req/s | % of hello | target ≥ {args.target:g}% | p50 ms | p99 ms "
            f"| SQL @ {small:,} posts | SQL @ {large:,} posts | SQL ≤ {MAX_QUERIES} and flat |",
            "|---|---|---:|---:|---|---:|---:|---:|---:|---|",
        ]
        for page in PAGES:
            result_page = report[page.name]
            q_small = prepared["queries_small"][page.name]
            q_large = prepared["queries_large"][page.name]
            flat = q_large <= q_small
            sql_ok = flat and (page.name not in CHECKED_QUERIES or q_large <= MAX_QUERIES)
            if page.name == "hello":
                share, verdict = "100%", "baseline"
            else:
                percent = share_of_hello(report, page.name)
                met = percent >= args.target
                share, verdict = f"{percent:.1f}%", "met" if met else "**missed**"
                ok = ok and met
            ok = ok and sql_ok
            lines.append(
                f"| {page.label} | `{prepared['paths'][page.name]}` "
                f"| {result_page['rps']:,.0f} | {share} | {verdict} "
                f"| {result_page['latency_ms']['p50']:.1f} "
                f"| {result_page['latency_ms']['p99']:.1f} | {q_small} | {q_large} "
                f"| {'yes' if sql_ok else '**no**'} |"
            )
        ratio = last_vs_first(report)
        ratio_ok = ratio <= MAX_LAST_VS_FIRST
        ok = ok and ratio_ok
        lines += [
            "",
            f"Last page ÷ first page of the long topic: {ratio:.2f}× the time (target ≤ "
            f"{MAX_LAST_VS_FIRST:g}×: {'met' if ratio_ok else '**missed**'}). Hello world's "
            f"req/s moved by {hello_spread(report):.0f}% between rounds. Built in "
            f"{prepared['build_seconds']:.0f} s.",
            "",
        ]
    lines += [
        f"The same method as the table above, on its own server and database per engine "
        f"(bench/forum.py): {MEMBERS:,} members, {first['topics']:,} topics over {YEARS} "
        f"years, {first['posts']:,} posts, {first['reactions']:,} reactions, the long topic "
        f"{first['long_topic_posts']:,} posts ({first['long_topic_pages']} pages of 50, "
        "first and last requested). Requested as the community's director; the SQL counts "
        "are taken at a tenth of the forum and again at its full size.",
        "",
    ]
    return "\n".join(lines), ok


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds before each window")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per window")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--target", type=float, default=6.0, help="%% of hello each page needs")
    parser.add_argument("--static-root", help="collected static files to reuse (bench/run.py)")
    parser.add_argument(
        "--postgres",
        help="PostgreSQL server URL without a database (default: DATABASE_URL's server when "
        f"it is PostgreSQL, else $SALON_BENCH_POSTGRES, else {DEFAULT_POSTGRES})",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--json", action="store_true", help="print records and table as JSON")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare:
        prepare()
        return
    started = time.perf_counter()
    results = measure(args)
    log(f"done in {time.perf_counter() - started:.0f} s")
    table, ok = markdown(results, args)
    if args.show_queries:
        for vendor, result in results.items():
            for name, sql in result["prepared"]["sql"].items():
                print(f"\n## {vendor}, {name}: {len(sql)} queries", file=sys.stderr)
                for number, statement in enumerate(sql, 1):
                    print(f"{number:>3}. {statement}", file=sys.stderr)
    if args.json:
        json.dump({"records": records(results), "markdown": table, "ok": ok}, sys.stdout)
    else:
        print(table)


if __name__ == "__main__":
    main()
