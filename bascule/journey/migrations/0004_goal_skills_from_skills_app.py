"""Goal.skills now points at skills.Skill: the same table, so only Django's view of the
relation changes (the link table and its rows stay)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journey', '0003_shared_note_edits'),
        ('skills', '0001_skills_from_people'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='goal',
                    name='skills',
                    field=models.ManyToManyField(blank=True, related_name='journey_goals', to='skills.skill', verbose_name='skills'),
                ),
            ],
            database_operations=[],
        ),
    ]
