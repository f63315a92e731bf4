"""The skills taxonomy now belongs to the skills app (bascule/skills): people forgets the
models, and the tables stay where they are, with their rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0006_employee_import_explicit_options_and_plan_digest'),
        ('skills', '0001_skills_from_people'),
        # Every foreign key to the skills points at the skills app before people lets go.
        ('programs', '0005_application_skill_from_skills_app'),
        ('journey', '0004_goal_skills_from_skills_app'),
        ('evaluations', '0002_skill_rating_from_skills_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Skill'),
                migrations.DeleteModel(name='SkillCategory'),
            ],
            database_operations=[],
        ),
    ]
