"""The mixed workload's requests, sent through the site: every kind is accepted as the member whose
session or app token it carries, writes included (with the CSRF token a browser holds)."""

import random

import pytest
from django.core.management import call_command
from django.test import Client

from bench.mix import MIX, WRITES, create_sessions, forum_shape, kind_of, log_figures, request_line
from forum.models import Post
from streaks.models import Urge

from .test_seed_scale import TINY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def send(line: str, *, unique: str) -> tuple[str, str, int]:
    method, path, body, *header_lines = line.split("\t")
    headers = {"Host": "127.0.0.1:8000", **dict(header.split(": ", 1) for header in header_lines)}
    content_type = headers.pop("Content-Type", "")
    client = Client(enforce_csrf_checks=True)
    if method == "GET":
        response = client.get(path, headers=headers)
    else:
        data = body.replace("{n}", unique)
        response = client.post(path, data=data, content_type=content_type, headers=headers)
    return method, path, response.status_code


@pytest.fixture
def shape():
    call_command("seed_scale", "--wipe", *TINY)
    return forum_shape(random.Random(1))


def test_every_kind_of_request_is_served_to_its_member(shape):
    members = create_sessions(8)
    assert len({member.cookie for member in members} | {member.token for member in members}) == 16
    rng = random.Random(2)
    posts, urges = Post.objects.count(), Urge.objects.count()

    results = {}
    for number, kind in enumerate(MIX):
        line = request_line(kind, rng.choice(members), rng, shape, port=8000)
        results[kind] = send(line, unique=str(number))
        assert kind_of(results[kind][0], results[kind][1]) == kind

    for kind, (_method, path, code) in results.items():
        if kind in WRITES and not path.startswith("/api/"):
            assert code == 302, (kind, path, code)  # a page write that worked redirects
        else:
            assert code in (200, 201), (kind, path, code)
    assert Post.objects.count() == posts + 2
    assert Urge.objects.count() == urges + 2
    assert log_figures([(m, p, c, 3, 1.0) for m, p, c in results.values()])["server_errors"] == 0


def test_the_same_reply_twice_would_be_refused_so_each_one_is_numbered(shape):
    member = create_sessions(1)[0]
    rng = random.Random(3)
    line = request_line("Reply (page)", member, rng, shape, port=8000)
    assert "{n}" in line

    assert send(line, unique="1")[2] == 302
    # Refused: the form is shown again with a 200, which the server-side check counts as an error.
    refused = send(line, unique="1")
    assert refused[2] == 200
    assert log_figures([(*refused, 3, 1.0)])["server_errors"] == 1
