"""Benchmark: the milestone beat scan over many active streaks on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_streaks .venv/bin/python bench/beat_scan.py

Creates the database when missing, migrates it, seeds members spread over many time zones with
active streaks of random lengths, then times `milestones_sweep` and counts its queries: a first
sweep that awards everything reached so far, a second at the same time (nothing new), and one a
day later (the day's milestones).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_streaks")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.test")

from bench.common import ensure_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streaks", type=int, default=100_000)
    parser.add_argument("--zones", type=int, default=120, help="distinct time zones among members")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from streaks.models import MilestoneAward, Streak
    from streaks.services import milestones_sweep

    if connection.vendor != "postgresql":
        sys.exit("This benchmark is meant for PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE streaks_milestoneaward, streaks_streak, accounts_user CASCADE")

    unusable = make_password(None)
    rng = random.Random(42)
    zones = rng.sample(sorted(zoneinfo.available_timezones() - {"Factory", "localtime"}), args.zones)
    zones[:6] = [
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Pacific/Auckland",
        "Asia/Kolkata",
        "America/St_Johns",
        "America/Los_Angeles",
    ]
    today = timezone.now().date()
    started = time.perf_counter()
    batch = 10_000
    for offset in range(0, args.streaks, batch):
        users = User.objects.bulk_create(
            User(
                handle=f"bench_{n}",
                email=f"bench_{n}@example.com",
                password=unusable,
                timezone=rng.choice(zones),
            )
            for n in range(offset, min(offset + batch, args.streaks))
        )
        Streak.objects.bulk_create(
            Streak(user=user, start_date=today - dt.timedelta(days=int(rng.expovariate(1 / 120))))
            for user in users
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Seeded {args.streaks:,} members and active streaks in {len(zones)} zones "
        f"in {time.perf_counter() - started:.1f} s"
    )

    now = timezone.now()
    rows = []
    runs = [
        ("full, first ever (awards everything reached)", now, True),
        ("full, same instant again (nothing new)", now, True),
        ("every 15 min: 15 min later", now + dt.timedelta(minutes=15), False),
        ("every 15 min: a day later (the day's milestones)", now + dt.timedelta(days=1), False),
        ("daily full: a day later, nothing new", now + dt.timedelta(days=1, minutes=1), True),
    ]
    for label, at, full in runs:
        before = MilestoneAward.objects.count()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            due = milestones_sweep(now=at, full=full)
            elapsed = time.perf_counter() - started
        created = MilestoneAward.objects.count() - before
        rows.append((label, elapsed, len(queries), created, len(due)))
    print("\n| Sweep | Time | Queries | Awards created | To congratulate |\n|---|---|---|---|---|")
    for label, elapsed, count, created, congratulated in rows:
        print(f"| {label} | {elapsed:.2f} s | {count} | {created:,} | {congratulated:,} |")


if __name__ == "__main__":
    main()
