"""Production settings refuse to start when they would be unsafe; the defaults need nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(
    module: str, then: str = "print(settings.DATABASES['default']['ENGINE'])", **env: str
) -> subprocess.CompletedProcess:
    """Start Django with `module` and only the given environment, then run the code in `then`."""
    clean = {key: value for key, value in os.environ.items() if key not in _CONFIG_KEYS}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = f"import django; from django.conf import settings; django.setup(); {then}"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


_CONFIG_KEYS = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "EMAIL_URL",
    "DJANGO_SETTINGS_MODULE",
    "SENTRY_DSN",
    "SENTRY_ENVIRONMENT",
    "SENTRY_TRACES_SAMPLE_RATE",
    "DATABASE_PREPARED_STATEMENTS",
}
PG = "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"DATABASE_URL": PG}, "SECRET_KEY"),
        ({"DATABASE_URL": PG, "SECRET_KEY": "x" * 50, "DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": "x" * 50}, "Production needs PostgreSQL"),
    ],
)
def test_production_settings_refuse_to_start_when_unsafe(env, complaint):
    result = load_settings("community.settings.production", **env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_settings_start_with_a_secret_and_postgresql():
    result = load_settings("community.settings.production", DATABASE_URL=PG, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_local_settings_need_no_configuration_and_use_sqlite():
    result = load_settings("community.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_the_site_loads_with_the_throttles_of_the_real_settings():
    # The test settings switch the default throttles off, so only a real start imports them.
    result = load_settings(
        "community.settings.local",
        then="from django.core.management import call_command; call_command('check')",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_query_run_often_is_prepared_once_on_its_connection():
    from django.db import connection

    from accounts.models import User

    member = User.objects.create_user(handle="steady", email="steady@example.com", password="x" * 12)
    for _ in range(6):
        assert User.objects.get(pk=member.pk).handle == "steady"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_user"' in statement for statement in prepared)


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    then = "print(settings.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold'))"
    on = load_settings("community.settings.production", then=then, DATABASE_URL=PG, SECRET_KEY="x" * 50)
    off = load_settings(
        "community.settings.production",
        then=then,
        DATABASE_URL=PG,
        SECRET_KEY="x" * 50,
        DATABASE_PREPARED_STATEMENTS="false",
    )
    assert (on.stdout.strip(), off.stdout.strip()) == ("5", "None")
