"""What names the moved models by their app follows them from "people" to "skills".

- Django's content types (and so the admin's history and the model permissions) are
  renamed, not created again;
- the audit log and the submission keys name an object by "app.model": "people.skill" and
  "people.skillcategory" become "skills.skill" and "skills.skillcategory", so the audit
  page still reads their entries and filters them with the new ones. The entries' actions
  ("people.skill_merged", …) do not change.

Reversible: going back renames them to people again.
"""

from django.db import migrations

MODELS = ("skill", "skillcategory")


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
    for name in ("AuditEntry", "IdempotencyKey"):
        record = apps.get_model("core", name)
        for model in MODELS:
            record.objects.filter(object_type=f"{old}.{model}").update(
                object_type=f"{new}.{model}"
            )


def forwards(apps, schema_editor):
    _relabel(apps, "people", "skills")


def backwards(apps, schema_editor):
    _relabel(apps, "skills", "people")


class Migration(migrations.Migration):

    dependencies = [
        ('skills', '0001_skills_from_people'),
        ('people', '0007_skills_moved_to_skills_app'),
        ('core', '0003_idempotency_key'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
