"""Time pages in-process through the WSGI application, as gunicorn calls it, on a seeded database.

    .venv/bin/python bench/time_pages.py --size full --who member /forum/t/123/?page=100 /api/v1/forum/threads/

For each path: one request to warm up, then 5 rounds of 40 requests; prints the best round's CPU
and wall time per request (the best round is the least disturbed by the rest of the machine).
Unlike the load benchmark it measures one request at a time, so it shows what a change saves.
"""

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import DATABASES, SERVER_ENV

ROUNDS, PER_ROUND = 5, 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--size", choices=list(DATABASES), default="small")
    parser.add_argument("--who", choices=["member", "moderator", "visitor"], default="member")
    args = parser.parse_args()
    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASES[args.size]}"
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    from django.conf import settings

    from accounts.models import User
    from bench.common import session_for

    cookie = ""
    if args.who != "visitor":
        handle = "moderator_1" if args.who == "moderator" else "member_1"
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_for(User.objects.get(handle=handle))}"

    def get(path: str) -> str:
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

        b"".join(application(environ, start_response))
        return status[0]

    for path in args.paths:
        status = get(path)
        if not status.startswith("200"):
            raise SystemExit(f"{path}: {status}")
        rounds = []
        for _ in range(ROUNDS):
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(PER_ROUND):
                get(path)
            rounds.append(
                (
                    (time.process_time() - cpu) / PER_ROUND * 1000,
                    (time.perf_counter() - wall) / PER_ROUND * 1000,
                )
            )
        print(
            f"{path} ({args.who}, {args.size}): CPU {min(r[0] for r in rounds):.1f} ms, "
            f"wall {min(r[1] for r in rounds):.1f} ms per request"
        )


if __name__ == "__main__":
    main()
