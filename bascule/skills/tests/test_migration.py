"""The taxonomy moved from the people app to the skills app without losing anything.

A database at the migrations before the move gets skills, categories, a merge and links
from the other apps (applications, goals) written with the models of that time; after
migrating forward, every skill and every link is still there, read through the new models,
and the records naming the models ("people.skill") follow them to "skills.skill".
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bascule.core.models import AuditEntry
from bascule.evaluations.models import SkillRating
from bascule.journey.models import Goal
from bascule.pairing.testing import make_running_program
from bascule.programs.models import ApplicationSkill
from bascule.skills.models import Skill, SkillCategory
from bascule.testing import make_company

pytestmark = pytest.mark.django_db(transaction=True)

# The last migration of each app before the move.
BEFORE = [
    ("people", "0006_employee_import_explicit_options_and_plan_digest"),
    ("programs", "0004_program_country"),
    ("journey", "0003_shared_note_edits"),
    ("evaluations", "0001_initial"),
    ("core", "0003_idempotency_key"),
    ("skills", None),
]


def _leaves(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


def _snapshot(apps, app_label: str) -> dict[str, object]:
    """Every skill, category and link, as plain values (comparable across the two states)."""
    skill = apps.get_model(app_label, "Skill")
    category = apps.get_model(app_label, "SkillCategory")
    goal = apps.get_model("journey", "Goal")
    return {
        "categories": sorted(category.objects.values_list("pk", "slug", "name_fr", "name_en")),
        "skills": sorted(
            skill.objects.values_list(
                "pk",
                "slug",
                "label_fr",
                "label_en",
                "category_id",
                "merged_into_id",
                "retired_at",
                "source_uri",
                "built_in",
            )
        ),
        "application_skills": sorted(
            apps.get_model("programs", "ApplicationSkill").objects.values_list(
                "pk", "application_id", "skill_id", "direction", "level"
            )
        ),
        "goal_skills": sorted(goal.skills.through.objects.values_list("goal_id", "skill_id")),
        "skill_ratings": sorted(
            apps.get_model("evaluations", "SkillRating").objects.values_list("pk", "skill_id")
        ),
    }


def test_a_database_from_before_the_move_keeps_every_skill_and_link():
    company = make_company()
    running = make_running_program(company)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        old = executor.loader.project_state([node for node in BEFORE if node[1]]).apps
        category = old.get_model("people", "SkillCategory").objects.create(
            slug="before-the-move", name_fr="Avant", name_en="Before", position=50
        )
        old_skill = old.get_model("people", "Skill")
        kept = old_skill.objects.create(
            slug="kept-skill", label_fr="Gardée", label_en="Kept", category=category
        )
        merged = old_skill.objects.create(
            slug="merged-skill", label_fr="Fusionnée", label_en="Merged", merged_into=kept
        )
        old_skill.objects.create(
            slug="retired-skill",
            label_fr="Retirée",
            label_en="Retired",
            retired_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
        )
        old.get_model("programs", "ApplicationSkill").objects.create(
            application_id=running.pair.mentee_application_id,
            skill=kept,
            direction="develop",
            level=3,
        )
        goal = old.get_model("journey", "Goal").objects.create(
            pair_id=running.pair.pk,
            direction="learning",
            title="Before the move",
            success_criteria="Kept",
            target_date=dt.date(2027, 6, 1),
        )
        goal.skills.add(kept, merged)
        old.get_model("core", "AuditEntry").objects.create(
            action="people.skill_merged",
            object_type="people.skill",
            object_id=str(merged.pk),
            object_repr="Merged",
        )
        before = _snapshot(old, "people")

        executor = MigrationExecutor(connection)
        executor.migrate(_leaves(executor))
        executor.loader.build_graph()
        new = executor.loader.project_state(_leaves(executor)).apps
        assert _snapshot(new, "skills") == before
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(_leaves(executor))

    # And through the application's own models.
    assert before["skills"] and before["application_skills"] and before["goal_skills"]
    assert Skill.objects.count() == len(before["skills"])
    assert SkillCategory.objects.get(slug="before-the-move").skills.get().slug == "kept-skill"
    assert Skill.objects.get(slug="merged-skill").merged_into.slug == "kept-skill"
    assert Skill.objects.get(slug="retired-skill").is_usable is False
    assert ApplicationSkill.objects.filter(skill__slug="kept-skill").count() == 1
    assert set(Goal.objects.get(title="Before the move").skills.values_list("slug", flat=True)) == {
        "kept-skill",
        "merged-skill",
    }
    assert SkillRating.objects.count() == len(before["skill_ratings"])
    entry = AuditEntry.objects.get(action="people.skill_merged", object_repr="Merged")
    assert (entry.object_type, entry.object_id) == ("skills.skill", str(merged.pk))
