"""NUL and other control characters in any text a member sends are refused cleanly, never a 500.

PostgreSQL cannot store NUL in text, so on PostgreSQL (as in CI) this is a real test of every
write. Headers are not covered: the production server refuses control characters in them.
"""

import pytest
from django.urls import reverse

from tests.security.conftest import World, api_client_for, page_client_for
from tests.security.test_permission_matrix import WRITES, Row, first_allowed_writer, resolve

CONTROL = "\x00\x01\x1b\x7f"


def _spoiled(data: dict) -> dict:
    spoiled = {key: f"{value}{CONTROL}" if isinstance(value, str) else value for key, value in data.items()}
    # Free-text fields the row leaves out (notes, a bio) are spoiled too; others ignore them.
    return {"note": f"A note{CONTROL}", "bio": f"A bio{CONTROL}", **spoiled}


@pytest.mark.django_db
@pytest.mark.parametrize("row", WRITES, ids=lambda row: row.id)
def test_control_characters_in_text_are_refused_cleanly(world: World, row: Row):
    user = world.user(first_allowed_writer(row))
    data = _spoiled(resolve(row.data, world) or {})
    url = reverse(row.name, kwargs=row.kwargs(world))
    if row.name.startswith("api-"):
        response = getattr(api_client_for(user), row.method.lower())(url, data, format="json")
    else:
        response = getattr(page_client_for(user), row.method.lower())(url, data)
    assert response.status_code < 500, (row.id, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/forum/search/?q=%00",
        "/api/v1/forum/threads/?cursor=%00",
        "/api/v1/members/%00/",
        "/api/v1/forum/categories/%00/threads/",
        "/api/v1/forum/moderation/log/?member=%00&moderator=%00&action=%00",
        "/forum/search/?q=%00",
        "/members/%00/",
        "/forum/c/%00/",
    ],
)
def test_control_characters_in_addresses_are_refused_cleanly(world: World, path):
    for client in (api_client_for(world.moderator), page_client_for(world.moderator)):
        assert client.get(path).status_code < 500, path
