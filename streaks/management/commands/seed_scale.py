"""Seed a community at scale on PostgreSQL, in set-based SQL, for load and scale benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_full .venv/bin/python manage.py seed_scale --wipe
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_small .venv/bin/python manage.py seed_scale --wipe --small

Full size: 20,000 members, 50,000 streaks (one active per member, the others ended by a slip; a
fifth with a year of daily check-ins and weekly urges), the 8 categories, 20,000 threads,
500,000 posts (one thread of 2,000 posts, in the public Announcements category), 200,000
reactions, 5,000 flags and a review queue of 500 posts. `--small` divides every size by 50, but
keeps the 2,000-post thread and a full first page of the review queue, so pages compare like for
like. Every size is also an option. Members are `member_1` ... `member_N` and one moderator,
`moderator_1`, all with the password given by `--password`.

For comparisons with other forums' benchmarks, two options change the forum's shape:
`--one-category` puts every thread, the 2,000-post one included, in one category (Early days, or
the slug given), and `--body-length N` writes posts of about N characters of Markdown (paragraphs,
emphasis, lists, links; a dozen different bodies) instead of one short sentence.

The command deletes every member, streak and forum row first, so it asks for `--wipe`.
"""

import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.models import User
from community.text import render_markdown

FULL = {
    "members": 20_000,
    "streaks": 50_000,
    "threads": 20_000,
    "posts": 500_000,
    "reactions": 200_000,
    "flags": 5_000,
    "queue": 500,
}
SMALL_DIVISOR = 50
BIG_THREAD_POSTS = 2_000
MIN_QUEUE = 50
ZONES = [
    "Europe/Paris",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Lagos",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
BODY = (
    "Some days are easier than others. Today I wanted to text, and I wrote it here instead. "
    "Thank you all for being here, it really helps to read that others feel the same."
)
ONE_CATEGORY = "early-days"
BODY_VARIANTS = 12
MIN_BODY_LENGTH, MAX_BODY_LENGTH = 100, 20_000
SENTENCES = [
    "Some days are easier than others.",
    "Today I wanted to text, and I wrote it here instead.",
    "Thank you all for being here, it really helps to read that others feel the same.",
    "I deleted the old photos from my phone this morning and *kept breathing*.",
    "My sister took me for a long walk when the evening got heavy.",
    "The first week was the hardest; the second was **quieter**.",
    "I still check the time we used to talk, but I do not pick up the phone.",
    "Reading your posts at night keeps me from reaching out.",
    "I made a list of the reasons, and I read it twice today.",
    "Cooking a proper dinner for one felt strange, then it felt good.",
    "Someone here said a craving passes in twenty minutes, and it did.",
    "There is a [guide on sleep after a breakup](https://example.org/sleep) that helped me.",
]
LIST_ITEMS = [
    "a walk before breakfast",
    "muting the accounts that hurt",
    "calling a friend instead",
    "writing the letter I will never send",
    "an early night",
    "one small thing for myself",
]
TABLES = (
    "forum_reaction, forum_flag, forum_threadread, forum_threadfollow, forum_postrevision, "
    "forum_moderationlogentry, forum_post, forum_thread, forum_suspension, streaks_milestoneaward, "
    "streaks_checkin, streaks_urge, streaks_slip, streaks_streakpreferences, streaks_streak, "
    "accounts_notification, accounts_block, account_emailaddress, django_session, "
    "accounts_user_user_permissions, accounts_user_groups, accounts_user"
)


@dataclass(frozen=True)
class Shape:
    """Where the threads go and what the posts say: each body as Markdown and as its HTML, split
    before the closing tag of its last paragraph so that a number can be added to it."""

    category: str | None  # every thread in this category; None: spread as usual
    bodies: list[str]
    html_heads: list[str]
    html_tails: list[str]

    def sql(self) -> dict:
        return {
            "bodies": self.bodies,
            "heads": self.html_heads,
            "tails": self.html_tails,
            "k": len(self.bodies),
        }


def _shape(*, one_category: str | None, body_length: int | None) -> Shape:
    if one_category is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM forum_category WHERE slug = %s", [one_category])
            if cursor.fetchone() is None:
                raise CommandError(f"There is no category {one_category!r}.")
    if body_length is None:
        return Shape(category=one_category, bodies=[BODY], html_heads=[f"<p>{BODY}"], html_tails=["</p>"])
    if not MIN_BODY_LENGTH <= body_length <= MAX_BODY_LENGTH:
        raise CommandError(f"--body-length must be between {MIN_BODY_LENGTH:,} and {MAX_BODY_LENGTH:,}.")
    bodies = [markdown_body(length=body_length, variant=variant) for variant in range(BODY_VARIANTS)]
    heads, tails = [], []
    for body in bodies:
        html = render_markdown(body).rstrip()
        head, _, tail = html.rpartition("</p>")
        heads.append(head)
        tails.append("</p>" + tail)
    return Shape(category=one_category, bodies=bodies, html_heads=heads, html_tails=tails)


def markdown_body(*, length: int, variant: int) -> str:
    """About `length` characters of Markdown: paragraphs of a few sentences, in every other
    variant a short list after the first paragraph, always ending with a paragraph."""
    rng = random.Random(variant)  # the same bodies on every run
    sentences = rng.sample(SENTENCES, len(SENTENCES))
    blocks: list[str] = []
    paragraph: list[str] = []

    def size() -> int:
        return len("\n\n".join([*blocks, " ".join(paragraph)]))

    while size() < length - 30:
        paragraph.append(sentences[(len(blocks) * 3 + len(paragraph)) % len(sentences)])
        if len(paragraph) == 3 or size() >= length - 30:
            blocks.append(" ".join(paragraph))
            paragraph = []
            if len(blocks) == 1 and variant % 2 == 0 and size() < length - 150:
                blocks.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3)))
    if paragraph:
        blocks.append(" ".join(paragraph))
    return "\n\n".join(blocks)


class Command(BaseCommand):
    help = "Seed members, streaks and a large forum in bulk on PostgreSQL (deletes existing members first)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--wipe", action="store_true", help="Confirm: delete every member first.")
        parser.add_argument("--small", action="store_true", help=f"About 1/{SMALL_DIVISOR} of the full size.")
        for name, default in FULL.items():
            parser.add_argument(f"--{name}", type=int, default=None, help=f"Full size: {default:,}.")
        parser.add_argument("--password", default="bench-passphrase-42")
        parser.add_argument(
            "--one-category",
            nargs="?",
            const=ONE_CATEGORY,
            default=None,
            metavar="SLUG",
            help=f"Every thread in one category ({ONE_CATEGORY} unless a slug is given).",
        )
        parser.add_argument(
            "--body-length",
            type=int,
            default=None,
            metavar="N",
            help="Post bodies of about N characters of Markdown (default: one short paragraph).",
        )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL: set DATABASE_URL.")
        if not options["wipe"]:
            raise CommandError("This deletes every member, streak and forum row first: add --wipe.")
        sizes = {
            name: options[name] if options[name] is not None else self._default(name, small=options["small"])
            for name in FULL
        }
        if sizes["posts"] < BIG_THREAD_POSTS + sizes["threads"]:
            raise CommandError(f"--posts must be at least {BIG_THREAD_POSTS:,} + --threads.")
        if sizes["streaks"] < sizes["members"]:
            raise CommandError("--streaks must be at least --members (one active streak each).")
        shape = _shape(one_category=options["one_category"], body_length=options["body_length"])
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLES} CASCADE")
            self._step("members", lambda: _members(cursor, sizes, options["password"]))
            self._step("streaks, check-ins, urges, slips", lambda: _streaks(cursor, sizes))
            self._step("threads and posts", lambda: _forum(cursor, sizes, shape))
            self._step("reactions", lambda: _reactions(cursor, sizes, shape))
            self._step("flags and review queue", lambda: _flags_and_queue(cursor, sizes, shape))
            self._step("thread counters", lambda: _thread_counters(cursor))
        with connection.cursor() as cursor:
            # VACUUM as autovacuum would have on a forum that grew over months: it marks the pages
            # all-visible, so counts along an index read the index alone, not every row's page.
            # (It cannot run inside a transaction, as in the tests: there only ANALYZE.)
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            self._step("vacuum and analyze", lambda: cursor.execute(statement))
        counts = _counts()
        summary = ", ".join(f"{count:,} {table}" for table, count in counts.items())
        self.stdout.write(f"Seeded {summary} in {time.perf_counter() - started:.1f} s.")

    @staticmethod
    def _default(name: str, *, small: bool) -> int:
        if not small:
            return FULL[name]
        value = FULL[name] // SMALL_DIVISOR
        if name == "posts":
            value = max(value, BIG_THREAD_POSTS + FULL["threads"] // SMALL_DIVISOR * 10)
        if name == "queue":
            value = max(value, MIN_QUEUE)
        return value

    def _step(self, label: str, action) -> None:
        started = time.perf_counter()
        action()
        self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")


def _members(cursor, sizes: dict[str, int], password: str) -> None:
    hashed = make_password(password)
    cursor.execute(
        """
        INSERT INTO accounts_user (password, is_superuser, email, is_staff, is_active, date_joined, handle,
                                   bio, bio_html, timezone, streak_visibility, email_on_milestone,
                                   email_on_reply, email_on_moderation)
        SELECT %(password)s, false, 'member_' || n || '@example.com', false, true,
               now() - (n %% 900) * interval '1 day', 'member_' || n, '', '',
               (%(zones)s::text[])[1 + n %% cardinality(%(zones)s::text[])],
               (ARRAY['members', 'only_me', 'everyone', 'members'])[1 + n %% 4], true, true, true
        FROM generate_series(1, %(members)s) AS n
        """,
        {"password": hashed, "zones": ZONES, "members": sizes["members"]},
    )
    moderator = User(handle="moderator_1", email="moderator_1@example.com", password=hashed)
    moderator.save()
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="accounts")
    )


def _streaks(cursor, sizes: dict[str, int]) -> None:
    """One active streak per member; a fifth of all streaks (the oldest active ones) hold a year of data."""
    heavy = sizes["streaks"] // 5
    cursor.execute(
        """
        INSERT INTO streaks_streak (user_id, start_date, ended_on, end_kind, created_at)
        SELECT u.id,
               CASE WHEN u.rank <= %(heavy)s THEN current_date - 365 - (u.rank %% 200)::int
                    ELSE current_date - (u.rank * 7 %% 300)::int END,
               NULL, '', now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM accounts_user
              WHERE handle LIKE 'member\\_%%') AS u
        """,
        {"heavy": heavy},
    )
    # Earlier streaks, each ended by a slip, all before any active streak started.
    cursor.execute(
        """
        WITH ended AS (
            INSERT INTO streaks_streak (user_id, start_date, ended_on, end_kind, created_at)
            SELECT u.id, current_date - 600 - (k %% 400)::int - (k * 13 %% 200)::int, current_date - 600 - (k %% 400)::int,
                   (ARRAY['reached_out', 'answered', 'logistics'])[1 + k %% 3], now()
            FROM generate_series(1, %(extra)s) AS k
            JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM accounts_user
                  WHERE handle LIKE 'member\\_%%') AS u ON u.rank = 1 + (k - 1) %% %(members)s
            RETURNING id, user_id, ended_on, end_kind
        )
        INSERT INTO streaks_slip (user_id, streak_id, day, kind, note, ended_streak, created_at)
        SELECT user_id, id, ended_on, end_kind, '', true, now() FROM ended
        """,
        {"extra": sizes["streaks"] - sizes["members"], "members": sizes["members"]},
    )
    # The heavy fifth: a check-in on most days of the last year, and an urge about once a week.
    cursor.execute(
        """
        CREATE TEMP TABLE heavy ON COMMIT DROP AS
        SELECT id, user_id FROM streaks_streak WHERE ended_on IS NULL ORDER BY user_id LIMIT %(heavy)s
        """,
        {"heavy": heavy},
    )
    cursor.execute(
        """
        INSERT INTO streaks_checkin (user_id, streak_id, day, mood, note, created_at)
        SELECT h.user_id, h.id, current_date - d, 1 + (h.id + d) %% 5,
               CASE WHEN d %% 10 = 0 THEN 'A quieter day. I went for a walk instead of checking.' ELSE '' END,
               now() - d * interval '1 day'
        FROM heavy AS h, generate_series(0, 364) AS d
        WHERE (h.id + d) %% 9 <> 0
        """,
        {},
    )
    cursor.execute(
        """
        INSERT INTO streaks_urge (user_id, streak_id, occurred_at, strength, action, ex_reached_out, held_on,
                                  note, created_at)
        SELECT h.user_id, h.id, now() - d * interval '1 day' - (h.id %% 12) * interval '1 hour',
               1 + (h.id + d) %% 5,
               (ARRAY['call', 'text', 'message', 'social_media', 'show_up', 'other'])[1 + (h.id + d) %% 6],
               (h.id + d) %% 11 = 0, (h.id + d) %% 6 <> 0, '', now() - d * interval '1 day'
        FROM heavy AS h, generate_series(0, 364, 7) AS d
        """,
        {},
    )


def _forum(cursor, sizes: dict[str, int], shape: Shape) -> None:
    cursor.execute("SELECT id FROM forum_category WHERE slug = 'announcements'")
    announcements = cursor.fetchone()[0]
    cursor.execute(
        "SELECT array_agg(id ORDER BY position) FROM forum_category WHERE NOT moderators_only_posting"
    )
    categories = cursor.fetchone()[0]
    cursor.execute("SELECT min(id), max(id) FROM accounts_user WHERE handle LIKE 'member\\_%%'", {})
    first, last = cursor.fetchone()
    cursor.execute("SELECT id FROM accounts_user WHERE handle = 'moderator_1'")
    moderator = cursor.fetchone()[0]
    one = None
    if shape.category is not None:
        cursor.execute("SELECT id FROM forum_category WHERE slug = %s", [shape.category])
        one = cursor.fetchone()[0]
    threads = sizes["threads"]
    # One thread in 100 is an announcement, started by the moderator (more often in a small forum, so
    # that its list still fills a page of 20 and compares like for like); the rest spread over the
    # member categories. With --one-category, every thread is in that one and started by a member.
    cursor.execute(
        """
        INSERT INTO forum_thread (category_id, author_id, title, status, created_at, last_activity_at,
                                  is_pinned, is_locked, post_count)
        SELECT CASE WHEN %(one)s::bigint IS NOT NULL THEN %(one)s::bigint
                    WHEN n %% %(every)s = 0 OR n = %(middle)s THEN %(announcements)s
                    ELSE (%(categories)s::bigint[])[1 + (n %% cardinality(%(categories)s::bigint[]))] END,
               CASE WHEN %(one)s::bigint IS NULL AND (n %% %(every)s = 0 OR n = %(middle)s) THEN %(moderator)s
                    ELSE %(first)s + (n * 7919) %% %(span)s END,
               'Thread number ' || n || ': getting through the evenings', 'published',
               now() - ((%(threads)s - n) * interval '50 minutes'), now() - ((%(threads)s - n) * interval '50 minutes'),
               n <= 3, false, 0
        FROM generate_series(1, %(threads)s) AS n
        """,
        {
            "one": one,
            "announcements": announcements,
            "categories": categories,
            "moderator": moderator,
            "first": first,
            "span": last - first + 1,
            "threads": threads,
            "middle": threads // 2,
            "every": max(1, min(100, threads // 25)),
        },
    )
    big_thread = _big_thread_id(cursor, shape)
    cursor.execute(
        "UPDATE forum_thread SET title = 'Share a small win from this week', author_id = %s WHERE id = %s",
        [moderator, big_thread],
    )
    params = {
        "first": first,
        "span": last - first + 1,
        "big": big_thread,
        "moderator": moderator,
        **shape.sql(),
    }
    cursor.execute(
        """
        INSERT INTO forum_post (thread_id, author_id, is_opening, body, body_html, status, is_crisis, needs_review,
                                rejection_reason, created_at, approved_at, removed_by_author, version)
        SELECT %(big)s, CASE WHEN n = 0 THEN %(moderator)s ELSE %(first)s + (n * 104729) %% %(span)s END, n = 0,
               (%(bodies)s::text[])[1 + n %% %(k)s] || ' (' || n || ')',
               (%(heads)s::text[])[1 + n %% %(k)s] || ' (' || n || ')' || (%(tails)s::text[])[1 + n %% %(k)s],
               'published', false, false,
               '', t.created_at + n * interval '1 minute', t.created_at + n * interval '1 minute', false, 1
        FROM generate_series(0, %(posts)s - 1) AS n JOIN forum_thread AS t ON t.id = %(big)s
        """,
        {**params, "posts": BIG_THREAD_POSTS},
    )
    per_thread, extra = divmod(sizes["posts"] - BIG_THREAD_POSTS, threads - 1)
    cursor.execute(
        """
        INSERT INTO forum_post (thread_id, author_id, is_opening, body, body_html, status, is_crisis, needs_review,
                                rejection_reason, created_at, approved_at, removed_by_author, version)
        SELECT t.id, CASE WHEN n = 0 THEN t.author_id ELSE %(first)s + ((t.id * 31 + n) * 104729) %% %(span)s END,
               n = 0, (%(bodies)s::text[])[1 + (t.id + n) %% %(k)s],
               (%(heads)s::text[])[1 + (t.id + n) %% %(k)s] || (%(tails)s::text[])[1 + (t.id + n) %% %(k)s],
               'published', false, false, '',
               t.created_at + n * interval '1 minute', t.created_at + n * interval '1 minute', false, 1
        FROM (SELECT id, author_id, created_at, row_number() OVER (ORDER BY id) AS rank FROM forum_thread
              WHERE id <> %(big)s) AS t,
             generate_series(0, %(per_thread)s - 1 + (t.rank <= %(extra)s)::int) AS n
        """,
        {**params, "per_thread": per_thread, "extra": extra},
    )


def _big_thread_id(cursor, shape: Shape) -> int:
    """The announcement in the middle of the forum's history holds the 2,000 posts (with
    --one-category, the thread in the middle of that category's)."""
    cursor.execute(
        """
        SELECT t.id FROM forum_thread AS t JOIN forum_category AS c ON c.id = t.category_id
        WHERE c.slug = %s AND NOT t.is_pinned ORDER BY t.id
        """,
        [shape.category or "announcements"],
    )
    ids = [row[0] for row in cursor.fetchall()]
    return ids[len(ids) // 2]


def _reactions(cursor, sizes: dict[str, int], shape: Shape) -> None:
    """Three on every post of the big thread; the rest two a post, spread evenly over the others."""
    big_thread = _big_thread_id(cursor, shape)
    cursor.execute("SELECT min(id), max(id) FROM accounts_user WHERE handle LIKE 'member\\_%%'", {})
    first, last = cursor.fetchone()
    params = {"first": first, "span": last - first + 1, "big": big_thread}
    cursor.execute(
        """
        INSERT INTO forum_reaction (post_id, user_id, kind, created_at)
        SELECT p.id, %(first)s + (p.id * 13 + k) %% %(span)s, (ARRAY['hug', 'stay_strong', 'same_here'])[k], now()
        FROM forum_post AS p, generate_series(1, 3) AS k WHERE p.thread_id = %(big)s
        """,
        params,
    )
    pairs = max(0, sizes["reactions"] - 3 * BIG_THREAD_POSTS) // 2
    cursor.execute("SELECT count(*) FROM forum_post WHERE thread_id <> %s", [big_thread])
    step = max(1, cursor.fetchone()[0] // max(pairs, 1))
    cursor.execute(
        """
        INSERT INTO forum_reaction (post_id, user_id, kind, created_at)
        SELECT p.id, %(first)s + (p.id * 17 + k) %% %(span)s, (ARRAY['hug', 'stay_strong', 'same_here'])[1 + (p.id + k) %% 3],
               now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM forum_post WHERE thread_id <> %(big)s) AS p,
             generate_series(0, 1) AS k
        WHERE p.rank %% %(step)s = 0 AND p.rank / %(step)s <= %(pairs)s
        """,
        {**params, "step": step, "pairs": pairs},
    )


def _flags_and_queue(cursor, sizes: dict[str, int], shape: Shape) -> None:
    """Resolved flags on older posts; a queue of pending first posts, flagged posts and a few crisis posts."""
    big_thread = _big_thread_id(cursor, shape)
    cursor.execute("SELECT min(id), max(id) FROM accounts_user WHERE handle LIKE 'member\\_%%'", {})
    first, last = cursor.fetchone()
    queue = sizes["queue"]
    flagged = queue * 2 // 5
    pending = queue - flagged
    cursor.execute(
        """
        CREATE TEMP TABLE queue_posts ON COMMIT DROP AS
        SELECT id, row_number() OVER (ORDER BY id DESC) AS rank FROM forum_post
        WHERE NOT is_opening AND thread_id <> %(big)s AND id %% 7 = 3 ORDER BY id DESC LIMIT %(queue)s
        """,
        {"big": big_thread, "queue": queue},
    )
    cursor.execute(
        """
        UPDATE forum_post AS p SET status = 'pending', needs_review = true, review_since = p.created_at,
                                   approved_at = NULL, is_crisis = q.rank %% 25 = 0
        FROM queue_posts AS q WHERE q.id = p.id AND q.rank <= %(pending)s
        """,
        {"pending": pending},
    )
    cursor.execute(
        """
        UPDATE forum_post AS p SET status = CASE WHEN q.rank %% 2 = 0 THEN 'hidden' ELSE 'published' END,
                                   needs_review = true, review_since = p.created_at + interval '1 hour'
        FROM queue_posts AS q WHERE q.id = p.id AND q.rank > %(pending)s
        """,
        {"pending": pending},
    )
    params = {"first": first, "span": last - first + 1, "big": big_thread, "pending": pending}
    # Open flags on the flagged posts in the queue: three each, from different members.
    cursor.execute(
        """
        INSERT INTO forum_flag (post_id, user_id, reason, note, status, created_at)
        SELECT q.id, %(first)s + (q.id * 7 + k * 101) %% %(span)s,
               (ARRAY['spam', 'harassment', 'identifying', 'crisis', 'off_topic', 'other'])[1 + (q.id + k) %% 6],
               '', 'open', now() - k * interval '1 hour'
        FROM queue_posts AS q, generate_series(1, 3) AS k WHERE q.rank > %(pending)s
        """,
        params,
    )
    cursor.execute("SELECT count(*) FROM forum_flag")
    resolved = max(0, sizes["flags"] - cursor.fetchone()[0])
    cursor.execute(
        """
        INSERT INTO forum_flag (post_id, user_id, reason, note, status, created_at, resolved_at)
        SELECT p.id, %(first)s + (p.id * 11) %% %(span)s,
               (ARRAY['spam', 'harassment', 'off_topic', 'other'])[1 + p.id %% 4], '',
               CASE WHEN p.id %% 3 = 0 THEN 'upheld' ELSE 'dismissed' END, p.created_at + interval '2 hours',
               p.created_at + interval '1 day'
        FROM forum_post AS p
        WHERE NOT p.needs_review AND p.thread_id <> %(big)s
        ORDER BY (p.id * 7919) %% 1000003 LIMIT %(resolved)s
        """,
        {**params, "resolved": resolved},
    )


def _thread_counters(cursor) -> None:
    cursor.execute(
        """
        UPDATE forum_thread AS t SET post_count = s.count, last_activity_at = s.last
        FROM (SELECT thread_id, count(*) FILTER (WHERE status = 'published') AS count, max(created_at) AS last
              FROM forum_post GROUP BY thread_id) AS s
        WHERE s.thread_id = t.id
        """
    )
    cursor.execute(
        """
        UPDATE forum_thread AS t SET last_poster_id = (
            SELECT p.author_id FROM forum_post AS p WHERE p.thread_id = t.id AND p.status = 'published'
            ORDER BY p.created_at DESC, p.id DESC LIMIT 1)
        """
    )


def _counts() -> dict[str, int]:
    tables = {
        "members": "accounts_user",
        "streaks": "streaks_streak",
        "check-ins": "streaks_checkin",
        "urges": "streaks_urge",
        "categories": "forum_category",
        "threads": "forum_thread",
        "posts": "forum_post",
        "reactions": "forum_reaction",
        "flags": "forum_flag",
    }
    counts = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            counts[label] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM forum_post WHERE needs_review")
        counts["posts in the review queue"] = cursor.fetchone()[0]
    return counts
