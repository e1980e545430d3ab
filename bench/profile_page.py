"""Profile one page in-process with pyinstrument, on a seeded database, with the benchmark's settings.

    .venv/bin/python bench/profile_page.py --size full --who member /forum/t/123/?page=100
    .venv/bin/python bench/profile_page.py --cold --database perf_full --redis redis://127.0.0.1:6379/13 /forum/

Warms the page up once, then renders it `--repeat` times under the profiler and prints the call
tree, with the time per request and the number of SQL queries. With `--cold` the cache (the
whole Redis database of `--redis`: use the benchmark's own) is emptied before each request,
outside the profile.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.time_pages import SqlTimer, bench_arguments, bench_environment, bench_static


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--sql", action="store_true", help="Also print the last request's queries with their times."
    )
    bench_arguments(parser)
    args = parser.parse_args()
    bench_environment(args)
    import django

    django.setup()
    bench_static()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from accounts.models import User
    from bench.common import session_for

    client = Client()
    if args.who != "visitor":
        handle = "moderator_1" if args.who == "moderator" else "member_1"
        client.cookies[settings.SESSION_COOKIE_NAME] = session_for(User.objects.get(handle=handle))
    assert client.get(args.path).status_code == 200
    profiler = Profiler(interval=0.0005)
    sql = SqlTimer()
    elapsed = 0.0
    with connection.execute_wrapper(sql):
        for _ in range(args.repeat):
            if args.cold:
                cache.clear()
            sql.log.clear()
            started = time.perf_counter()
            profiler.start()
            client.get(args.path)
            profiler.stop()
            elapsed += time.perf_counter() - started
    print(profiler.output_text(unicode=False, color=False, show_all=os.environ.get("PROFILE_ALL") == "1"))
    if args.sql:
        for seconds, statement in sql.log:
            print(f"{seconds * 1000:6.2f} ms  {statement}")
    print(
        f"{elapsed / args.repeat * 1000:.1f} ms per request (profiled), "
        f"SQL {sql.seconds / args.repeat * 1000:.1f} ms in {sql.queries / args.repeat:.1f} queries"
    )


if __name__ == "__main__":
    main()
