"""The crisis lines that were on the help page, as data, with the international fallback."""

import datetime

from django.db import migrations

# Taken from the help page as published on 24 November 2026; each source is where to check them.
PUBLISHED = datetime.date(2026, 11, 24)
LINES = [
    (
        "US",
        "988 Suicide & Crisis Lifeline",
        "988",
        "988",
        "https://988lifeline.org/",
        "24 hours, every day",
        "",
    ),
    ("CA", "Suicide Crisis Helpline", "988", "988", "https://988.ca/", "24 hours, every day", ""),
    ("GB", "Samaritans", "116 123", "", "https://www.samaritans.org/", "24 hours, every day, free", ""),
    (
        "IE",
        "Samaritans",
        "116 123",
        "",
        "https://www.samaritans.org/ireland/",
        "24 hours, every day, free",
        "",
    ),
    (
        "FR",
        "Numéro national de prévention du suicide",
        "3114",
        "",
        "https://3114.fr/",
        "24 hours, every day, free",
        "",
    ),
    (
        "DE",
        "TelefonSeelsorge",
        "0800 111 0 111",
        "",
        "https://www.telefonseelsorge.de/",
        "24 hours, every day, free",
        "If the line is busy: 0800 111 0 222",
    ),
    ("ES", "Línea 024", "024", "", "https://www.sanidad.gob.es/linea024/", "24 hours, every day, free", ""),
    ("AU", "Lifeline", "13 11 14", "", "https://www.lifeline.org.au/", "24 hours, every day", ""),
    ("NZ", "Need to talk?", "1737", "1737", "https://1737.org.nz/", "24 hours, every day, free", ""),
    ("IN", "Tele-MANAS", "14416", "", "https://telemanas.mohfw.gov.in/", "24 hours, every day, free", ""),
    (
        "",
        "Find A Helpline",
        "",
        "",
        "https://findahelpline.com/",
        "",
        "Free, confidential helplines in your country, checked and kept up to date",
    ),
]


def create(apps, schema_editor):
    CrisisLine = apps.get_model("safety", "CrisisLine")
    for position, (country, name, phone, text, url, hours, description) in enumerate(LINES):
        CrisisLine.objects.get_or_create(
            country=country,
            name=name,
            defaults={
                "phone": phone,
                "text": text,
                "url": url,
                "hours": hours,
                "description": description,
                "source_url": url,
                "checked_on": PUBLISHED,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
