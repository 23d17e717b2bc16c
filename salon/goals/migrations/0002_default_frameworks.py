"""Communities that existed before goals get their copy of the default framework; new
communities get theirs when they are created (``GoalsConfig``)."""

from django.db import migrations

from salon.goals.framework import DEFAULT_COMPETENCIES


def give_each_community_the_default_framework(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Competency = apps.get_model("goals", "Competency")
    for community_id in Community.objects.values_list("pk", flat=True).iterator():
        Competency.objects.bulk_create(
            [
                Competency(community_id=community_id, name=name, description=text, position=n)
                for n, (name, text) in enumerate(DEFAULT_COMPETENCIES, start=1)
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial"), ("communities", "0002_membership_joined_index")]

    operations = [
        migrations.RunPython(give_each_community_the_default_framework, migrations.RunPython.noop)
    ]
