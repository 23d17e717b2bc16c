"""Competencies of the default framework that communities already have get its behaviours
and proficiency levels; each community's framework starts at version 1."""

from django.db import migrations
from django.db.models import Count

from salon.goals.framework import default_framework


def give_default_competencies_behaviours_and_levels(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Competency = apps.get_model("goals", "Competency")
    Behaviour = apps.get_model("goals", "Behaviour")
    ProficiencyLevel = apps.get_model("goals", "ProficiencyLevel")
    FrameworkVersion = apps.get_model("goals", "FrameworkVersion")
    framework = default_framework()
    defaults = framework.by_name()
    for community_id in Community.objects.values_list("pk", flat=True).iterator():
        competencies = Competency.objects.filter(
            community_id=community_id, name__in=list(defaults)
        ).annotate(behaviour_count=Count("behaviours", distinct=True), level_count=Count("levels"))
        behaviours, levels = [], []
        for competency in competencies:
            default = defaults[competency.name]
            if not competency.behaviour_count:
                behaviours += [
                    Behaviour(competency_id=competency.pk, text=text, position=n)
                    for n, text in enumerate(default.behaviours, start=1)
                ]
            if not competency.level_count:
                levels += [
                    ProficiencyLevel(
                        competency_id=competency.pk, rank=n, name=name, description=text
                    )
                    for n, (name, text) in enumerate(default.levels, start=1)
                ]
        Behaviour.objects.bulk_create(behaviours)
        ProficiencyLevel.objects.bulk_create(levels, ignore_conflicts=True)
        if not FrameworkVersion.objects.filter(community_id=community_id).exists():
            FrameworkVersion.objects.create(
                community_id=community_id,
                number=1,
                summary="Behaviours and proficiency levels added to the default competencies.",
            )


class Migration(migrations.Migration):
    dependencies = [("goals", "0004_behaviour_proficiency_level_framework_version")]

    operations = [
        migrations.RunPython(
            give_default_competencies_behaviours_and_levels, migrations.RunPython.noop
        )
    ]
