"""Requirements: add, change, remove, each with its audit row; the reminder HR sends to the
people late, one e-mail each, once."""

import pytest
from django.core import mail

from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.testing import make_user
from bascule.training.models import Requirement
from bascule.training.requirements import services
from bascule.training.requirements.tests.conftest import make_cohort, progress
from bascule.training.tests.factories import make_module

pytestmark = pytest.mark.django_db

VALUES = {"role": "mentee", "due_days": 7, "anchor": "program_start", "gates_kickoff": True}


def test_add_change_remove_with_audit_rows(company, frozen, listening):
    program, _people = make_cohort(1)
    requirement = services.requirement_create(
        actor=company.alice, program=program, values={**VALUES, "module": listening}
    )
    assert requirement.gates_kickoff
    services.requirement_update(
        actor=company.alice,
        requirement=requirement,
        values={"due_days": 21, "anchor": "kickoff", "gates_kickoff": False},
    )
    requirement.refresh_from_db()
    assert (requirement.due_days, requirement.anchor) == (21, "kickoff")
    services.requirement_delete(actor=company.alice, requirement=requirement)
    assert not Requirement.objects.exists()
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "changes"))
    assert [a for a, _c in actions] == [
        "training.requirement_added",
        "training.requirement_changed",
        "training.requirement_removed",
    ]
    assert actions[1][1]["fields"] == ["due_days", "anchor", "gates_kickoff"]


def test_bad_values_and_duplicates_are_refused(company, frozen, listening):
    program, _people = make_cohort(1)
    draft = make_module("draft-module", publish=False)
    with pytest.raises(ValidationFailed) as refused:
        services.requirement_create(
            actor=company.alice,
            program=program,
            values={**VALUES, "module": draft, "role": "boss", "due_days": 10**12},
        )
    assert set(refused.value.errors) == {"module", "role", "due_days"}
    services.requirement_create(
        actor=company.alice, program=program, values={**VALUES, "module": listening}
    )
    with pytest.raises(ConflictError):
        services.requirement_create(
            actor=company.alice, program=program, values={**VALUES, "module": listening}
        )
    assert Requirement.objects.count() == 1


def test_the_reminder_goes_once_to_each_person_late(
    company, frozen, listening, django_capture_on_commit_callbacks
):
    program, people = make_cohort(3)
    for person in people:  # accounts to receive it
        make_user(person.email, "participant", employee=person)
    progress(people[0], listening, done=True)
    requirement = Requirement.objects.create(
        program=program, module=listening, role="mentee", due_days=3
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_overdue(actor=company.alice, requirement=requirement) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[1:])
    assert "active-listening (en)" in mail.outbox[0].subject
    with pytest.raises(ConflictError):
        services.remind_overdue(actor=company.alice, requirement=requirement)
    assert len(mail.outbox) == 2


def test_nobody_late_nothing_sent(company, frozen, listening):
    program, _people = make_cohort(2)
    requirement = Requirement.objects.create(
        program=program, module=listening, role="mentee", due_days=90
    )
    with pytest.raises(DomainError):
        services.remind_overdue(actor=company.alice, requirement=requirement)
