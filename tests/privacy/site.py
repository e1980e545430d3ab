"""Every page and endpoint of the site, with its parameters filled in, for tests that visit them all."""

import itertools
import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "accounts/^", "api/v1/<path:unknown>")
# Sign-in by phone is not offered: allauth's phone endpoints are not set up (and answer with an error).
SKIPPED_PHONE = re.compile(r"/phone(/|$)")
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def urls_about(values: dict[str, list]) -> list[str]:
    """Every route of the site, once for each combination of the given parameter values."""
    urls = []
    for route in routes():
        if route.startswith(SKIPPED_PREFIXES) or SKIPPED_PHONE.search(route):
            continue
        names = [name for _, name in PARAMETER.findall(route)]
        missing = [name for name in names if name not in values]
        assert not missing, f"{route}: no test value for {missing}"
        for combination in itertools.product(*(values[name] for name in names)):
            url = route
            for value in combination:
                url = PARAMETER.sub(str(value), url, count=1)
            urls.append(f"/{url}")
    return urls


def visit(client: Client, url: str, *, search: str = "robin") -> str:
    """GET `url` (searches look for `search`); never a server error.

    Search results mark the words found (<mark>, escaped as \u003c in JSON): the marks are taken
    out, so a secret is found whole even where a searched word inside it is marked."""
    response = client.get(url, {"q": search} if "search" in url else None)
    assert response.status_code < 500, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    for mark in ("<mark>", "</mark>", "\\u003cmark\\u003e", "\\u003c/mark\\u003e"):
        text = text.replace(mark, "")
    return text
