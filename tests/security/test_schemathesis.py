"""Fuzzing the API from its OpenAPI schema with Schemathesis, signed in as a member with a session token.

The member has data of their own, and another member has private data of theirs. For every
operation, generated requests must never meet a server error, every answer must have a status code
the schema documents for it and match the schema, an operation that needs credentials must refuse
a request without them, and nothing the other member keeps private ever shows up. Path ids are drawn from real objects of both
members, so the requests reach someone else's data rather than ids that do not exist.
"""

import json
import os
import zlib

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community.throttling import WriteRateThrottle
from community.wsgi import application
from tests.security.conftest import PRIVATE_NOTE, World
from tests.streaks.factories import CheckInFactory, StreakFactory, UrgeFactory

# Bounded so the whole security run stays within a few minutes on a small machine; raise it with
# SCHEMATHESIS_MAX_EXAMPLES for a deeper run by hand.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "seed": 20261124,
    }
)
# Closing one's account would sign the member out for every operation after it: it has its own tests.
NOT_FUZZED = {("POST", "/api/v1/me/delete/")}


# What the other member keeps private, set by the test for the check below.
SECRETS: list[str] = []


@schemathesis.check
def nothing_private_of_another_member(ctx, response, case) -> None:
    text = response.text or ""
    for secret in SECRETS:
        if secret in text:
            raise AssertionError(f"another member's private data in the answer: {secret!r}")


@schemathesis.check
def errors_have_the_api_shape(ctx, response, case) -> None:
    """Every refusal has the one shape the app reads, documented or not."""
    if response.status_code < 400:
        return
    try:
        body = json.loads(response.text or "null")
    except ValueError as error:
        raise AssertionError(f"{response.status_code} is not JSON: {(response.text or '')[:200]}") from error
    assert isinstance(body, dict) and set(body) == {"message", "errors"}, body
    assert isinstance(body["message"], str) and body["message"], body
    assert isinstance(body["errors"], dict), body


CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
    ignored_auth,
    nothing_private_of_another_member,
    errors_have_the_api_shape,
]


@pytest.fixture
def fuzzer(world: World):
    """The member who fuzzes: `other` in the shared world, with data of their own."""
    streak = StreakFactory(user=world.other)
    CheckInFactory(streak=streak, note="fuzzer's own check-in")
    UrgeFactory(streak=streak, note="fuzzer's own urge")
    return world.other


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG).exclude(
    func=lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in NOT_FUZZED
)


def _real_ids(world: World, fuzzer) -> dict[str, list]:
    """Ids of real objects, the fuzzer's and the other member's, for each path parameter."""
    own = {
        "streak_id": list(fuzzer.streaks.values_list("pk", flat=True)),
        "checkin_id": list(fuzzer.checkins.values_list("pk", flat=True)),
        "urge_id": list(fuzzer.urges.values_list("pk", flat=True)),
    }
    return {
        "streak_id": [world.streak.pk, world.slip.streak_id, *own["streak_id"]],
        "checkin_id": [world.checkin.pk, *own["checkin_id"]],
        "urge_id": [world.urge.pk, *own["urge_id"]],
        "slip_id": [world.slip.pk],
        "award_id": [world.award.pk],
        "reason_id": [world.reason.pk],
        "letter_id": [world.letter.pk],
        "post_id": [world.opening.pk, world.pending.pk, world.hidden.pk, world.flagged.pk],
        "thread_id": [world.thread.pk],
        "handle": [world.member.handle, world.bystander.handle, world.moderator.handle],
        "slug": [world.category.slug, "milestones"],
        "token": [str(world.export.token)],
    }


@pytest.fixture(autouse=True)
def _many_writes_a_minute(monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "100000/min", raising=False)


@pytest.fixture(autouse=True)
def _keep_the_tests_database_connection():
    """Requests go straight to the WSGI handler, which would close the connection holding the test's
    transaction at the end of each request; Django's own test client holds these signals back too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _fuzz(case, *, world: World, actor, secrets: list[str]) -> None:
    pool = _real_ids(world, world.other)
    for name, value in list((case.path_parameters or {}).items()):
        choices = pool.get(name)
        if choices and isinstance(value, int | str):
            case.path_parameters[name] = choices[zlib.crc32(str(value).encode()) % len(choices)]
    session = Client()
    session.force_login(actor)
    SECRETS[:] = secrets
    try:
        case.call_and_validate(headers={"X-Session-Token": session.session.session_key}, checks=CHECKS)
    finally:
        SECRETS.clear()


# The world is built once per operation on purpose: every example acts on the same members.
ONE_WORLD_PER_OPERATION = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.mark.django_db
@schema.parametrize()
@ONE_WORLD_PER_OPERATION
def test_api_fuzzing_as_a_member(case, world, fuzzer):
    secrets = [PRIVATE_NOTE, world.member.email, str(world.export.token), world.pending.body]
    _fuzz(case, world=world, actor=fuzzer, secrets=secrets)


@pytest.mark.django_db
@schema.include(path_regex="/moderation/").parametrize()
@ONE_WORLD_PER_OPERATION
def test_moderation_fuzzing_as_a_moderator(case, world, fuzzer):
    """Moderators see pending and hidden posts, never a member's streak notes, e-mail or export."""
    secrets = [PRIVATE_NOTE, world.member.email, str(world.export.token)]
    _fuzz(case, world=world, actor=world.moderator, secrets=secrets)
