"""The forum's categories and a starting list of crisis phrases; both are editable in the admin."""

from django.db import migrations

CATEGORIES = [
    (
        "introductions",
        "Introductions",
        "Say hello and share as much or as little of your story as you like.",
        False,
        False,
    ),
    (
        "early-days",
        "Early days",
        "The first days and weeks of no contact: the hardest part, together.",
        False,
        False,
    ),
    (
        "milestones",
        "Milestones",
        "Day 7, day 30, day 100: celebrate each one with people who understand.",
        False,
        False,
    ),
    (
        "slip-ups",
        "Slip-ups and starting over",
        "Reached out? It happens. Talk it through without judgement and begin again.",
        False,
        False,
    ),
    (
        "moving-on",
        "Moving on",
        "New routines, new friendships, new plans: life after the breakup.",
        False,
        False,
    ),
    (
        "ask-the-community",
        "Ask the community",
        "Questions about no contact, shared children, leases, mutual friends and more.",
        False,
        False,
    ),
    ("announcements", "Announcements", "News from the moderators about the community.", True, True),
]

CRISIS_PHRASES = [
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "end it all",
    "want to die",
    "wanna die",
    "suicide",
    "suicidal",
    "self harm",
    "self-harm",
    "hurt myself",
    "harm myself",
    "cut myself",
    "cutting myself",
    "no reason to live",
    "better off dead",
    "better off without me",
    "overdose",
    "not want to be here anymore",
    "take my own life",
    "can't go on",
    "cannot go on",
]


def create(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    CrisisPhrase = apps.get_model("forum", "CrisisPhrase")
    for position, (slug, name, description, moderators_only, public) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "position": position * 10,
                "moderators_only_posting": moderators_only,
                "is_public": public,
            },
        )
    for phrase in CRISIS_PHRASES:
        CrisisPhrase.objects.get_or_create(phrase=phrase)


def remove(apps, schema_editor):
    apps.get_model("forum", "Category").objects.filter(
        slug__in=[c[0] for c in CATEGORIES], threads=None
    ).delete()
    apps.get_model("forum", "CrisisPhrase").objects.filter(phrase__in=CRISIS_PHRASES).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
