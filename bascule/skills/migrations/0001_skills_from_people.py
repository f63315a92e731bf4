"""The skills taxonomy moves from the people app to its own app, without moving any data.

Only Django's view of the models changes: the tables stay `people_skill` and
`people_skillcategory`, with their rows, and the people app forgets them in its migration
0007 (after programs, journey and evaluations point their foreign keys here).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('people', '0006_employee_import_explicit_options_and_plan_digest'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SkillCategory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=64, unique=True, verbose_name='code')),
                        ('name_fr', models.CharField(max_length=120, verbose_name='name (French)')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                    ],
                    options={
                        'verbose_name': 'skill category',
                        'verbose_name_plural': 'skill categories',
                        'db_table': 'people_skillcategory',
                        'ordering': ['position', 'slug'],
                    },
                ),
                migrations.CreateModel(
                    name='Skill',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='code')),
                        ('label_fr', models.CharField(max_length=200, verbose_name='label (French)')),
                        ('label_en', models.CharField(max_length=200, verbose_name='label (English)')),
                        ('description_fr', models.TextField(blank=True, verbose_name='description (French)')),
                        ('description_en', models.TextField(blank=True, verbose_name='description (English)')),
                        ('source_uri', models.CharField(blank=True, max_length=255, verbose_name='source URI')),
                        ('built_in', models.BooleanField(default=False, verbose_name='built in')),
                        ('retired_at', models.DateTimeField(blank=True, null=True, verbose_name='retired')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('merged_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='skills.skill', verbose_name='merged into')),
                        ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='skills', to='skills.skillcategory', verbose_name='category')),
                    ],
                    options={
                        'verbose_name': 'skill',
                        'verbose_name_plural': 'skills',
                        'db_table': 'people_skill',
                        'ordering': ['category__position', 'label_en', 'id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('merged_into', models.F('id')), _negated=True), name='skill_not_merged_into_itself')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
