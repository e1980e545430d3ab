"""Profile one page in-process with pyinstrument, on a seeded database, with the benchmark's settings.

    .venv/bin/python bench/profile_page.py --size full --who member /forum/t/123/?page=100

Warms the page up once, then renders it `--repeat` times under the profiler and prints the call
tree, with the time per request and the number of SQL queries.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import DATABASES, SERVER_ENV


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--size", choices=list(DATABASES), default="small")
    parser.add_argument("--who", choices=["member", "moderator", "visitor"], default="member")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASES[args.size]}"
    import django

    django.setup()
    from django.conf import settings
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
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            client.get(args.path)
    elapsed = (time.perf_counter() - started) / args.repeat
    print(profiler.output_text(unicode=False, color=False, show_all=os.environ.get("PROFILE_ALL") == "1"))
    print(f"{elapsed * 1000:.1f} ms per request")


if __name__ == "__main__":
    main()
