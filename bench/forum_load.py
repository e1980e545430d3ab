"""Benchmark: forum pages on a large forum, served by gunicorn and loaded with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_forum .venv/bin/python bench/forum_load.py

Creates the database when missing, migrates it, seeds 20,000 threads and 500,000 posts (one
thread holds 2,000 of them) in set-based SQL, logs a member in, starts gunicorn, then runs wrk
at 16 and 64 connections against: a category's thread list, and the first and last pages of the
2,000-post thread. Prints a Markdown table. Needs `wrk` (apt-get install wrk).
"""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_forum")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.test")

BIG_THREAD_POSTS = 2_000


def _ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _seed(*, threads: int, posts: int, members: int) -> tuple[int, str]:
    """Seed the forum; return the id of the 2,000-post thread and a logged-in session key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE forum_reaction, forum_flag, forum_threadread, forum_threadfollow, forum_postrevision, "
            "forum_moderationlogentry, forum_post, forum_thread, forum_suspension, accounts_notification, "
            "accounts_block, account_emailaddress, django_session, accounts_user CASCADE"
        )
    password = make_password("bench-passphrase-42")
    User.objects.bulk_create(
        [
            User(handle=f"bench_{n}", email=f"bench_{n}@example.com", password=password)
            for n in range(members)
        ],
        batch_size=5_000,
    )
    other_posts = posts - BIG_THREAD_POSTS
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM accounts_user")
        first_user, last_user = cursor.fetchone()
        cursor.execute(
            "SELECT array_agg(id ORDER BY position) FROM forum_category WHERE NOT moderators_only_posting"
        )
        categories = cursor.fetchone()[0]
        span = last_user - first_user + 1
        # Threads: spread over the member categories, created over the last two years.
        cursor.execute(
            """
            INSERT INTO forum_thread (category_id, author_id, title, status, created_at, last_activity_at,
                                      is_pinned, is_locked, post_count)
            SELECT (%(categories)s::bigint[])[1 + (n %% cardinality(%(categories)s::bigint[]))],
                   %(first)s + (n * 7919) %% %(span)s,
                   'Thread number ' || n || ': getting through the evenings',
                   'published',
                   now() - ((%(threads)s - n) * interval '50 minutes'),
                   now() - ((%(threads)s - n) * interval '50 minutes'),
                   n <= 3, false, 0
            FROM generate_series(1, %(threads)s) AS n
            """,
            {"categories": categories, "first": first_user, "span": span, "threads": threads},
        )
        cursor.execute("SELECT min(id), max(id) FROM forum_thread")
        first_thread, last_thread = cursor.fetchone()
        big_thread = first_thread + threads // 2
        body = (
            "Some days are easier than others. Today I wanted to text, and I wrote it here instead. "
            "Thank you all for being here, it really helps to read that others feel the same."
        )
        post_sql = """
            INSERT INTO forum_post (thread_id, author_id, is_opening, body, body_html, status, is_crisis,
                                    needs_review, rejection_reason, created_at, approved_at,
                                    removed_by_author, version)
            SELECT {thread}, %(first)s + (n * 104729) %% %(span)s, {opening},
                   %(body)s || ' (' || n || ')', '<p>' || %(body)s || ' (' || n || ')</p>', 'published', false,
                   false, '', t.created_at + n * interval '1 minute', t.created_at + n * interval '1 minute',
                   false, 1
            FROM generate_series({start}, {stop}) AS n
            JOIN forum_thread AS t ON t.id = {thread}
        """
        # The 2,000-post thread.
        cursor.execute(
            post_sql.format(thread=big_thread, opening="n = 0", start=0, stop=BIG_THREAD_POSTS - 1),
            {"first": first_user, "span": span, "body": body},
        )
        # Every other thread gets an opening post and its share of the remaining posts.
        per_thread, extra = divmod(other_posts, threads - 1)
        cursor.execute(
            """
            INSERT INTO forum_post (thread_id, author_id, is_opening, body, body_html, status, is_crisis,
                                    needs_review, rejection_reason, created_at, approved_at,
                                    removed_by_author, version)
            SELECT t.id, %(first)s + ((t.id * 31 + n) * 104729) %% %(span)s, n = 0,
                   %(body)s, '<p>' || %(body)s || '</p>', 'published', false, false, '',
                   t.created_at + n * interval '1 minute', t.created_at + n * interval '1 minute', false, 1
            FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) AS rank FROM forum_thread
                  WHERE id <> %(big)s) AS t,
                 generate_series(0, %(per_thread)s - 1 + (t.rank <= %(extra)s)::int) AS n
            """,
            {
                "first": first_user,
                "span": span,
                "body": body,
                "per_thread": per_thread,
                "extra": extra,
                "big": big_thread,
            },  # fmt: skip
        )
        cursor.execute(
            """
            UPDATE forum_thread AS t SET post_count = s.count, last_activity_at = s.last
            FROM (SELECT thread_id, count(*) AS count, max(created_at) AS last FROM forum_post
                  GROUP BY thread_id) AS s
            WHERE s.thread_id = t.id
            """
        )
        cursor.execute(
            """
            INSERT INTO forum_reaction (post_id, user_id, kind, created_at)
            SELECT p.id, %(first)s + (p.id * 13 + k) %% %(span)s, (ARRAY['hug','stay_strong','same_here'])[k], now()
            FROM forum_post AS p, generate_series(1, 3) AS k WHERE p.thread_id = %(big)s
            """,
            {"first": first_user, "span": span, "big": big_thread},
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM forum_thread")
        thread_total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM forum_post")
        post_total = cursor.fetchone()[0]
    print(f"Seeded {thread_total:,} threads and {post_total:,} posts; big thread {big_thread}.")
    member = User.objects.get(handle="bench_1")
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return big_thread, session.session_key


def _wrk(url: str, cookie: str, connections: int, seconds: int) -> dict[str, str]:
    result = subprocess.run(
        ["wrk", f"-t{min(4, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", f"Cookie: sessionid={cookie}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {
        "rps": re.search(r"Requests/sec:\s+([\d.]+)", out).group(1),
        "p50": re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE).group(1),
        "p99": re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1),
        "errors": errors.group(1) if errors else "0",
        "timeouts": timeouts.group(1) if timeouts else "0",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=20_000)
    parser.add_argument("--posts", type=int, default=500_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    _ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark is meant for PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    big_thread, cookie = _seed(threads=args.threads, posts=args.posts, members=args.members)
    print(f"Seeding took {time.perf_counter() - started:.1f} s.")
    connection.close()

    env = {**os.environ, "CONN_MAX_AGE": "600", "WEB_CONCURRENCY": str(args.workers),
           "GUNICORN_ACCESSLOG": "", "PORT": str(args.port)}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "community.wsgi:application", "-c", str(ROOT / "gunicorn.conf.py"),
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/forum/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        last_page = (BIG_THREAD_POSTS + 19) // 20
        pages = [
            ("Thread list (Early days, page 1)", f"{base}/forum/c/early-days/"),
            ("2,000-post thread, first page", f"{base}/forum/t/{big_thread}/"),
            (f"2,000-post thread, last page ({last_page})", f"{base}/forum/t/{big_thread}/?page={last_page}"),
        ]
        rows = [
            "| Page | Connections | Requests/s | p50 | p99 | Errors | Timeouts (2 s) |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, url in pages:
            request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                assert response.status == 200, (url, response.status)
            for connections in (16, 64):
                figures = _wrk(url, cookie, connections, args.seconds)
                rows.append(
                    f"| {label} | {connections} | {figures['rps']} | {figures['p50']} | {figures['p99']} "
                    f"| {figures['errors']} | {figures['timeouts']} |"
                )
                print(rows[-1], flush=True)
        print(f"Load average after the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print("\n".join(rows))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
