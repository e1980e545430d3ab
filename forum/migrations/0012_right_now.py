"""The "Right now" support category: where a member asks for support at a hard moment."""

from django.db import migrations

SLUG = "right-now"


def create(apps, schema_editor):
    apps.get_model("forum", "Category").objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Right now",
            "description": "Having a hard moment? Ask here and members who listen will keep you company. "
            "Threads still waiting for an answer come first.",
            "position": 5,
            "moderators_only_posting": False,
            "is_public": False,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("forum", "Category").objects.filter(slug=SLUG, threads=None).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0011_thread_count_index")]

    operations = [migrations.RunPython(create, remove)]
