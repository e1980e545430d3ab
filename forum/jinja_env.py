"""The Jinja2 environment for the fragments the forum renders many times a page: the posts of thread
pages (templates/jinja2/forum/_post.html) and the rows of thread lists.

Twenty posts rendered with the Django template language were a third of a thread page computed
with an empty cache, most of it resolving variables (bench/README.md, "Uncached pages"). The same
markup in Jinja2, compiled to Python, autoescaped like every template here; what the fragment
needs from the site's own tags is given to it below. It holds no script or style, so the CSP
nonce is not involved.
"""

import datetime as dt
import html

from django.utils import timezone
from jinja2 import Environment
from markupsafe import Markup

from community.links import link

from .templatetags.forum_tags import ago


def iso_time(value: dt.datetime | None) -> str:
    """`value` in ISO 8601 in the current zone, as {{ value|date:"c" }} gives it."""
    return timezone.localtime(value).isoformat() if value is not None else ""


def post_time(value: dt.datetime) -> Markup:
    """A mark where forum.cache.post_fragments puts `value` in the viewer's zone, after the fragment
    is taken from the cache (one rendering for every zone)."""
    return Markup(f"<!--post-time:{value.astimezone(dt.UTC).isoformat()}-->")  # noqa: S704 (a datetime)


def plural(count: int, singular: str = "", many: str = "s") -> str:
    """The ending for `count` things, as Django's pluralize: {{ n|plural }}, {{ n|plural("y", "ies") }}."""
    return singular if count == 1 else many


def _escape(value: object) -> object:
    """django.utils.html.conditional_escape without its lazy-string wrapper, for speed."""
    return value if hasattr(value, "__html__") else Markup(html.escape(str(value)))  # noqa: S704 (escaped)


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    # Each value escaped by Django's own escape, as on every other page (&#x27; for an apostrophe);
    # what it returns is marked safe, so autoescaping leaves it as it is, and escapes anything else.
    options["finalize"] = _escape
    env = Environment(autoescape=True, **options)
    env.globals["link"] = link
    env.filters["iso_time"] = iso_time
    env.filters["post_time"] = post_time
    env.filters["ago"] = ago
    env.filters["plural"] = plural
    return env
