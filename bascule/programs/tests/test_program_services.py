"""Program services: templates, validation, settings, lifecycle, duplication.

The company (bascule/testing.py): Léa is level 2 (Marketing), Bernard level 6 (Finance),
the two directors level 7, the CEO level 8. Alice is HR admin, Paul a program manager.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.programs import selectors, services, templates_catalog
from bascule.programs.models import (
    Application,
    Invitation,
    ParticipantRole,
    Program,
    ProgramKind,
    ProgramStatus,
)


def future(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def dates() -> dict:
    return {"starts_on": future(60), "ends_on": future(240), "enrollment_closes_on": future(30)}


def make_program(company, **values) -> Program:
    program = services.program_create(
        actor=company.alice,
        values={
            "name": "Pilot",
            **dates(),
            "mentor_max_level": 3,
            "mentee_min_level": 5,
            "min_level_gap": 2,
            **values,
        },
    )
    program.managers.add(company.paul)
    return program


def audit_actions(program: Program) -> list[str]:
    return list(selectors.program_history(program=program).values_list("action", flat=True))


# --- Templates --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["reverse-digital", "reciprocal"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_template_is_complete_in_both_languages(key, language):
    fields = templates_catalog.template_fields(key, language=language)
    assert fields["name"] and fields["description"]
    assert 4 <= len(fields["objectives"]) <= 6
    charter = fields["charter"]
    words = {
        "fr": [
            "Confidentialité",
            "Rythme",
            "Respect mutuel",
            "Aucune évaluation",
            "Droit d'arrêter",
            "Données",
        ],
        "en": [
            "Confidentiality",
            "Cadence",
            "Mutual respect",
            "No evaluation",
            "Right to stop",
            "Data",
        ],
    }[language]
    for word in words:
        assert word in charter
    assert "starts_on" not in fields and "ends_on" not in fields


def test_the_templates_say_the_same_thing_in_both_languages():
    for key in templates_catalog.TEMPLATES:
        fr = templates_catalog.template_fields(key, language="fr")
        en = templates_catalog.template_fields(key, language="en")
        assert fr["name"] != en["name"]
        assert len(fr["objectives"]) == len(en["objectives"])
        assert {
            k: v for k, v in fr.items() if k not in ("name", "description", "objectives", "charter")
        } == {
            k: v for k, v in en.items() if k not in ("name", "description", "objectives", "charter")
        }


def test_the_reverse_digital_template_fills_in_the_rule_and_cadence(company):
    company.alice.language = "fr"
    program = services.program_create(
        actor=company.alice, template="reverse-digital", values=dates()
    )
    assert program.name == "Mentorat inversé — numérique et nouvelles tendances"
    assert program.template == "reverse-digital"
    assert program.kind == ProgramKind.REVERSE
    assert (program.meeting_every_weeks, program.meeting_minutes) == (2, 45)
    assert program.checkin_every_weeks == 4
    assert program.mentor_capacity == 1
    assert (program.mentor_max_level, program.mentor_max_experience_years) == (3, 5)
    assert (program.mentee_min_level, program.min_level_gap) == (6, 3)
    assert program.status == ProgramStatus.DRAFT
    assert program.created_by == company.alice


def test_the_reciprocal_template_in_english_on_request(company):
    company.alice.language = "fr"
    program = services.program_create(
        actor=company.alice, template="reciprocal", language="en", values=dates()
    )
    assert program.name == "Reciprocal mentoring"
    assert program.kind == ProgramKind.RECIPROCAL
    assert (program.mentor_max_level, program.mentee_min_level, program.min_level_gap) == (4, 5, 2)


def test_the_values_given_override_the_template(company):
    program = services.program_create(
        actor=company.alice,
        template="reverse-digital",
        values={**dates(), "name": "Digital 2027", "min_level_gap": 1, "objectives": [" A ", ""]},
    )
    assert program.name == "Digital 2027"
    assert program.min_level_gap == 1
    assert program.objectives == ["A"]
    assert program.mentor_max_level == 3


def test_an_unknown_template_is_refused(company):
    with pytest.raises(DomainError) as caught:
        services.program_create(actor=company.alice, template="nope", values=dates())
    assert "nope" in caught.value.message
    assert not Program.objects.exists()


# --- Creation and validation -----------------------------------------------------------------


def test_creating_is_for_hr_admins_only(company):
    for user in (company.paul, company.sophie, company.lea_user):
        with pytest.raises(PermissionDenied):
            services.program_create(actor=user, values={"name": "X", **dates()})
    assert not Program.objects.exists()


def test_creation_is_audited_with_managers_and_departments(company):
    program = services.program_create(
        actor=company.alice,
        values={
            "name": "Pilot",
            **dates(),
            "managers": [company.paul.pk],
            "mentor_departments": [company.marketing],
        },
    )
    assert list(program.managers.all()) == [company.paul]
    assert list(program.mentor_departments.all()) == [company.marketing]
    entry = AuditEntry.objects.get(action="program.created")
    assert entry.object_id == str(program.pk)
    assert entry.actor == company.alice


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ends_on": future(10)}, "ends_on", "The end date must be on or after the start date."),
        (
            {"enrollment_closes_on": future(300)},
            "enrollment_closes_on",
            "Enrollment must close on or before the end date of the program.",
        ),
        ({"starts_on": dt.date(1999, 12, 31)}, "starts_on", "check the year"),
        ({"ends_on": dt.date(2101, 1, 1)}, "ends_on", "check the year"),
        ({"languages": ["fr", "xx"]}, "languages", "xx"),
        ({"min_level_gap": 8}, "min_level_gap", "between 0 and 7"),
        ({"mentor_max_level": 9}, "mentor_max_level", "from 1 to 8"),
        ({"mentor_capacity": 0}, "mentor_capacity", "between 1 and 10"),
        ({"name": "  "}, "name", "Name is required."),
        ({"managers": [999999]}, "managers", "program manager role"),
    ],
)
def test_bad_settings_are_refused_field_by_field(company, values, field, message):
    with pytest.raises(ValidationFailed) as caught:
        services.program_create(actor=company.alice, values={"name": "X", **dates(), **values})
    assert field in caught.value.errors
    assert message in " ".join(caught.value.errors[field])
    assert message in caught.value.message
    assert not Program.objects.exists()


def test_a_participant_cannot_be_named_manager(company):
    with pytest.raises(ValidationFailed) as caught:
        services.program_create(
            actor=company.alice, values={"name": "X", **dates(), "managers": [company.lea_user.pk]}
        )
    assert "managers" in caught.value.errors


# --- Update ---------------------------------------------------------------------------------


def test_an_update_changes_only_what_is_given_and_is_audited(company):
    program = make_program(company)
    updated = services.program_update(
        actor=company.paul,
        program=program,
        version=program.version,
        values={"name": "Pilot 2", "meeting_minutes": 60},
    )
    assert (updated.name, updated.meeting_minutes, updated.version) == ("Pilot 2", 60, 2)
    entry = AuditEntry.objects.get(action="program.updated")
    assert entry.changes == {
        "name": {"old": "Pilot", "new": "Pilot 2"},
        "meeting_minutes": {"old": 45, "new": 60},
    }


def test_an_update_from_a_stale_version_is_a_conflict(company):
    program = make_program(company)
    services.program_update(actor=company.alice, program=program, version=1, values={"name": "A"})
    with pytest.raises(ConflictError) as caught:
        services.program_update(
            actor=company.paul, program=program, version=1, values={"name": "B"}
        )
    assert caught.value.status_code == 409
    assert "Someone else changed this program" in caught.value.message
    program.refresh_from_db()
    assert program.name == "A"


def test_an_update_checks_dates_against_the_stored_ones(company):
    program = make_program(company)
    with pytest.raises(ValidationFailed) as caught:
        services.program_update(
            actor=company.paul,
            program=program,
            version=program.version,
            values={"ends_on": future(1)},
        )
    assert "ends_on" in caught.value.errors


def test_only_hr_changes_the_managers(company):
    program = make_program(company)
    with pytest.raises(PermissionDenied):
        services.program_update(
            actor=company.paul, program=program, version=program.version, values={"managers": []}
        )
    # Sending the same managers is no change.
    services.program_update(
        actor=company.paul,
        program=program,
        version=program.version,
        values={"managers": [company.paul.pk], "name": "Same managers"},
    )


def test_the_rule_and_capacity_are_frozen_from_matching_on(company):
    program = make_program(company)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.MATCHING)
    program.refresh_from_db()
    for values in (
        {"mentor_max_level": 4},
        {"mentor_capacity": 2},
        {"mentee_departments": [company.finance.pk]},
    ):
        with pytest.raises(DomainError) as caught:
            services.program_update(
                actor=company.alice, program=program, version=program.version, values=values
            )
        assert caught.value.code == "frozen"
    updated = services.program_update(
        actor=company.alice,
        program=program,
        version=program.version,
        values={"description": "Now matching", "mentor_max_level": 3},
    )
    assert updated.description == "Now matching"


def test_a_closed_program_cannot_change(company):
    program = make_program(company)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.CLOSED)
    program.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        services.program_update(
            actor=company.alice, program=program, version=program.version, values={"name": "Z"}
        )
    assert caught.value.code == "closed"


# --- Lifecycle -------------------------------------------------------------------------------


def test_opening_enrollment_is_audited_with_from_and_to(company):
    program = make_program(company)
    moved = services.program_transition(
        actor=company.paul, program=program, to_status=ProgramStatus.ENROLLING, version=1
    )
    assert moved.status == ProgramStatus.ENROLLING
    assert moved.status_changed_at is not None
    assert moved.version == 2
    entry = AuditEntry.objects.get(action="program.transition")
    assert entry.changes == {"from": "draft", "to": "enrolling"}
    assert entry.actor == company.paul
    assert audit_actions(program) == ["program.transition", "program.created"]


def test_the_whole_lifecycle_and_its_steps_back(company):
    program = make_program(company)
    steps = [
        "enrolling",
        "draft",
        "enrolling",
        "matching",
        "enrolling",
        "matching",
        "running",
        "closed",
    ]
    for step in steps:
        program = services.program_transition(
            actor=company.alice, program=program, to_status=step, version=program.version
        )
    assert program.status == ProgramStatus.CLOSED
    history = selectors.program_history(program=program).filter(action="program.transition")
    assert [entry.changes["to"] for entry in history] == list(reversed(steps))


def test_a_move_not_allowed_names_the_current_status(company):
    program = make_program(company)
    with pytest.raises(DomainError) as caught:
        services.program_transition(
            actor=company.alice, program=program, to_status=ProgramStatus.RUNNING, version=1
        )
    assert caught.value.message == (
        "This program is Draft: it cannot move to Running. It can move to: Enrolling."
    )
    assert not AuditEntry.objects.filter(action="program.transition").exists()


def test_a_closed_program_cannot_move(company):
    program = make_program(company)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.CLOSED)
    program.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        services.program_transition(
            actor=company.alice, program=program, to_status="draft", version=program.version
        )
    assert "Closed" in caught.value.message
    assert "can no longer change" in caught.value.message


def test_a_transition_from_a_stale_version_is_a_conflict(company):
    program = make_program(company)
    services.program_transition(
        actor=company.alice, program=program, to_status="enrolling", version=1
    )
    with pytest.raises(ConflictError):
        services.program_transition(
            actor=company.paul, program=program, to_status="matching", version=1
        )


def test_enrollment_cannot_open_when_nobody_fits_a_side(company):
    program = make_program(company, mentor_max_level=1, min_level_gap=0)
    with pytest.raises(DomainError) as caught:
        services.program_transition(
            actor=company.alice, program=program, to_status="enrolling", version=1
        )
    message = caught.value.message
    assert "Nobody in the directory fits the rule for mentors" in message
    assert "eligible mentors: 0, eligible mentees: 4" in message
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT


def test_enrollment_cannot_open_when_no_pair_meets_the_gap(company):
    # Léa (level 2) is the only mentor; the highest mentee is the CEO (8): a gap of 6 at most.
    program = make_program(company, min_level_gap=7)
    with pytest.raises(DomainError) as caught:
        services.program_transition(
            actor=company.alice, program=program, to_status="enrolling", version=1
        )
    assert "No eligible mentor is 7 levels below an eligible mentee" in caught.value.message
    assert "eligible mentors: 1, eligible mentees: 4" in caught.value.message


def test_enrollment_cannot_open_once_its_dates_have_passed(company):
    program = make_program(company)
    Program.objects.filter(pk=program.pk).update(
        starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 6, 1), enrollment_closes_on=None
    )
    program.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        services.program_transition(
            actor=company.alice, program=program, to_status="enrolling", version=1
        )
    assert "end date has passed" in caught.value.message


def test_the_rule_population_counts_the_directory(company):
    program = make_program(company, mentor_departments=[company.finance.pk])
    population = selectors.rule_population(program=program)
    assert (population.mentors, population.mentees) == (0, 4)
    assert population.empty_side
    company.lea.left_on = dt.date(2024, 1, 1)
    company.lea.save()
    program = make_program(company)
    population = selectors.rule_population(program=program)
    assert (population.mentors, population.mentees, population.gap_possible) == (0, 4, False)


# --- Duplicate -------------------------------------------------------------------------------


def test_a_copy_is_a_new_draft_with_the_same_settings(company):
    program = make_program(company, mentee_departments=[company.finance.pk], languages=["fr", "de"])
    program = services.program_transition(
        actor=company.alice, program=program, to_status="enrolling", version=1
    )
    Application.objects.create(program=program, employee=company.lea, role=ParticipantRole.MENTOR)
    Invitation.objects.create(program=program, employee=company.bernard, token="t1")
    copy = services.program_duplicate(actor=company.alice, program=program)
    assert copy.pk != program.pk
    assert copy.name == "Copy of Pilot"
    assert copy.status == ProgramStatus.DRAFT
    assert copy.version == 1
    assert (copy.mentor_max_level, copy.mentee_min_level, copy.min_level_gap) == (3, 5, 2)
    assert copy.languages == ["fr", "de"]
    assert list(copy.managers.all()) == [company.paul]
    assert list(copy.mentee_departments.all()) == [company.finance]
    assert not copy.applications.exists() and not copy.invitations.exists()
    entry = AuditEntry.objects.get(action="program.duplicated")
    assert entry.object_id == str(copy.pk)
    assert entry.changes["source_id"] == program.pk


def test_a_copy_keeps_the_matching_settings(company):
    program = make_program(company)
    Program.objects.filter(pk=program.pk).update(
        matching_weights={"mentor_can_help": 3.0, "career_gap": 0.0},
        reporting_line_depth=None,
        forbid_same_manager=True,
        prefer_different_department=False,
        allow_previous_pairs=True,
        self_match=True,
    )
    program.refresh_from_db()
    copy = services.program_duplicate(actor=company.alice, program=program)
    copy.refresh_from_db()
    assert copy.matching_weights == {"mentor_can_help": 3.0, "career_gap": 0.0}
    assert copy.reporting_line_depth is None
    assert copy.forbid_same_manager and copy.allow_previous_pairs and copy.self_match
    assert not copy.prefer_different_department
    # The copy's weights are its own: changing them leaves the source as it was.
    copy.matching_weights["mentor_can_help"] = 1.0
    copy.save()
    program.refresh_from_db()
    assert program.matching_weights["mentor_can_help"] == 3.0


def test_a_copy_is_named_in_the_actors_language(company):
    company.alice.language = "fr"
    program = make_program(company)
    copy = services.program_duplicate(actor=company.alice, program=program)
    with translation.override("fr"):
        expected = translation.gettext("Copy of %(name)s") % {"name": "Pilot"}
    assert copy.name == expected


def test_copying_is_for_hr_admins_only(company):
    program = make_program(company)
    with pytest.raises(PermissionDenied):
        services.program_duplicate(actor=company.paul, program=program)
    assert Program.objects.count() == 1
