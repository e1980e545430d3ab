"""Full-text search indexes on PostgreSQL (the same expressions the search selector queries)."""

from django.db import migrations

INDEXES = [
    (
        "forum_post_search_idx",
        "forum_post",
        "to_tsvector('english'::regconfig, COALESCE(body, ''))",
    ),
    (
        "forum_thread_search_idx",
        "forum_thread",
        "to_tsvector('english'::regconfig, COALESCE(title, ''))",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_categories_and_crisis_phrases")]

    operations = [migrations.RunPython(create, drop)]
