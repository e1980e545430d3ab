"""Member Markdown renders inert: every input of the malicious corpus, kept as data in one file."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from community.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, LINK_REL
from forum.services.rendering import render_body

CORPUS = json.loads((Path(__file__).parent / "data" / "malicious_markdown.json").read_text())
DANGEROUS_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript|file)\s*:", re.IGNORECASE)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 60


@pytest.mark.django_db
@pytest.mark.parametrize("source", CORPUS)
def test_malicious_markdown_renders_inert(source):
    html = render_body(source)
    collector = _Collector()
    collector.feed(html)
    for tag, attributes in collector.elements:
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attributes) <= allowed, (tag, attributes, html)
        for name in ("href", "src"):
            if name not in attributes:
                continue
            # The parser has decoded character references once, as a browser does.
            url = attributes[name].replace("\t", "").replace("\n", "")
            assert not DANGEROUS_SCHEMES.match(url), html
            scheme = urlsplit(url).scheme.lower()
            assert scheme in ALLOWED_URL_SCHEMES | {""}, html
        if tag == "img" and "src" in attributes:
            src = attributes["src"]
            assert src.startswith("/") and not src.startswith("//"), html
        if tag == "a" and "href" in attributes:
            assert attributes.get("rel") == LINK_REL, html
    assert "<script" not in html.lower()


@pytest.mark.django_db
def test_ordinary_markdown_still_renders():
    html = render_body("**Day 30** and [a link](https://example.com) and ![me](/media/x.png)")
    assert "<strong>Day 30</strong>" in html
    assert f'rel="{LINK_REL}"' in html
    assert '<img src="/media/x.png" alt="me">' in html
