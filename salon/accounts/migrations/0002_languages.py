from django.db import migrations


def add_languages(apps, schema_editor):
    from salon.accounts.languages import LANGUAGES

    Language = apps.get_model("accounts", "Language")
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
