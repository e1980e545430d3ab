"""The OpenAPI schema as the app reads it: refusals with their shape, enums, required fields, paging."""

import pytest

from accounts.models import DataExport
from forum.models import PostStatus, Reaction

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/ErrorResponse"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _responses(schema, method: str, path: str) -> dict:
    return schema["paths"][f"/api/v1/{path}"][method]["responses"]


def _statuses(schema, method: str, path: str) -> set[str]:
    return {code for code in _responses(schema, method, path) if code.startswith("4")}


def test_every_refusal_documented_has_the_error_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    assert response["content"]["application/json"]["schema"] == ERROR, (method, path, code)
                    assert response["description"], (method, path, code)
            assert "429" in operation["responses"], (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"], (method, path)
    error = schema["components"]["schemas"]["ErrorResponse"]
    assert set(error["required"]) == {"message", "errors"}
    assert error["properties"]["errors"]["type"] == "object"


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("get", "me/", {"403", "429"}),
        ("patch", "me/", {"400", "403", "413", "415", "429"}),
        ("get", "members/{handle}/", {"404", "429"}),
        ("patch", "forum/posts/{post_id}/edit/", {"400", "403", "404", "413", "415", "429"}),
        ("post", "forum/posts/{post_id}/remove/", {"403", "404", "429"}),
        (
            "post",
            "forum/moderation/posts/{post_id}/approve/",
            {"400", "403", "404", "409", "413", "415", "429"},
        ),
        (
            "post",
            "forum/moderation/members/{handle}/lift-suspension/",
            {"400", "403", "404", "409", "413", "415", "429"},
        ),
        ("post", "forum/blocks/", {"400", "403", "404", "413", "415", "429"}),
        ("get", "me/export/{token}/", {"403", "404", "409", "410", "429"}),
        ("post", "streaks/milestones/{award_id}/share/", {"400", "403", "404", "413", "415", "429"}),
        ("get", "streaks/checkins/", {"400", "403", "404", "429"}),
        ("get", "forum/threads/{thread_id}/posts/", {"400", "403", "404", "429"}),
    ],
)
def test_each_operation_documents_the_refusals_it_gives(schema, method, path, statuses):
    assert _statuses(schema, method, path) == statuses


def test_moderators_acting_second_is_a_documented_conflict(schema):
    conflict = _responses(schema, "post", "forum/moderation/posts/{post_id}/hide/")["409"]
    assert conflict["description"] == "Another moderator acted first."
    operation = schema["paths"]["/api/v1/forum/moderation/posts/{post_id}/hide/"]["post"]
    assert operation["operationId"] == "forum_moderation_hide"
    assert operation["description"] == "Hide a post."


def _component(schema, ref_holder: dict) -> dict:
    return schema["components"]["schemas"][ref_holder["$ref"].rsplit("/", 1)[1]]


def test_choices_are_enums(schema):
    components = schema["components"]["schemas"]
    assert components["ReactionKindEnum"]["enum"] == Reaction.Kind.values
    assert components["PostStatusEnum"]["enum"] == PostStatus.values
    assert components["DataExportStatusEnum"]["enum"] == DataExport.Status.values
    toggle = schema["paths"]["/api/v1/forum/posts/{post_id}/reactions/"]["post"]
    request = _component(schema, toggle["requestBody"]["content"]["application/json"]["schema"])
    assert request["properties"]["kind"] == {"$ref": "#/components/schemas/ReactionKindEnum"}
    assert components["ReactionCount"]["properties"]["kind"] == {
        "$ref": "#/components/schemas/ReactionKindEnum"
    }
    assert components["ForumPost"]["properties"]["status"]["allOf"] == [
        {"$ref": "#/components/schemas/PostStatusEnum"}
    ]


def test_required_fields_are_required(schema):
    edit = schema["paths"]["/api/v1/forum/posts/{post_id}/edit/"]["patch"]
    assert edit["requestBody"]["required"] is True
    assert _component(schema, edit["requestBody"]["content"]["application/json"]["schema"])["required"] == [
        "body"
    ]
    me = schema["paths"]["/api/v1/me/"]["patch"]
    assert "required" not in _component(schema, me["requestBody"]["content"]["application/json"]["schema"])
    thread = _component(
        schema,
        _responses(schema, "get", "forum/threads/{thread_id}/")["200"]["content"]["application/json"][
            "schema"
        ],
    )
    assert {"is_followed", "is_pinned", "post_count"} <= set(thread["required"])


@pytest.mark.parametrize("path", ["streaks/checkins/", "forum/threads/{thread_id}/posts/"])
def test_page_size_is_documented_with_its_bounds(schema, path):
    parameters = {
        parameter["name"]: parameter for parameter in schema["paths"][f"/api/v1/{path}"]["get"]["parameters"]
    }
    assert parameters["page_size"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
    }
