from django.db import migrations

FORMATS = [
    ("webinar", "Webinar"),
    ("workshop", "Workshop"),
    ("roundtable", "Roundtable"),
    ("meeting", "Meeting"),
    ("office-hours", "Office hours"),
    ("brainstorm", "Brainstorm"),
    ("hackathon", "Hackathon"),
]


def add_formats(apps, schema_editor):
    EventFormat = apps.get_model("events", "EventFormat")
    for slug, name in FORMATS:
        EventFormat.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(add_formats, migrations.RunPython.noop)]
