"""Benchmark: the site at community scale, served as the Procfile serves it, loaded with wrk.

    apt-get install wrk
    .venv/bin/python bench/run.py                 # small and full size, seeding both first
    .venv/bin/python bench/run.py --size small    # a quick run
    .venv/bin/python bench/run.py --skip-seed     # reuse the seeded databases
    .venv/bin/python bench/run.py --mix --skip-seed   # the mixed workload (bench/mix.py), 4 and 16 connections

For each size (databases perf_small and perf_full on 127.0.0.1:5432) it seeds the community with
`manage.py seed_scale`, then serves the site with gunicorn.conf.py (2 sync workers, production
settings, DEBUG off, Redis cache in database 13 of 127.0.0.1:6379, persistent connections) and,
beside it, `bench/bare_wsgi.py`: one Django view running `SELECT 1` on the same settings and
database, the ceiling of the stack on this machine. Every page is loaded with wrk for a fixed
time at each concurrency, as a member, a moderator or a visitor. SQL queries per request are
counted in-process on the same database and cache. Writes a dated Markdown report under
bench/results/ and prints it.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HOST, ROOT, WorkerMemory, ensure_database, gunicorn, machine_description, status, wrk

DATABASES = {"small": "perf_small", "full": "perf_full"}
REDIS_CACHE = "redis://127.0.0.1:6379/13"
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "community.settings.production",
    "SECRET_KEY": "benchmark-only-secret-key-not-used-anywhere-else-0123456789",
    "REDIS_URL": REDIS_CACHE,
    "CONN_MAX_AGE": "600",
    "WEB_CONCURRENCY": "2",
    "SECURE_SSL_REDIRECT": "0",
    "DEBUG": "0",
    # One member asking thousands of times a second is throttled by design; the check still runs.
    "THROTTLE_USER": "10000000/min",
    "THROTTLE_ANON": "10000000/min",
    "LOG_LEVEL": "WARNING",
}
BIG_THREAD_TITLE = "Share a small win from this week"


def _pages(big_thread: int) -> list[tuple[str, str, str]]:
    """(label, path, who) for every page measured; who is member, moderator or visitor."""
    last = f"/forum/t/{big_thread}/?page=100"
    first = f"/forum/t/{big_thread}/"
    return [
        ("Home", "/", "member"),
        ("Home", "/", "visitor"),
        ("Forum: Latest", "/forum/", "member"),
        ("Forum: categories", "/forum/categories/", "member"),
        ("Thread list: Early days", "/forum/c/early-days/", "member"),
        ("Thread list: Announcements", "/forum/c/announcements/", "member"),
        ("Thread list: Announcements", "/forum/c/announcements/", "visitor"),
        ("2,000-post thread, first page", first, "member"),
        ("2,000-post thread, first page", first, "visitor"),
        ("2,000-post thread, last page", last, "member"),
        ("2,000-post thread, last page", last, "visitor"),
        ("Streak dashboard (a year of check-ins)", "/streak/", "member"),
        ("Review queue", "/forum/review/", "moderator"),
        ("API: thread list", "/api/v1/forum/threads/", "member"),
        ("API: thread posts (first page)", f"/api/v1/forum/threads/{big_thread}/posts/", "member"),
        ("API: current streak", "/api/v1/streaks/current/", "member"),
    ]


def measure(size: str, *, seconds: int, connections: list[int], port: int) -> dict:
    """Serve and load every page on one seeded database; runs in its own process (one Django setup)."""
    os.environ.update(SERVER_ENV)
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.common import session_for
    from forum.models import Thread

    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    cookies = {
        "member": session_for(User.objects.get(handle="member_1")),
        "moderator": session_for(User.objects.get(handle="moderator_1")),
        "visitor": "",
    }
    big_thread = Thread.objects.get(title=BIG_THREAD_TITLE).pk
    pages = _pages(big_thread)

    def headers(who: str) -> dict[str, str]:
        cookie = cookies[who]
        return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"} if cookie else {}

    # Queries per request in steady state: the second of two requests, as under load.
    queries: dict[tuple[str, str], int] = {}
    for _label, path, who in pages:
        client = Client()
        if cookies[who]:
            client.cookies[settings.SESSION_COOKIE_NAME] = cookies[who]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} as {who} answered {response.status_code}")
        queries[(path, who)] = len(captured)
    connection.close()

    rows = []
    bare_app, site_app = "bench.bare_wsgi:application", "community.wsgi:application"
    with (
        gunicorn(bare_app, port=port + 1, env={}) as bare_server,
        gunicorn(site_app, port=port, env={}) as site,
    ):
        for _label, path, who in pages:
            code = status(port, path, headers(who))
            if code != 200:
                raise RuntimeError(f"{path} as {who} answered {code} from gunicorn")
        for concurrency in connections:
            with WorkerMemory(bare_server.pid) as memory:
                figures = wrk(
                    f"http://{HOST}:{port + 1}/", headers={}, connections=concurrency, seconds=seconds
                )
            rows.append(
                    {"label": "Bare view (SELECT 1)", "who": "visitor", "connections": concurrency, **figures,
                     "rss_mib": memory.peak_kib / 1024, "queries": 1}
                )  # fmt: skip
            print(_line(rows[-1]), flush=True)
            for label, path, who in pages:
                with WorkerMemory(site.pid) as memory:
                    figures = wrk(
                            f"http://{HOST}:{port}{path}", headers=headers(who), connections=concurrency,
                            seconds=seconds,
                        )  # fmt: skip
                rows.append(
                        {"label": label, "who": who, "path": path, "connections": concurrency, **figures,
                         "rss_mib": memory.peak_kib / 1024, "queries": queries[(path, who)]}
                    )  # fmt: skip
                print(_line(rows[-1]), flush=True)
    return {"size": size, "rows": rows, "big_thread": big_thread}


def _line(row: dict) -> str:
    return (
        f"{row['label']} ({row['who']}, c={row['connections']}): {row['rps']:.0f} req/s, p50 {row['p50']:.1f} ms, "
        f"p95 {row['p95']:.1f} ms, p99 {row['p99']:.1f} ms, errors {row['errors']}, RSS {row['rss_mib']:.0f} MiB, "
        f"{row['queries']} queries"
    )


def database_url(size: str, prefix: str | None) -> str:
    """perf_small and perf_full, or PREFIX_small and PREFIX_full with --db-prefix."""
    name = f"{prefix}_{size}" if prefix else DATABASES[size]
    return f"postgres://postgres@{HOST}:5432/{name}"


def seed(size: str, prefix: str | None = None) -> float:
    url = database_url(size, prefix)
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "community.settings.test"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, timeout=600)
    command = [*manage, "seed_scale", "--wipe", *(["--small"] if size == "small" else [])]
    started = time.perf_counter()
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=900).stdout
    elapsed = time.perf_counter() - started
    print(out, flush=True)
    return elapsed


def report(results: dict[str, dict], seeding: dict[str, float], *, seconds: int) -> str:
    when = dt.datetime.now(dt.UTC)
    lines = [
        f"# Benchmark {when:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_description()}.",
        "The machine is shared: other processes may have been running during the measurements.",
        f"Each page loaded for {seconds} s per concurrency with wrk (2 threads) on 127.0.0.1; gunicorn "
        "with gunicorn.conf.py (2 sync workers, max_requests 2000), production settings, PostgreSQL, "
        "Redis cache, persistent connections. Ratio: requests/s over the bare view's at the same "
        "concurrency. RSS: the highest peak resident memory of a worker during that load.",
        "",
    ]
    if seeding:
        lines.append(
            "Seeding: " + ", ".join(f"{size} size {elapsed:.0f} s" for size, elapsed in seeding.items())
        )
        lines.append("")
    for size, result in results.items():
        lines += [
            f"## {size.capitalize()} size",
            "",
            "| Page | As | Conn. | Req/s | p50 ms | p95 ms | p99 ms | Errors | Peak RSS/worker MiB | Queries/req "
            "| vs bare |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        bare = {row["connections"]: row["rps"] for row in result["rows"] if row["label"].startswith("Bare")}
        for row in result["rows"]:
            ratio = row["rps"] / bare[row["connections"]] if bare.get(row["connections"]) else 0
            lines.append(
                f"| {row['label']} | {row['who']} | {row['connections']} | {row['rps']:.0f} | {row['p50']:.1f} "
                f"| {row['p95']:.1f} | {row['p99']:.1f} | {row['errors']} | {row['rss_mib']:.0f} | {row['queries']} "
                f"| {ratio:.1%} |"
            )
        lines.append("")
    if {"small", "full"} <= results.keys():
        lines += [
            "## Full size against small size",
            "",
            "Full/small against bare: each size's share of its own bare view, compared, which takes out"
            " most of the drift of a shared machine between the two halves of the run.",
            "",
            "| Page | As | Conn. | Full/small req/s | Full/small against bare | Queries small | Queries full |",
            "|---|---|---|---|---|---|---|",
        ]
        small = {(r["label"], r["who"], r["connections"]): r for r in results["small"]["rows"]}
        bare_rps = {
            size: {r["connections"]: r["rps"] for r in results[size]["rows"] if r["label"].startswith("Bare")}
            for size in ("small", "full")
        }
        for row in results["full"]["rows"]:
            other = small.get((row["label"], row["who"], row["connections"]))
            if other:
                concurrency = row["connections"]
                share_full = row["rps"] / bare_rps["full"][concurrency]
                share_small = other["rps"] / bare_rps["small"][concurrency]
                lines.append(
                    f"| {row['label']} | {row['who']} | {concurrency} | {row['rps'] / other['rps']:.0%} "
                    f"| {share_full / share_small:.0%} | {other['queries']} | {row['queries']} |"
                )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "full", "both"], default="both")
    parser.add_argument(
        "--seconds", type=int, help="per page and concurrency (at most 30; 10, or 20 with --mix)"
    )
    parser.add_argument("--connections", help="comma-separated (16,64, or 4,16 with --mix)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--db-prefix", help="Databases PREFIX_small and PREFIX_full instead of perf_*.")
    parser.add_argument("--mix", action="store_true", help="The mixed workload (bench/mix.py) instead.")
    parser.add_argument("--warmup", type=int, default=30, help="--mix: seconds of mix before measuring")
    parser.add_argument("--reference-seconds", type=int, default=5, help="--mix: per single request")
    parser.add_argument("--sessions", type=int, default=600, help="--mix: browsers, and as many app tokens")
    parser.add_argument("--lines", type=int, default=40_000, help="--mix: requests in each file")
    parser.add_argument("--measure", choices=list(DATABASES), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    seconds = max(1, min(args.seconds or (20 if args.mix else 10), 30))
    args.connections = args.connections or ("4,16" if args.mix else "16,64")
    connections = [max(1, min(int(c), 256)) for c in args.connections.split(",")]
    if args.measure and args.mix:
        from bench.mix import measure_mix

        result = measure_mix(
            database_url(args.measure, args.db_prefix), args.measure, seconds=seconds, warmup=args.warmup,
            reference_seconds=args.reference_seconds, connections=connections, sessions=args.sessions,
            lines=args.lines, port=args.port, server_env=SERVER_ENV,
        )  # fmt: skip
        Path(args.out).write_text(json.dumps(result))
        return
    if args.measure:
        os.environ["DATABASE_URL"] = database_url(args.measure, args.db_prefix)
        result = measure(args.measure, seconds=seconds, connections=connections, port=args.port)
        Path(args.out).write_text(json.dumps(result))
        return
    sizes = ["small", "full"] if args.size == "both" else [args.size]
    if args.mix:
        mix_main(args, sizes, seconds=seconds, connections=connections)
        return
    seeding: dict[str, float] = {}
    results: dict[str, dict] = {}
    for size in sizes:
        if not args.skip_seed:
            seeding[size] = seed(size, args.db_prefix)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--measure", size, "--out", out.name, "--seconds", str(seconds),
                       "--connections", args.connections, "--port", str(args.port),
                       *(["--db-prefix", args.db_prefix] if args.db_prefix else [])]  # fmt: skip
            # Bounded: every page at every concurrency, plus start-up and query counting.
            budget = (len(_pages(0)) + 1) * len(connections) * (seconds + 35) + 300
            subprocess.run(command, check=True, timeout=budget)
            results[size] = json.loads(Path(out.name).read_text())
    text = report(results, seeding, seconds=seconds)
    path = ROOT / "bench" / "results" / f"{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M}-{args.size}.md"
    path.write_text(text + "\n")
    path.with_suffix(".json").write_text(json.dumps({"seeding_s": seeding, "results": results}, indent=1))
    print(text)
    print(f"Written to {path.relative_to(ROOT)}")


def mix_main(args: argparse.Namespace, sizes: list[str], *, seconds: int, connections: list[int]) -> None:
    from bench.mix import mix_report

    seeding: dict[str, float] = {}
    results: dict[str, dict] = {}
    for size in sizes:
        if not args.skip_seed:
            seeding[size] = seed(size, args.db_prefix)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--mix", "--measure", size, "--out", out.name,
                       "--seconds", str(seconds), "--connections", ",".join(map(str, connections)),
                       "--port", str(args.port), "--warmup", str(args.warmup),
                       "--reference-seconds", str(args.reference_seconds), "--sessions", str(args.sessions),
                       "--lines", str(args.lines), *(["--db-prefix", args.db_prefix] if args.db_prefix else [])]  # fmt: skip
            # Bounded: preparing, warming up, the bare view and the mix, then every kind alone.
            budget = (
                600 + args.warmup + len(connections) * (seconds + 10 + 20 * (args.reference_seconds + 15))
            )
            subprocess.run(command, check=True, timeout=budget)
            results[size] = json.loads(Path(out.name).read_text())
    text = mix_report(results, seeding, seconds=seconds, warmup=args.warmup, machine=machine_description())
    path = ROOT / "bench" / "results" / f"{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M}-mix-{args.size}.md"
    path.write_text(text + "\n")
    path.with_suffix(".json").write_text(json.dumps({"seeding_s": seeding, "results": results}, indent=1))
    print(text)
    print(f"Written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
