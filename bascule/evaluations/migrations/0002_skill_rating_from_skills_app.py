"""SkillRating.skill now points at skills.Skill: the same table, so only Django's view of
the foreign key changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0001_initial'),
        ('skills', '0001_skills_from_people'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='skillrating',
                    name='skill',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='skills.skill', verbose_name='skill'),
                ),
            ],
            database_operations=[],
        ),
    ]
