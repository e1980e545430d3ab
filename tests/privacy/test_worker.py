"""End to end with a real Celery worker on real Redis: an export is built, an account is erased."""

import pytest
from rest_framework.test import APIClient

from accounts.models import DataExport, User
from tests.factories import PASSWORD
from tests.privacy.factories import community
from tests.streaks.test_worker import queue, worker  # noqa: F401  (the worker fixtures)
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


def test_the_worker_builds_the_export_then_erases_the_account(worker):  # noqa: F811
    mail_dir = worker / "mail"
    robin, _, _ = community()
    client = APIClient()
    client.force_authenticate(robin.user)

    assert client.post("/api/v1/me/export/").status_code == 202
    wait_for(lambda: DataExport.objects.get(user=robin.user).status == "ready", "the export")
    url = client.get("/api/v1/me/export/").json()["download_url"]
    assert "CHECKINNOTE-ROBIN" in client.get(url).content.decode()
    wait_for(lambda: len(list(mail_dir.glob("*.log"))) == 1, "the e-mail saying the export is ready")

    response = client.post("/api/v1/me/delete/", {"password": PASSWORD, "keep_posts": False}, format="json")
    assert response.status_code == 202
    wait_for(lambda: not User.objects.filter(pk=robin.user.pk).exists(), "the erasure")

    wait_for(lambda: len(list(mail_dir.glob("*.log"))) == 2, "the two e-mails")
    texts = " ".join(path.read_text() for path in mail_dir.glob("*.log"))
    assert "Your data is ready to download" in texts
    assert "Your account is deleted" in texts
