"""The mixed workload of `bench/run.py --mix`: an evening of a community, many members at once.

Members (600 browser sessions and 600 app tokens, made directly in the session store for members
with enough approved posts to publish at once) read pages and call the API, threads chosen by a
Zipf law over every thread (rank order shuffled), thread pages at a random page; about 5% of
requests are writes, each by the member whose session or token it is: replies, reactions,
check-ins and urges, half through the pages (with the CSRF token a browser holds) and half
through the API. The requests are written to files and replayed by wrk with bench/wrk_mix.lua.
"""

import bisect
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import string
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.common import HOST, WorkerMemory, gunicorn, status, wrk

# Share of requests (percent) of each kind; the writes add up to 5.
MIX: dict[str, float] = {
    "Home (the member's count)": 8,
    "Streak dashboard": 7,
    "Latest threads": 8,
    "Categories": 2,
    "Category thread list": 10,
    "Thread page": 32,
    "Notifications page": 3,
    "API: latest threads": 4,
    "API: category threads": 3,
    "API: thread posts": 10,
    "API: notifications": 4,
    "API: current streak": 4,
    "Reply (page)": 1,
    "Reply (API)": 1,
    "Reaction (page)": 0.5,
    "Reaction (API)": 1,
    "Check-in (page)": 0.5,
    "Check-in (API)": 0.25,
    "Urge (page)": 0.25,
    "Urge (API)": 0.5,
}
WRITES = {kind for kind in MIX if kind.startswith(("Reply", "Reaction", "Check-in", "Urge"))}
ZIPF_EXPONENT = 1.0
POSTS_PER_PAGE = 20  # forum.views.POSTS_PER_PAGE
THREADS_PER_PAGE = 20
REPLIES = [
    "Thank you for writing this, it is exactly how my evenings feel.",
    "Day by day. You are not alone in this, and tonight will pass.",
    "I read this twice. Holding on with you.",
    "Same here: I muted everything and it helped more than I expected.",
]


@dataclass(frozen=True)
class Member:
    handle: str
    cookie: str  # the browser's session key
    token: str  # the app's X-Session-Token
    csrf: str  # the secret in the browser's CSRF cookie


@dataclass(frozen=True)
class ForumShape:
    threads: list[tuple[int, int]]  # (id, published posts), in Zipf rank order
    cumulative: list[float]
    categories: list[tuple[str, int]]  # (slug, threads)


def create_sessions(count: int) -> list[Member]:
    """`count` signed-in browsers and as many app tokens, straight into the session store."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db.models import Count, Q
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.models import User
    from forum.selectors import TRUSTED_AFTER_APPROVED_POSTS

    members = list(
        User.objects.filter(handle__startswith="member_", is_active=True)
        .annotate(approved=Count("forum_posts", filter=Q(forum_posts__approved_at__isnull=False)))
        .filter(approved__gte=TRUSTED_AFTER_APPROVED_POSTS)
        .order_by("?")[:count]
    )
    if not members:
        raise RuntimeError("No seeded member can post at once: seed with seed_scale first.")
    store = SessionStore()
    expire = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows, result = [], []
    chars = string.ascii_lowercase + string.digits
    for index in range(count):
        user = members[index % len(members)]
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "allauth.account.auth_backends.AuthenticationBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        cookie, token = get_random_string(32, chars), get_random_string(32, chars)
        rows += [
            Session(session_key=key, session_data=store.encode(data), expire_date=expire)
            for key in (cookie, token)
        ]
        csrf = get_random_string(32, string.ascii_letters + string.digits)
        result.append(Member(handle=user.handle, cookie=cookie, token=token, csrf=csrf))
    Session.objects.bulk_create(rows, batch_size=1000)
    return result


def forum_shape(rng: random.Random) -> ForumShape:
    from django.db.models import Count

    from forum.models import Category, Thread

    threads = list(Thread.objects.filter(status="published").values_list("id", "post_count"))
    rng.shuffle(threads)
    weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(threads) + 1)]
    cumulative = list(itertools.accumulate(weights))
    categories = list(
        Category.objects.annotate(count=Count("threads")).filter(count__gt=0).values_list("slug", "count")
    )
    return ForumShape(threads=threads, cumulative=cumulative, categories=categories)


def _thread(rng: random.Random, shape: ForumShape) -> tuple[int, int]:
    point = rng.random() * shape.cumulative[-1]
    return shape.threads[min(bisect.bisect_left(shape.cumulative, point), len(shape.threads) - 1)]


def _page(rng: random.Random, pages: int) -> str:
    """Most readers stay on the first page of a list; the rest go a few pages on."""
    if pages <= 1 or rng.random() < 0.7:
        return ""
    return f"?page={rng.randint(2, min(pages, 10))}"


def _post_id(thread_id: int, posts: int, rng: random.Random) -> int:
    from forum.models import Post

    ids = (
        Post.objects.filter(thread_id=thread_id, status="published")
        .order_by("id")
        .values_list("id", flat=True)
    )
    return ids[rng.randrange(max(posts, 1))]


def request_line(kind: str, member: Member, rng: random.Random, shape: ForumShape, port: int) -> str:
    """One request as wrk_mix.lua reads it: method, path, body, then headers, tab-separated."""
    from django.conf import settings

    browser = [
        f"Cookie: {settings.SESSION_COOKIE_NAME}={member.cookie}; {settings.CSRF_COOKIE_NAME}={member.csrf}",
        "Accept: text/html",
    ]
    form = [*browser, "Content-Type: application/x-www-form-urlencoded", f"Origin: http://{HOST}:{port}"]
    app = [f"X-Session-Token: {member.token}", "Accept: application/json"]
    app_write = [*app, "Content-Type: application/json"]
    thread_id, posts = _thread(rng, shape)
    slug, threads = rng.choice(shape.categories)
    category_pages = math.ceil(threads / THREADS_PER_PAGE)

    def get(path: str, headers: list[str]) -> str:
        return "\t".join(["GET", path, "", *headers])

    def post(path: str, body: dict, headers: list[str]) -> str:
        if "Content-Type: application/json" in headers:
            text = json.dumps(body)
        else:
            text = urlencode({**body, "csrfmiddlewaretoken": member.csrf}, safe="{}")
        return "\t".join(["POST", path, text, *headers])

    reply = f"{rng.choice(REPLIES)} ({{n}})"
    match kind:
        case "Home (the member's count)":
            return get("/", browser)
        case "Streak dashboard":
            return get("/streak/", browser)
        case "Latest threads":
            return get(f"/forum/{_page(rng, 10)}", browser)
        case "Categories":
            return get("/forum/categories/", browser)
        case "Category thread list":
            return get(f"/forum/c/{slug}/{_page(rng, category_pages)}", browser)
        case "Thread page":
            page = rng.randint(1, max(1, math.ceil(posts / POSTS_PER_PAGE)))
            return get(f"/forum/t/{thread_id}/" + (f"?page={page}" if page > 1 else ""), browser)
        case "Notifications page":
            return get("/members/notifications/", browser)
        case "API: latest threads":
            return get("/api/v1/forum/latest/", app)
        case "API: category threads":
            return get(f"/api/v1/forum/categories/{slug}/threads/", app)
        case "API: thread posts":
            return get(f"/api/v1/forum/threads/{thread_id}/posts/", app)
        case "API: notifications":
            return get("/api/v1/notifications/", app)
        case "API: current streak":
            return get("/api/v1/streaks/current/", app)
        case "Reply (page)":
            return post(f"/forum/t/{thread_id}/reply/", {"body": reply}, form)
        case "Reply (API)":
            return post(f"/api/v1/forum/threads/{thread_id}/replies/", {"body": reply}, app_write)
        case "Reaction (page)":
            kind_ = rng.choice(["hug", "stay_strong", "same_here"])
            return post(f"/forum/p/{_post_id(thread_id, posts, rng)}/react/", {"kind": kind_}, form)
        case "Reaction (API)":
            kind_ = rng.choice(["hug", "stay_strong", "same_here"])
            return post(
                f"/api/v1/forum/posts/{_post_id(thread_id, posts, rng)}/reactions/",
                {"kind": kind_},
                app_write,
            )
        case "Check-in (page)":
            return post("/streak/check-in/", {"mood": rng.randint(1, 5), "note": ""}, form)
        case "Check-in (API)":
            return post("/api/v1/streaks/checkins/create/", {"mood": rng.randint(1, 5)}, app_write)
        case "Urge (page)":
            body = {"strength": rng.randint(1, 5), "action": "text", "held_on": "yes"}
            return post("/streak/urge/log/", body, form)
        case "Urge (API)":
            body = {"strength": rng.randint(1, 5), "action": "text", "held_on": True}
            return post("/api/v1/streaks/urges/create/", body, app_write)
    raise ValueError(kind)


def write_requests(
    path: Path, *, lines: int, members: list[Member], shape: ForumShape, port: int, seed: int
) -> dict[str, str]:
    """A file of `lines` requests in the mix's proportions; returns the first request of each kind."""
    rng = random.Random(seed)  # the same file for the same seed
    kinds, weights = list(MIX), list(MIX.values())
    first: dict[str, str] = {}
    with path.open("w") as out:
        for kind in rng.choices(kinds, weights=weights, k=lines):
            line = request_line(kind, rng.choice(members), rng, shape, port)
            first.setdefault(kind, line)
            out.write(line + "\n")
    return first


def kind_of(method: str, path: str) -> str:
    """The kind of a request from the server's log line, for the queries of each kind."""
    api = path.startswith("/api/")
    if method == "POST":
        what = next(
            (name for pattern, name in WRITE_PATHS if re.search(pattern, path)),
            "Other write",
        )
        return f"{what} ({'API' if api else 'page'})"
    for pattern, name in READ_PATHS:
        if re.fullmatch(pattern, path):
            return name
    return "Other"


WRITE_PATHS = [(r"/repl", "Reply"), (r"/react", "Reaction"), (r"check-?in", "Check-in"), (r"urge", "Urge")]
READ_PATHS = [
    (r"/", "Home (the member's count)"),
    (r"/streak/", "Streak dashboard"),
    (r"/forum/", "Latest threads"),
    (r"/forum/categories/", "Categories"),
    (r"/forum/c/[^/]+/", "Category thread list"),
    (r"/forum/t/\d+/", "Thread page"),
    (r"/members/notifications/", "Notifications page"),
    (r"/api/v1/forum/latest/", "API: latest threads"),
    (r"/api/v1/forum/categories/[^/]+/threads/", "API: category threads"),
    (r"/api/v1/forum/threads/\d+/posts/", "API: thread posts"),
    (r"/api/v1/notifications/", "API: notifications"),
    (r"/api/v1/streaks/current/", "API: current streak"),
]


def read_log(directory: Path) -> list[tuple[str, str, int, int, float]]:
    """The server's lines since the last read (method, path, status, queries, ms); the files are removed."""
    time.sleep(1)  # the requests still in flight when wrk stopped
    rows = []
    for file in directory.glob("*.tsv"):
        for line in file.read_text().splitlines():
            method, path, code, queries, ms = line.split("\t")
            rows.append((method, path, int(code), int(queries), float(ms)))
        file.unlink()
    return rows


def log_figures(rows: list[tuple[str, str, int, int, float]]) -> dict:
    """Queries per request and the server's own count of errors: any status of 400 or more, and
    any page write answered 200 (a form shown again with an error: a page write that worked redirects)."""
    errors = [
        row
        for row in rows
        if row[2] >= 400 or (row[0] == "POST" and not row[1].startswith("/api/") and row[2] == 200)
    ]
    per_kind: dict[str, list[tuple[int, float]]] = {}
    for method, path, _code, count, ms in rows:
        per_kind.setdefault(kind_of(method, path), []).append((count, ms))
    queries = [row[3] for row in rows]
    done = Counter(
        kind_of(method, path)
        for method, path, code, _q, _ms in rows
        if method == "POST" and (code in (200, 201) if path.startswith("/api/") else code == 302)
    )
    return {
        "writes_done": dict(done),
        "server_requests": len(rows),
        "server_errors": len(errors),
        "error_samples": [f"{m} {p} {c}" for m, p, c, _q, _ms in errors[:5]],
        "statuses": dict(Counter(str(row[2]) for row in rows)),
        "queries_mean": sum(queries) / len(queries) if queries else 0,
        "queries_max": max(queries, default=0),
        "server_ms_mean": sum(row[4] for row in rows) / len(rows) if rows else 0,
        "queries_by_kind": {
            kind: {
                "mean": sum(count for count, _ms in values) / len(values),
                "max": max(count for count, _ms in values),
                "count": len(values),
                "ms": sum(ms for _count, ms in values) / len(values),
            }
            for kind, values in sorted(per_kind.items())
        },
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server() -> Iterator[int]:
    """A private redis-server on 127.0.0.1 for one run, without persistence; yields its port."""
    import redis

    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(host=HOST, port=port).ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def redis_stats(port: int) -> tuple[int, int]:
    import redis

    info = redis.Redis(host=HOST, port=port).info("stats")
    return int(info["keyspace_hits"]), int(info["keyspace_misses"])


def measure_mix(database_url: str, size: str, *, seconds: int, warmup: int, reference_seconds: int,
                connections: list[int], sessions: int, lines: int, port: int, server_env: dict[str, str]) -> dict:  # fmt: skip
    """Serve the site and the bare view, warm the cache with the mix, then load each concurrency."""
    logs = Path(tempfile.mkdtemp(prefix="bench-mix-"))
    site_log, bare_log = logs / "site", logs / "bare"
    site_log.mkdir()
    bare_log.mkdir()
    with redis_server() as cache_port, redis_server() as side_port:
        env = {
            **server_env,
            # Each kind alone is one member writing hundreds of times a second; the throttle still runs.
            "THROTTLE_WRITE": "10000000/min",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://{HOST}:{side_port}/0",
            "BENCH_CACHE_URL": f"redis://{HOST}:{cache_port}/0",
            "BENCH_SIDE_URL": f"redis://{HOST}:{side_port}/0",
        }
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from forum.models import Post
        from streaks.models import Urge

        call_command("collectstatic", interactive=False, verbosity=0)
        rng = random.Random(20261201)
        started = time.perf_counter()
        members = create_sessions(sessions)
        shape = forum_shape(rng)
        files = {name: logs / f"{name}.txt" for name in ("warmup", *(f"c{c}" for c in connections))}
        first: dict[str, str] = {}  # the first request of each kind in the last file: the reference
        for seed, path in enumerate(files.values()):
            first = write_requests(path, lines=lines, members=members, shape=shape, port=port, seed=seed)
        preparing = time.perf_counter() - started
        references: dict[str, Path] = {}
        for kind, line in first.items():
            references[kind] = logs / f"reference-{len(references)}.txt"
            references[kind].write_text(line + "\n")
        connection.close()

        def run(name: Path, concurrency: int, duration: int) -> dict:
            tag = f"{int(time.time() * 1000)}"
            return wrk(f"http://{HOST}:{port}/", headers={}, connections=concurrency, seconds=duration,
                       script="wrk_mix.lua", script_args=(str(name), tag))  # fmt: skip

        rows: list[dict] = []
        with (
            gunicorn("bench.bare_wsgi:application", port=port + 1, env={**env, "BENCH_REQUEST_LOG": str(bare_log)}) as bare,
            gunicorn("community.wsgi:application", port=port, env={**env, "BENCH_REQUEST_LOG": str(site_log)}) as site,
        ):  # fmt: skip
            for line in first.values():
                method, url = line.split("\t")[:2]
                if method == "GET":
                    headers = dict(h.split(": ", 1) for h in line.split("\t")[3:])
                    code = status(port, url, headers)
                    if code != 200:
                        raise RuntimeError(f"{url} answered {code}")
            read_log(site_log)
            warm = run(files["warmup"], min(connections), warmup)
            warm.update(log_figures(read_log(site_log)))
            posts_before = Post.objects.count()
            urges_before = Urge.objects.count()
            connection.close()
            for concurrency in connections:
                with WorkerMemory(bare.pid) as memory:
                    figures = wrk(
                        f"http://{HOST}:{port + 1}/", headers={}, connections=concurrency, seconds=10
                    )
                read_log(bare_log)
                rows.append({"label": "Bare view (SELECT 1)", "connections": concurrency, **figures,
                             "rss_mib": memory.peak_kib / 1024})  # fmt: skip
                print(rows[-1], flush=True)
                hits, misses = redis_stats(cache_port)
                with WorkerMemory(site.pid) as memory:
                    figures = run(files[f"c{concurrency}"], concurrency, seconds)
                after_hits, after_misses = redis_stats(cache_port)
                log = log_figures(read_log(site_log))
                rows.append({"label": "Mixed workload", "connections": concurrency, **figures, **log,
                             "rss_mib": memory.peak_kib / 1024, "cache_hits": after_hits - hits,
                             "cache_misses": after_misses - misses})  # fmt: skip
                print({k: v for k, v in rows[-1].items() if k != "queries_by_kind"}, flush=True)
            log_rows_writes = Post.objects.count() - posts_before, Urge.objects.count() - urges_before
            connection.close()
            reference_rows = []
            for concurrency in connections:
                for kind, path in references.items():
                    with WorkerMemory(site.pid) as memory:
                        figures = run(path, concurrency, reference_seconds)
                    log = log_figures(read_log(site_log))
                    reference_rows.append({"kind": kind, "connections": concurrency, **figures,
                                           "rss_mib": memory.peak_kib / 1024, "server_errors": log["server_errors"],
                                           "queries_mean": log["queries_mean"]})  # fmt: skip
                    print(reference_rows[-1], flush=True)
    return {
        "size": size,
        "sessions": sessions,
        "members": len({m.handle for m in members}),
        "lines": lines,
        "preparing_s": preparing,
        "warmup": {k: v for k, v in warm.items() if k != "queries_by_kind"},
        "rows": rows,
        "references": reference_rows,
        "new_posts_and_urges": log_rows_writes,
    }


def expected_rps(references: list[dict], concurrency: int) -> float:
    """What the mix would serve if each request cost what it costs alone and cached: the mix's
    shares over each kind's single-request throughput, summed (a weighted harmonic mean)."""
    rps = {
        row["kind"]: row["rps"]
        for row in references
        if row["connections"] == concurrency and row["requests"] >= STALLED_BELOW
    }
    total = sum(MIX[kind] for kind in rps)
    return 1 / sum(MIX[kind] / total / rps[kind] for kind in rps)


# A kind alone that served fewer requests than this in its few seconds stalled (the server did not
# answer for seconds): it is left out of the expected figure, and shown as stalled.
STALLED_BELOW = 10


def mix_report(
    results: dict[str, dict], seeding: dict[str, float], *, seconds: int, warmup: int, machine: str
) -> str:
    when = dt.datetime.now(dt.UTC)
    lines = [
        f"# Mixed workload {when:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine}.",
        "The machine is shared: other processes may have been running during the measurements.",
        f"Each concurrency: the bare view for 10 s, then the mix for {seconds} s, after {warmup} s of the mix "
        "to warm the cache (emptied before); each kind of request alone for a few seconds at the end.",
        "",
    ]
    if seeding:
        lines += [
            "Seeding: " + ", ".join(f"{size} size {elapsed:.0f} s" for size, elapsed in seeding.items()),
            "",
        ]
    for size, result in results.items():
        bare = {row["connections"]: row["rps"] for row in result["rows"] if row["label"].startswith("Bare")}
        lines += [
            f"## {size.capitalize()} size",
            "",
            f"{result['sessions']} browser sessions and {result['sessions']} app tokens of {result['members']} "
            f"members; {result['lines']:,} requests per file. Warm-up: {result['warmup']['requests']:,} requests, "
            f"{result['warmup']['rps']:.0f}/s.",
            "",
            "| Conn. | Req/s | p50 ms | p95 ms | p99 ms | Errors (wrk) | Errors (server) | Cache hit rate "
            "| Queries/req mean | max | vs bare | vs each request alone, cached | Peak RSS/worker MiB |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in result["rows"]:
            concurrency = row["connections"]
            if row["label"].startswith("Bare"):
                lines.append(
                    f"| {concurrency} (bare view) | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} "
                    f"| {row['p99']:.1f} | {row['errors']} | | | 1 | 1 | 100% | | {row['rss_mib']:.0f} |"
                )
                continue
            lookups = row["cache_hits"] + row["cache_misses"]
            hit_rate = f"{row['cache_hits'] / lookups:.1%}" if lookups else "-"
            alone = expected_rps(result["references"], concurrency)
            lines.append(
                f"| {concurrency} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} "
                f"| {row['errors']} | {row['server_errors']} | {hit_rate} ({lookups / row['requests']:.1f} "
                f"lookups/req) | {row['queries_mean']:.1f} | {row['queries_max']} | {row['rps'] / bare[concurrency]:.1%} "
                f"| {row['rps'] / alone:.0%} (of {alone:.0f}/s) | {row['rss_mib']:.0f} |"
            )
        writes: Counter[str] = Counter()
        for row in result["rows"]:
            writes.update(row.get("writes_done", {}))
        replies = writes["Reply (page)"] + writes["Reply (API)"]
        urges = writes["Urge (page)"] + writes["Urge (API)"]
        posts, new_urges = result["new_posts_and_urges"]
        lines += [
            "",
            f"Writes that worked, by the server's log, over the measured runs: {dict(sorted(writes.items()))}; "
            f"new posts in the database {posts:,} (replies {replies:,}), new urges {new_urges:,} (urges {urges:,}).",
            "",
            "| Request | Share of the mix | " + " | ".join(
                f"Alone, c={c}: req/s | p95 ms" for c in sorted({r["connections"] for r in result["references"]})
            ) + " | In the mix: requests | queries mean | max | server ms mean |",
            "|---|---|" + "---|---|" * len({r["connections"] for r in result["references"]}) + "---|---|---|---|",
        ]  # fmt: skip
        by_kind: dict[str, dict] = {}
        for row in result["rows"]:
            for kind, figures in row.get("queries_by_kind", {}).items():
                entry = by_kind.setdefault(kind, {"sum": 0.0, "count": 0, "max": 0, "ms": 0.0})
                entry["sum"] += figures["mean"] * figures["count"]
                entry["ms"] += figures.get("ms", 0) * figures["count"]
                entry["count"] += figures["count"]
                entry["max"] = max(entry["max"], figures["max"])
        for kind, share in MIX.items():
            cells = [
                f"{row['rps']:.0f} | {row['p95']:.1f}" if row["requests"] >= STALLED_BELOW else
                f"stalled ({row['requests']} requests) | -"
                for row in result["references"]
                if row["kind"] == kind
            ]  # fmt: skip
            entry = by_kind.get(kind, {"sum": 0, "count": 0, "max": 0, "ms": 0})
            count = entry["count"] or 1
            lines.append(
                f"| {kind} | {share:g}% | " + " | ".join(cells)
                + f" | {entry['count']} | {entry['sum'] / count:.1f} | {entry['max']} | "
                + (f"{entry['ms'] / count:.1f} |" if entry["ms"] else "- |")
            )  # fmt: skip
        lines.append("")
    return "\n".join(lines)
