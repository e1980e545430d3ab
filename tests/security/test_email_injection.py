"""Member text that ends up in an e-mail cannot add headers or recipients to it."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, trusted

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "Hello\r\nBcc: victim@evil.example",
    "Hello\nCc: victim@evil.example",
    "Hello\rTo: victim@evil.example",
    "Hello%0d%0aBcc: victim@evil.example",
    "Hello\u2028Bcc: victim@evil.example",
    "Hello\x00\r\nBcc: victim@evil.example",
]

EXPECTED_HEADERS = {
    "Content-Type", "Content-Transfer-Encoding", "MIME-Version", "Subject", "From", "To", "Date", "Message-ID",
}  # fmt: skip


@pytest.mark.parametrize("title", INJECTIONS)
def test_a_thread_title_cannot_add_recipients_to_the_reply_e_mail(title, django_capture_on_commit_callbacks):
    author, replier = trusted(UserFactory()), trusted(UserFactory())
    writer, answerer = APIClient(), APIClient()
    writer.force_authenticate(author)
    answerer.force_authenticate(replier)
    response = writer.post(
        "/api/v1/forum/threads/create/",
        {"category": CategoryFactory().slug, "title": title, "body": "Day one."},
        format="json",
    )
    if response.status_code == 400:
        return  # refused outright, which is fine too
    assert response.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        reply = answerer.post(
            f"/api/v1/forum/threads/{response.json()['id']}/replies/", {"body": "With you."}, format="json"
        )
    assert reply.status_code == 201
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert message.cc == [] and message.bcc == []
    headers = message.message()
    assert "victim@evil.example" not in (headers["To"] or "") + (headers["Cc"] or "") + (headers["Bcc"] or "")
    assert set(headers.keys()) <= EXPECTED_HEADERS
