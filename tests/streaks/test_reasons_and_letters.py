"""My reasons for keeping no contact and my unsent letters: private, on pages and in the API."""

import pytest

from streaks.models import Letter, Reason
from streaks.services import MAX_REASONS

from .factories import StreakFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/streaks/"


def texts(member) -> list[str]:
    return list(Reason.objects.filter(user=member).order_by("position", "id").values_list("text", flat=True))


def test_add_edit_reorder_and_remove_reasons_on_the_page(member_client, member):
    for text in ("I deserve peace", "They hurt me", "My friends missed me"):
        response = member_client.post("/streak/reasons/", {"text": text})
        assert response.status_code == 302
    first, second, third = Reason.objects.filter(user=member).order_by("position")

    member_client.post(f"/streak/reasons/{third.pk}/move/", {"direction": "up"})
    assert texts(member) == ["I deserve peace", "My friends missed me", "They hurt me"]
    member_client.post(f"/streak/reasons/{first.pk}/move/", {"direction": "down"})
    assert texts(member) == ["My friends missed me", "I deserve peace", "They hurt me"]
    member_client.post(f"/streak/reasons/{second.pk}/edit/", {"text": "They did not choose me"})
    member_client.post(f"/streak/reasons/{first.pk}/delete/")

    assert texts(member) == ["My friends missed me", "They did not choose me"]
    html = member_client.get("/streak/reasons/").content.decode()
    assert html.index("My friends missed me") < html.index("They did not choose me")
    assert "Only you can see this list" in html


def test_an_empty_reason_and_too_many_reasons_are_form_errors(member_client, member):
    response = member_client.post("/streak/reasons/", {"text": "   "})
    assert response.status_code == 200 and b"This field is required" in response.content
    Reason.objects.bulk_create(Reason(user=member, text=f"r{i}", position=i) for i in range(MAX_REASONS))
    response = member_client.post("/streak/reasons/", {"text": "one more"})
    assert response.status_code == 200 and b"Edit or remove one to add another" in response.content
    assert Reason.objects.filter(user=member).count() == MAX_REASONS


def test_the_dashboard_shows_one_reason_a_day_or_invites_to_write_them(member_client, member):
    StreakFactory(user=member)
    assert b"Write my reasons" in member_client.get("/").content
    Reason.objects.create(user=member, text="I am worth more", position=0)
    Reason.objects.create(user=member, text="I sleep better now", position=1)
    html = member_client.get("/").content.decode()
    assert ("I am worth more" in html) != ("I sleep better now" in html)
    assert "One of my reasons" in html


def test_reasons_through_the_api(member_api, member):
    ids = [member_api.post(API + "reasons/create/", {"text": t}, format="json").json()["id"] for t in "abc"]
    reordered = member_api.post(API + "reasons/reorder/", {"ids": ids[::-1]}, format="json")
    assert reordered.status_code == 200
    assert [r["text"] for r in reordered.json()] == ["c", "b", "a"]
    assert [r["text"] for r in member_api.get(API + "reasons/").json()] == ["c", "b", "a"]
    assert (
        member_api.post(API + f"reasons/{ids[0]}/edit/", {"text": "A"}, format="json").json()["text"] == "A"
    )
    assert member_api.post(API + f"reasons/{ids[1]}/delete/").status_code == 204
    assert texts(member) == ["c", "A"]
    missing = member_api.post(API + "reasons/reorder/", {"ids": [ids[0]]}, format="json")
    assert missing.status_code == 400 and "ids" in missing.json()["errors"]
    long = member_api.post(API + "reasons/create/", {"text": "x" * 301}, format="json")
    assert long.status_code == 400 and "text" in long.json()["errors"]


def test_write_read_edit_mark_and_delete_a_letter_on_the_page(member_client, member):
    page = member_client.get("/streak/letters/new/").content.decode()
    assert "This letter will not be sent." in page

    response = member_client.post("/streak/letters/new/", {"body": "I miss you\nbut I am better without you"})
    letter = Letter.objects.get(user=member)
    assert response["Location"] == f"/streak/letters/{letter.pk}/"
    html = member_client.get(response["Location"]).content.decode()
    assert "I miss you<br>but I am better without you" in html
    assert "never sent, private to you" in html

    member_client.post(f"/streak/letters/{letter.pk}/edit/", {"body": "I wish you well, from afar"})
    member_client.post(f"/streak/letters/{letter.pk}/glad/")
    letter.refresh_from_db()
    assert letter.body == "I wish you well, from afar" and letter.glad_at is not None
    listing = member_client.get("/streak/letters/").content.decode()
    assert "These letters are never sent." in listing
    assert "Glad I didn't send it" in listing

    member_client.post(f"/streak/letters/{letter.pk}/delete/")
    assert not Letter.objects.exists()


def test_letters_through_the_api(member_api, member):
    created = member_api.post(API + "letters/create/", {"body": "Dear you"}, format="json")
    assert created.status_code == 201
    letter_id = created.json()["id"]
    assert member_api.get(API + "letters/").json()["results"][0]["body"] == "Dear you"
    assert (
        member_api.post(API + f"letters/{letter_id}/edit/", {"body": "Dear me"}, format="json").status_code
        == 200
    )
    glad = member_api.post(API + f"letters/{letter_id}/glad/").json()
    assert glad["body"] == "Dear me" and glad["glad_at"]
    assert member_api.post(API + f"letters/{letter_id}/delete/").status_code == 204
    empty = member_api.post(API + "letters/create/", {"body": ""}, format="json")
    assert empty.status_code == 400 and "body" in empty.json()["errors"]


def test_another_members_reasons_and_letters_are_a_404_on_pages_and_api(member_api, client, other_member):
    reason = Reason.objects.create(user=other_member, text="theirs")
    letter = Letter.objects.create(user=other_member, body="theirs")
    assert member_api.get(API + f"reasons/{reason.pk}/").status_code == 404
    assert member_api.post(API + f"letters/{letter.pk}/delete/").status_code == 404
    assert member_api.post(API + "reasons/reorder/", {"ids": [reason.pk]}, format="json").status_code == 400
    assert Letter.objects.filter(pk=letter.pk).exists()
    assert Reason.objects.get(pk=reason.pk).position == 0
