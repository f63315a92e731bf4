"""Load the built-in bilingual skills taxonomy (bascule/people/skill_taxonomy.py).

Idempotent: categories and skills are matched by slug and updated, so running it on a
database that already has some of them creates nothing twice. Reversing it keeps the data.
"""

from django.db import migrations


def load_builtin_skills(apps, schema_editor):
    from bascule.people.skill_taxonomy import CATEGORIES, SKILLS

    SkillCategory = apps.get_model("people", "SkillCategory")
    Skill = apps.get_model("people", "Skill")
    categories = {}
    for position, category in enumerate(CATEGORIES, start=1):
        categories[category.slug], _created = SkillCategory.objects.update_or_create(
            slug=category.slug,
            defaults={
                "name_fr": category.name_fr,
                "name_en": category.name_en,
                "position": position,
            },
        )
    for skill in SKILLS:
        Skill.objects.update_or_create(
            slug=skill.slug,
            defaults={
                "category": categories[skill.category],
                "label_fr": skill.label_fr,
                "label_en": skill.label_en,
                "description_fr": skill.description_fr,
                "description_en": skill.description_en,
                "built_in": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_skills_taxonomy"),
    ]

    operations = [
        migrations.RunPython(load_builtin_skills, migrations.RunPython.noop),
    ]
