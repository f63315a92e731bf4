"""Load the built-in bilingual skills taxonomy (bascule/skills/taxonomy.py).

Idempotent: categories and skills are matched by slug and updated, so running it on a
database that already has some of them creates nothing twice. Reversing it keeps the data.
"""

from django.db import migrations


def load_builtin_skills(apps, schema_editor):
    from bascule.skills.taxonomy import install

    install(apps.get_model("people", "SkillCategory"), apps.get_model("people", "Skill"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_skills_taxonomy"),
    ]

    operations = [
        migrations.RunPython(load_builtin_skills, migrations.RunPython.noop),
    ]
