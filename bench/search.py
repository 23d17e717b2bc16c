"""Search latency over 100,000 indexed documents, on SQLite (FTS5) and PostgreSQL (GIN).

    python -m bench.search                      # both engines, prints a table
    python -m bench.search --json               # records + table for bench/run.py
    python -m bench.search --no-postgres --docs 20000 --queries 50

One worker process per engine migrates a fresh database (SQLite:
bench/results/bench-search.sqlite3, kept afterwards like the other bench databases;
PostgreSQL: ``salon_bench_search`` on ``--postgres``, created here and dropped
afterwards; the ``test`` database is never touched). Each creates 20 communities with 10
circles (a quarter of them private) and one searching member (director of one community,
member of nine, in some circles); those index themselves through the registered sources.
Then it bulk-loads the rest of the documents straight into the index: 70% people, 30%
circle-scoped posts like the discussions to come, written from a Zipf-distributed
vocabulary. Both workers build at the same time; the timing runs one engine after the
other, so they never compete.

Timed: ``salon.core.search.search`` as the search page calls it (first page of 20 ranked
hits with the total count, highlighted), with a fresh user object per query, as a
request has. The query mix: frequent words (in most documents, like "the"), common and
rare words, two words, phrases, exclusions and search-as-you-type prefixes. The first
queries only warm the caches.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SQLITE_PATH = BENCH / "results" / "bench-search.sqlite3"
PG_DATABASE = "salon_bench_search"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
ENGINES = {"sqlite": "SQLite FTS5", "postgresql": "PostgreSQL full-text (GIN)"}
# Settings this bench decides itself; the calling shell's values are dropped.
OWN_ENV = {
    "DATABASE_URL",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_URL",
    "LOG_LEVEL",
    "REDIS_URL",
    "SALON_BENCH",
    "SALON_VAR_DIR",
    "SECRET_KEY",
}
COMMUNITIES = 20
CIRCLES_PER_COMMUNITY = 10
PAGE_SIZE = 20
WARMUP = 10
SENTENCES = 20_000
QUERY_TYPES = [
    "rare word",
    "common word",
    "frequent word",
    "two words",
    "phrase",
    "exclusion",
    "prefix (typing)",
]


def log(message: str) -> None:
    print(f"[bench.search] {message}", file=sys.stderr, flush=True)


# The worker: inside Django, on one database --------------------------------------------


def vocabulary() -> list[str]:
    """Real leadership words first (the frequent ones), then made-up words (the long tail)."""
    rng = random.Random(7)
    real = (  # noqa: SIM905  (a sentence of words reads better than sixty quoted ones)
        "leadership strategy growth customer team market digital transformation risk finance "
        "operations talent culture innovation supply chain pricing board governance "
        "sustainability data platform product partnership regulation merger integration "
        "coaching mentoring feedback resilience portfolio capital investment energy health "
        "retail logistics manufacturing research design ethics policy europe asia americas "
        "africa quarterly review planning budget forecast scenario negotiation storytelling "
        "cyber security cloud analytics automation procurement compliance"
    ).split()
    syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "qui", "ban", "zu", "ter"]
    invented = {
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(4000)
    }
    return real + sorted(invented - set(real))


class Writer:
    """Text from a pool of Zipf-distributed ten-word sentences (drawing each word of 100,000
    documents one by one would take longer than the search it prepares). Each piece of
    text comes with its folded words, as ``index_text`` would give them."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        from salon.core.search.text import index_text

        # Zipf: the k-th word is k times rarer than the first.
        weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
        self.rng = rng
        self.pool = [
            " ".join(rng.choices(words, cum_weights=weights, k=10)) for _ in range(SENTENCES)
        ]
        self.folded = [index_text(sentence) for sentence in self.pool]

    def text(self, sentences: int) -> str:
        return self.text_and_words(sentences)[0]

    def text_and_words(self, sentences: int) -> tuple[str, str]:
        chosen = [self.rng.randrange(SENTENCES) for _ in range(sentences)]
        return ". ".join(self.pool[i] for i in chosen), " ".join(self.folded[i] for i in chosen)


def build(docs: int) -> Any:
    from django.db import connection, transaction
    from django.utils import timezone

    from salon.accounts.models import User
    from salon.communities.models import Circle, CircleMembership, Community, Membership, Role
    from salon.core.models import SearchDocument
    from salon.core.search.text import index_text
    from salon.demo.people import COUNTRIES, GEN_TITLES, INTERESTS

    rng = random.Random(7)
    writer = Writer(vocabulary(), rng)

    with transaction.atomic():
        user = User.objects.create_user(email="searcher@bench.test", name="Sam Searcher")
        communities = [
            Community.objects.create(name=f"Community {n}", slug=f"c{n}", purpose=writer.text(4))
            for n in range(COMMUNITIES)
        ]
        circles = [
            Circle.objects.create(
                community=community,
                name=f"{writer.text(1)[:40].title()} circle",
                slug=f"circle-{n}",
                description=writer.text(3),
                is_private=n % 4 == 0,
            )
            for community in communities
            for n in range(CIRCLES_PER_COMMUNITY)
        ]
        for n, community in enumerate(communities[:10]):
            role = Role.DIRECTOR if n == 0 else Role.MEMBER
            Membership.objects.create(user=user, community=community, role=role)
        for circle in circles[::7]:
            CircleMembership.objects.create(user=user, circle=circle)

    # The other documents go straight in with SQL (the ORM's bulk_create splits batches into
    # inserts of about 70 rows on SQLite and would take longer than the whole search bench).
    now = timezone.now()
    columns = ""
    rows: list[tuple[Any, ...]] = []
    people = int(docs * 0.7)
    for n in range(docs - SearchDocument.objects.count()):
        if n < people:
            country = rng.choice(COUNTRIES)
            title = f"{rng.choice(country.first_names)} {rng.choice(country.last_names)}"
            job = rng.choice(GEN_TITLES)[0]
            text, words = writer.text_and_words(rng.randint(2, 6))
            body = f"{job}\n{country.name}\n{text}"
            search_body = f"{index_text(job)} {index_text(country.name)} {words}"
            tags = rng.sample(INTERESTS, 2)
            kind, audience, circle_id = "person", "members", None
            community_id = rng.choice(communities).pk
        else:
            title = writer.text(1)[: rng.randint(20, 60)].capitalize()
            body, search_body = writer.text_and_words(rng.randint(4, 15))
            tags = []
            kind, audience = "post", "circle"
            circle = rng.choice(circles)
            circle_id, community_id = circle.pk, circle.community_id
        values = {
            "kind": kind,
            "object_id": 10_000_000 + n,
            "audience": audience,
            "community_id": community_id,
            "circle_id": circle_id,
            "title": title,
            "body": body,
            "tags": json.dumps(tags),
            "url": f"/bench/{kind}/{n}/",
            "search_title": index_text(title),
            "search_tags": index_text(" ".join(tags)),
            "search_body": search_body,
            "updated_at": now,
        }
        columns = ", ".join(values)
        rows.append(tuple(values.values()))
    # Bulk-load practice: the index is built once over all rows, not row by row.
    if connection.vendor == "postgresql":
        _load_postgres(connection, columns, rows)
    else:
        _load_sqlite(connection, columns, rows)
    return user


def _load_sqlite(connection: Any, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """Without the FTS5 table and its triggers, then FTS5's own 'rebuild' (schema.py: the
    same objects the migration creates)."""
    from django.db import transaction

    from salon.core.search import schema

    insert = f"INSERT INTO core_searchdocument ({columns}) VALUES ({', '.join(['%s'] * 13)})"
    schema.uninstall(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
    schema.install(connection)
    schema.rebuild(connection)


def _load_postgres(connection: Any, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """COPY without the GIN index (the generated tsvector is computed as rows arrive), then
    the index built once."""
    from django.db import transaction

    from salon.core.search.schema import GIN_INDEX, TABLE, VECTOR

    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {GIN_INDEX}")
        with (
            transaction.atomic(),
            cursor.cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"CREATE INDEX {GIN_INDEX} ON {TABLE} USING GIN ({VECTOR})")


def queries(words: list[str], count: int) -> list[tuple[str, str]]:
    """(type, text) pairs, the same every run. With a Zipf vocabulary the first words are
    in most documents (like "the"): "frequent word" is that worst case, "common word" a
    topical word, "rare word" one in well under 1% of documents."""
    rng = random.Random(11)
    frequent, common, rare = words[:20], words[20:300], words[1000:]
    make = [
        (5, "frequent word", lambda: rng.choice(frequent) + " "),
        (30, "common word", lambda: rng.choice(common) + " "),
        (20, "rare word", lambda: rng.choice(rare) + " "),
        (15, "two words", lambda: f"{rng.choice(common)} {rng.choice(common)} "),
        (10, "phrase", lambda: f'"{rng.choice(words[:60])} {rng.choice(words[:60])}"'),
        (5, "exclusion", lambda: f"{rng.choice(common)} -{rng.choice(common)} "),
        (15, "prefix (typing)", lambda: rng.choice(common)[: rng.randint(3, 5)]),
    ]
    out: list[tuple[str, str]] = []
    for _ in range(count):
        _weight, kind, make_one = rng.choices(make, [m[0] for m in make])[0]
        out.append((kind, make_one()))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_queries(user: Any, count: int) -> dict[str, Any]:
    from salon.accounts.models import User
    from salon.core.search import search

    timings: dict[str, list[float]] = {}
    hits: list[int] = []
    for n, (kind, text) in enumerate(queries(vocabulary(), WARMUP + count)):
        searcher = User.objects.get(pk=user.pk)  # memberships are loaded again, as per request
        started = time.perf_counter()
        results = search(user=searcher, text=text)
        page = results[0:PAGE_SIZE]  # the page's order: the page, and the count with it
        found = results.count()
        elapsed = (time.perf_counter() - started) * 1000
        assert len(page) == min(found, PAGE_SIZE), (text, found, len(page))
        if n >= WARMUP:
            timings.setdefault(kind, []).append(elapsed)
            hits.append(found)
    every = [t for values in timings.values() for t in values]
    return {
        "queries": len(every),
        "p50": statistics.median(every),
        "p95": percentile(every, 0.95),
        "by_type_p95": {kind: percentile(values, 0.95) for kind, values in timings.items()},
        "median_hits": statistics.median(hits),
    }


def worker(docs: int, count: int) -> None:
    """Build, say so on stdout, wait for "go" on stdin, time the queries, print results."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from salon.core.models import SearchDocument

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    user = build(docs)
    built = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    report = {
        "vendor": connection.vendor,
        "documents": SearchDocument.objects.count(),
        "migrate_seconds": migrated - started,
        "build_seconds": built - migrated,
    }
    print(json.dumps(report), flush=True)
    sys.stdin.readline()
    report.update(measure_queries(user, count))
    print(json.dumps(report), flush=True)


# The orchestrator ----------------------------------------------------------------------


def _env(database_url: str, var_dir: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in OWN_ENV}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="salon.settings",
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        SALON_VAR_DIR=var_dir,
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    return env


def _start(database_url: str, var_dir: str, docs: int, count: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "bench.search", "--worker", "--docs", str(docs)]
    return subprocess.Popen(
        [*command, "--queries", str(count)],
        cwd=ROOT,
        env=_env(database_url, var_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _answer(worker: subprocess.Popen[str]) -> dict[str, Any]:
    assert worker.stdout is not None
    line = worker.stdout.readline()
    if not line:
        worker.wait()
        raise SystemExit("A search bench worker failed (see above).")
    answer: dict[str, Any] = json.loads(line)
    return answer


def _postgres_admin(url: str) -> Any:
    import psycopg

    return psycopg.connect(url.rstrip("/") + "/postgres", autocommit=True, connect_timeout=5)


def measure(
    docs: int, count: int, postgres: str | None, *, sqlite: bool = True
) -> dict[str, dict[str, Any]]:
    databases: dict[str, str] = {}
    admin = None
    if sqlite:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        databases["sqlite"] = f"sqlite:///{SQLITE_PATH}"
    if postgres:
        try:
            admin = _postgres_admin(postgres)
        except Exception as exc:  # no server: report without it rather than fail the bench
            log(f"PostgreSQL at {postgres} is not reachable ({exc}); measuring without it")
        else:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
            databases["postgresql"] = postgres.rstrip("/") + f"/{PG_DATABASE}"
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="salon-bench-search-") as var_dir:
        log(f"building {docs:,} documents on {', '.join(databases)} in parallel")
        workers = {v: _start(url, var_dir, docs, count) for v, url in databases.items()}
        try:
            for vendor, worker in workers.items():
                built = _answer(worker)
                log(
                    f"  {vendor}: migrate {built['migrate_seconds']:.1f} s, "
                    f"{built['documents']:,} documents in {built['build_seconds']:.1f} s"
                )
            for vendor, worker in workers.items():
                log(f"timing {count} queries on {vendor}")
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
                results[vendor] = _answer(worker)
                worker.wait()
        finally:
            for worker in workers.values():
                if worker.poll() is None:
                    worker.kill()
            if admin is not None:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
                admin.close()
    return results


def records(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for vendor, r in results.items():
        out += [
            {"name": f"search.{vendor}.latency_p50", "value": round(r["p50"], 2), "unit": "ms"},
            {"name": f"search.{vendor}.latency_p95", "value": round(r["p95"], 2), "unit": "ms"},
            {"name": f"search.{vendor}.documents", "value": r["documents"], "unit": "documents"},
            {"name": f"search.{vendor}.build", "value": round(r["build_seconds"], 1), "unit": "s"},
        ]
    return out


def markdown(results: dict[str, dict[str, Any]], docs: int) -> str:
    if not results:
        return ""
    types = [t for t in QUERY_TYPES if t in next(iter(results.values()))["by_type_p95"]]
    lines = [
        f"## Search over {docs:,} documents",
        "",
        "| Engine | p50 ms | p95 ms | "
        + " | ".join(f"p95 {t}" for t in types)
        + " | median hits | bulk load s |",
        "|---|---:|---:|" + "---:|" * len(types) + "---:|---:|",
    ]
    for vendor, r in results.items():
        by_type = " | ".join(f"{r['by_type_p95'][t]:.1f}" for t in types)
        lines.append(
            f"| {ENGINES[vendor]} | {r['p50']:.1f} | {r['p95']:.1f} | {by_type} "
            f"| {r['median_hits']:,.0f} | {r['build_seconds']:.1f} |"
        )
    queries = next(iter(results.values()))["queries"]
    lines += [
        "",
        f"`salon.core.search.search` as the search page calls it (first {PAGE_SIZE} ranked "
        "hits, the total count, highlighted) for a member of 10 of 20 communities; "
        f"{queries} queries per engine after {WARMUP} to warm up, in one process, no HTTP "
        "(bench/search.py).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100, help="timed queries per engine")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SALON_BENCH_POSTGRES", DEFAULT_POSTGRES),
        help=f"server URL without a database (default {DEFAULT_POSTGRES}, or "
        "$SALON_BENCH_POSTGRES)",
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--json", action="store_true", help="print records and table as JSON")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        worker(args.docs, args.queries)
        return
    started = time.perf_counter()
    postgres = None if args.no_postgres else args.postgres
    results = measure(args.docs, args.queries, postgres, sqlite=not args.no_sqlite)
    log(f"done in {time.perf_counter() - started:.0f} s")
    table = markdown(results, args.docs)
    if args.json:
        json.dump({"records": records(results), "markdown": table}, sys.stdout)
    else:
        print(table)


if __name__ == "__main__":
    main()
