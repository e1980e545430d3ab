"""Time pages in-process through the WSGI application, as gunicorn calls it, on a seeded database.

    .venv/bin/python bench/time_pages.py --size full --who member /forum/t/123/?page=100 /api/v1/forum/threads/
    .venv/bin/python bench/time_pages.py --cold --database perf_full --redis redis://127.0.0.1:6379/13 /forum/

For each path: one request to warm up, then 5 rounds of 40 requests; prints the best and the median
round's CPU and wall time per request, the SQL time and queries per request and the page's size.
With `--cold` the cache (the Redis database of `--redis`, which must be the benchmark's own: it is
emptied) is emptied before each request, outside the time measured, so every request computes
everything the cache would otherwise hold. Unlike the load benchmark it measures one request at a
time, so it shows what a change saves.
"""

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import DATABASES, SERVER_ENV

ROUNDS, PER_ROUND = 5, 40


def bench_arguments(parser: argparse.ArgumentParser) -> None:
    """The options time_pages.py and profile_page.py share: which database, cache and member."""
    parser.add_argument("--size", choices=list(DATABASES), default="small")
    parser.add_argument("--database", help="A seeded database's name, instead of the one of --size.")
    parser.add_argument(
        "--redis", help="The cache's Redis URL (with its database number), instead of the benchmark's."
    )
    parser.add_argument("--who", choices=["member", "moderator", "visitor"], default="member")
    parser.add_argument(
        "--cold", action="store_true", help="Empty the cache (the whole Redis database) before each request."
    )


def bench_environment(args: argparse.Namespace) -> None:
    os.environ.update(SERVER_ENV)
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database or DATABASES[args.size]}"


def bench_static() -> None:
    """The static files' manifest, which production settings need to render any page."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


class SqlTimer:
    """Counts the queries run through Django's connection and the time spent in them."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0
        self.log: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - started
            self.seconds += seconds
            self.queries += 1
            self.log.append((seconds, sql))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--per-round", type=int, default=PER_ROUND)
    bench_arguments(parser)
    args = parser.parse_args()
    bench_environment(args)
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    bench_static()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    from accounts.models import User
    from bench.common import session_for

    cookie = ""
    if args.who != "visitor":
        handle = "moderator_1" if args.who == "moderator" else "member_1"
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_for(User.objects.get(handle=handle))}"
    sql = SqlTimer()
    connection.execute_wrappers.append(sql)  # for the whole run: the connection is persistent

    def get(path: str) -> tuple[str, int]:
        path_info, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_COOKIE": cookie,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status: list[str] = []

        def start_response(
            line: str, headers: list[tuple[str, str]], *rest: object
        ) -> Callable[[bytes], object]:
            status.append(line)
            return io.BytesIO().write

        body = b"".join(application(environ, start_response))
        return status[0], len(body)

    for path in args.paths:
        status, size = get(path)
        if not status.startswith("200"):
            raise SystemExit(f"{path}: {status}")
        rounds = []
        for _ in range(args.rounds):
            cpu = wall = 0.0
            sql.queries, sql.seconds = 0, 0.0
            sql.log.clear()
            for _ in range(args.per_round):
                if args.cold:
                    cache.clear()
                started_cpu, started_wall = time.process_time(), time.perf_counter()
                get(path)
                cpu += time.process_time() - started_cpu
                wall += time.perf_counter() - started_wall
            n = args.per_round
            rounds.append((cpu / n * 1000, wall / n * 1000, sql.seconds / n * 1000, sql.queries / n))
        best = min(rounds, key=lambda r: r[1])
        median = [statistics.median(r[i] for r in rounds) for i in range(4)]
        print(
            f"{path} ({args.who}, {args.database or args.size}{', cold' if args.cold else ''}): "
            f"wall {median[1]:.1f} ms median (best {best[1]:.1f}), CPU {median[0]:.1f} ms, "
            f"SQL {median[2]:.1f} ms in {median[3]:.1f} queries, {size / 1024:.1f} KiB"
        )


if __name__ == "__main__":
    main()
