"""Writes to the taxonomy: create, rename, merge (applications move), retire, restore; and
the reads built on them (resolve, choices). Each change leaves one audit entry."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import translation

from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ParticipantRole,
    Program,
    SkillDirection,
)
from bascule.skills import selectors, services
from bascule.skills.models import Skill, SkillCategory

SHARE, DEVELOP = SkillDirection.SHARE, SkillDirection.DEVELOP


def new_skill(actor, label: str, category_slug: str = "ai-data") -> Skill:
    return services.skill_create(
        actor=actor,
        label_fr=f"{label} (fr)",
        label_en=label,
        category=SkillCategory.objects.get(slug=category_slug),
    )


def new_application(employee, program=None) -> Application:
    program = program or Program.objects.create(
        name="Digital", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 6, 30)
    )
    return Application.objects.create(
        program=program, employee=employee, role=ParticipantRole.MENTOR
    )


def give(application, skill, direction, level) -> ApplicationSkill:
    return ApplicationSkill.objects.create(
        application=application, skill=skill, direction=direction, level=level
    )


def test_create_makes_a_code_from_the_english_label_and_audits(company):
    skill = new_skill(company.alice, "Excel macros")
    assert skill.slug == "excel-macros"
    entry = AuditEntry.objects.get(action="people.skill_created")
    assert entry.object_id == str(skill.pk)
    assert entry.actor == company.alice
    assert new_skill(company.alice, "Excel macros").slug == "excel-macros-2"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"label_fr": "  ", "label_en": "Something"}, "required"),
        ({"label_fr": "x" * 201, "label_en": "Something"}, "too_long"),
        ({"label_fr": "A", "label_en": "B", "slug": "prompt-writing"}, "slug_taken"),
        ({"label_fr": "A", "label_en": "B", "slug": "with space"}, "invalid_slug"),
    ],
)
def test_create_refuses_bad_input(company, fields, code):
    with pytest.raises(DomainError) as error:
        services.skill_create(actor=company.alice, category=None, **fields)
    assert error.value.code == code
    assert not AuditEntry.objects.filter(action="people.skill_created").exists()


def test_update_renames_and_refuses_a_stale_version(company):
    skill = Skill.objects.get(slug="prompt-writing")
    read_at = skill.updated_at
    strategy = SkillCategory.objects.get(slug="strategy")
    services.skill_update(
        actor=company.alice,
        skill=skill,
        label_fr="Écrire des prompts",
        label_en="Writing prompts",
        category=strategy,
        expected_updated_at=read_at,
    )
    skill.refresh_from_db()
    assert (skill.label_fr, skill.category) == ("Écrire des prompts", strategy)
    entry = AuditEntry.objects.get(action="people.skill_updated")
    assert entry.changes["label_en"] == ["Prompt writing", "Writing prompts"]
    assert entry.changes["category"] == ["ai-data", "strategy"]

    with pytest.raises(ConflictError):
        services.skill_update(
            actor=company.alice,
            skill=skill,
            label_fr="Autre",
            label_en="Other",
            category=strategy,
            expected_updated_at=read_at,
        )
    skill.refresh_from_db()
    assert skill.label_en == "Writing prompts"
    assert AuditEntry.objects.filter(action="people.skill_updated").count() == 1


def test_merge_moves_applications_and_keeps_the_higher_level(company):
    source = new_skill(company.alice, "ChatGPT")
    target = Skill.objects.get(slug="generative-ai-everyday")
    leas = new_application(company.lea)
    bernards = new_application(company.bernard, program=leas.program)
    give(leas, source, SHARE, 4)
    give(leas, target, SHARE, 2)  # same direction: the higher level (4) wins
    give(leas, source, DEVELOP, 1)  # Léa has no target to develop: the row moves
    give(bernards, source, DEVELOP, 1)
    give(bernards, target, DEVELOP, 3)  # the existing higher level (3) stays

    result = services.skill_merge(actor=company.alice, source=source, target=target)

    assert (result.moved, result.combined) == (1, 2)
    assert not ApplicationSkill.objects.filter(skill=source).exists()
    rows = {
        (row.application_id, row.direction): row.level
        for row in ApplicationSkill.objects.filter(skill=target)
    }
    assert rows == {
        (leas.pk, SHARE): 4,
        (leas.pk, DEVELOP): 1,
        (bernards.pk, DEVELOP): 3,
    }
    source.refresh_from_db()
    assert source.merged_into == target
    assert not source.is_usable
    entry = AuditEntry.objects.get(action="people.skill_merged")
    assert entry.changes == {
        "merged_into": "generative-ai-everyday",
        "applications_moved": 1,
        "applications_combined": 2,
    }


def test_merge_refuses_itself_a_merged_target_and_a_retired_target(company):
    a, b, c = (new_skill(company.alice, label) for label in ("A skill", "B skill", "C skill"))
    with pytest.raises(DomainError, match="into itself"):
        services.skill_merge(actor=company.alice, source=a, target=a)
    services.skill_merge(actor=company.alice, source=b, target=c)
    with pytest.raises(DomainError) as error:
        services.skill_merge(actor=company.alice, source=a, target=b)
    assert error.value.code == "target_merged"
    assert "C skill" in error.value.message
    with pytest.raises(DomainError) as error:
        services.skill_merge(actor=company.alice, source=b, target=a)
    assert error.value.code == "already_merged"
    services.skill_retire(actor=company.alice, skill=c)
    with pytest.raises(DomainError) as error:
        services.skill_merge(actor=company.alice, source=a, target=c)
    assert error.value.code == "target_retired"
    assert AuditEntry.objects.filter(action="people.skill_merged").count() == 1


def test_merging_a_skill_others_were_merged_into_redirects_them(company):
    a, b, c = (new_skill(company.alice, label) for label in ("A skill", "B skill", "C skill"))
    services.skill_merge(actor=company.alice, source=a, target=b)
    services.skill_merge(actor=company.alice, source=b, target=c)
    a.refresh_from_db()
    assert a.merged_into == c
    assert selectors.skill_resolve(a.pk) == c
    assert selectors.skill_resolve(b.pk) == c


def test_retired_skills_stay_on_applications_but_cannot_be_picked(company):
    skill = new_skill(company.alice, "Fax machines")
    give(new_application(company.lea), skill, SHARE, 2)
    services.skill_retire(actor=company.alice, skill=skill)
    assert ApplicationSkill.objects.filter(skill=skill).count() == 1
    assert selectors.skill_resolve(skill.pk) is None
    assert skill not in Skill.objects.usable()
    choices = [pk for _name, skills in selectors.skill_choices() for pk, _ in skills]
    assert skill.pk not in choices
    with pytest.raises(ConflictError):
        services.skill_retire(actor=company.alice, skill=skill)

    services.skill_restore(actor=company.alice, skill=skill)
    assert selectors.skill_resolve(skill.pk) == skill
    with pytest.raises(ConflictError):
        services.skill_restore(actor=company.alice, skill=skill)
    actions = list(
        AuditEntry.objects.filter(object_id=str(skill.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "people.skill_created",
        "people.skill_restored",
        "people.skill_retired",
    ]


def test_a_merged_skill_cannot_be_retired_or_restored(company):
    a, b = new_skill(company.alice, "A skill"), new_skill(company.alice, "B skill")
    services.skill_merge(actor=company.alice, source=a, target=b)
    for service in (services.skill_retire, services.skill_restore):
        with pytest.raises(DomainError) as error:
            service(actor=company.alice, skill=a)
        assert error.value.code == "already_merged"


def test_resolve_returns_none_for_an_unknown_id(db):
    assert selectors.skill_resolve(999999) is None


def test_choices_are_grouped_by_category_in_the_active_language(db):
    with translation.override("fr"):
        choices = selectors.skill_choices()
    assert choices[0][0] == "Outils numériques et collaboration"
    labels = dict(choices[0][1]).values()
    assert "Automatiser ses tableurs" in labels
    with translation.override("en"):
        choices = selectors.skill_choices()
    assert choices[0][0] == "Digital tools and collaboration"
    assert sum(len(skills) for _name, skills in choices) == Skill.objects.usable().count()


def test_the_list_searches_both_labels_ignoring_accents_and_counts_usage(company):
    skill = Skill.objects.get(slug="phishing-scams")
    give(new_application(company.lea), skill, DEVELOP, 1)
    found = list(selectors.skill_list(filters=selectors.SkillFilters(q="hamecon")))
    assert found == [skill]
    assert found[0].usage == 1
    assert list(selectors.skill_list(filters=selectors.SkillFilters(q="PHISHING")))
    ai = SkillCategory.objects.get(slug="ai-data")
    in_ai = selectors.skill_list(filters=selectors.SkillFilters(category_id=ai.pk))
    assert {s.category_id for s in in_ai} == {ai.pk}


def test_the_list_hides_retired_and_merged_skills_unless_asked(company):
    retired = new_skill(company.alice, "Old retired skill")
    services.skill_retire(actor=company.alice, skill=retired)
    merged = new_skill(company.alice, "Old merged skill")
    services.skill_merge(
        actor=company.alice, source=merged, target=Skill.objects.get(slug="negotiation")
    )
    default = set(selectors.skill_list())
    assert retired not in default and merged not in default
    everything = set(
        selectors.skill_list(
            filters=selectors.SkillFilters(include_retired=True, include_merged=True)
        )
    )
    assert {retired, merged} <= everything


def test_access_skill_is_for_hr_admins_only(company):
    skill = Skill.objects.get(slug="negotiation")
    assert selectors.access_skill(user=company.alice, skill_id=skill.pk) == skill
    for user in (company.paul, company.lea_user, company.sophie, company.oscar):
        with pytest.raises(Http404):
            selectors.access_skill(user=user, skill_id=skill.pk)
    with pytest.raises(Http404):
        selectors.access_skill(user=company.alice, skill_id=999999)
