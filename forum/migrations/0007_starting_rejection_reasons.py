"""A starting list of rejection reasons, editable in the admin: each says what was wrong and what to do."""

from django.db import migrations

REASONS = [
    (
        "Names or identifies someone",
        "Your post names or could identify someone (a name, a workplace, a photo or a place). Please "
        "tell your story without details that point to a person, and post it again.",
    ),
    (
        "Personal contact details",
        "Your post includes contact details (a phone number, an e-mail, an address or a social media "
        "handle). For everyone's safety, please share it again without them.",
    ),
    (
        "Not supportive",
        "Your post could hurt or shame someone here. This is a place where people support each other: "
        "please say it again with kindness.",
    ),
    (
        "Spam or advertising",
        "Your post looks like advertising or spam, which this community does not allow.",
    ),
    (
        "Off-topic for this category",
        "Your post does not fit this category. You are welcome to post it again in a category that "
        "suits it better.",
    ),
]


def create(apps, schema_editor):
    RejectionReason = apps.get_model("forum", "RejectionReason")
    for position, (label, text) in enumerate(REASONS):
        RejectionReason.objects.get_or_create(label=label, defaults={"text": text, "position": position})


class Migration(migrations.Migration):
    dependencies = [("forum", "0006_rejection_reasons")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
