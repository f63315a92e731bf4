"""The built-in taxonomy: loaded by migration 0004, bilingual, with stable unique codes."""

import importlib
from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from bascule.skills.models import Skill, SkillCategory
from bascule.skills.taxonomy import CATEGORIES, SKILLS

pytestmark = pytest.mark.django_db

migration = importlib.import_module("bascule.people.migrations.0004_builtin_skills")


def test_the_migration_loads_about_eighty_skills_in_twelve_categories():
    assert SkillCategory.objects.count() == 12
    assert 75 <= Skill.objects.filter(built_in=True).count() <= 90
    assert Skill.objects.filter(built_in=True).count() == len(SKILLS)
    per_category = Counter(Skill.objects.values_list("category__slug", flat=True))
    assert set(per_category) == {category.slug for category in CATEGORIES}
    assert all(6 <= count <= 8 for count in per_category.values()), per_category


def test_every_skill_has_both_labels_and_descriptions():
    for skill in Skill.objects.all():
        assert skill.label_fr.strip() and skill.label_en.strip(), skill.slug
        assert skill.description_fr.strip() and skill.description_en.strip(), skill.slug
        assert skill.is_usable


def test_codes_are_unique_and_valid_slugs():
    slugs = [skill.slug for skill in SKILLS]
    assert len(slugs) == len(set(slugs))
    assert all(slug == slug.lower() and " " not in slug for slug in slugs)
    assert {skill.category for skill in SKILLS} <= {category.slug for category in CATEGORIES}


def test_categories_come_in_the_order_written_with_both_names():
    categories = list(SkillCategory.objects.all())
    assert [category.slug for category in categories] == [c.slug for c in CATEGORIES]
    assert categories[1].name_fr == "Réseaux sociaux et marque personnelle"
    assert categories[1].name_en == "Social media and personal branding"


def test_the_french_is_written_with_its_accents():
    skill = Skill.objects.get(slug="phishing-scams")
    assert skill.label_fr == "Hameçonnage et arnaques"
    assert Skill.objects.get(slug="reading-financial-statements").label_fr == (
        "Lire des états financiers"
    )


def test_running_the_migration_again_creates_nothing_and_restores_the_texts():
    Skill.objects.filter(slug="prompt-writing").update(label_en="Changed by hand")
    before = Skill.objects.count()
    # The models as the migration knows them (they belonged to the people app then).
    state = MigrationLoader(connection).project_state(("people", "0004_builtin_skills"))
    migration.load_builtin_skills(state.apps, None)
    assert Skill.objects.count() == before
    assert SkillCategory.objects.count() == 12
    assert Skill.objects.get(slug="prompt-writing").label_en == "Prompt writing"
