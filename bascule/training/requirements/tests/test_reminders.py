"""The training reminders: due within 3 days, and overdue; each once, by the reminders
app's command, never to someone who completed the module."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from bascule.reminders.kinds import get_kind
from bascule.testing import make_user
from bascule.training.models import Requirement
from bascule.training.requirements.tests.conftest import make_cohort, progress

pytestmark = pytest.mark.django_db


def keys(code, now):
    return sorted(due.key for due in get_kind(code).due(now))


@pytest.fixture
def cohort(frozen, listening):
    program, people = make_cohort(2, starts_on=dt.date(2027, 1, 10))
    for person in people:
        make_user(person.email, "participant", employee=person)
    # Due on 22 January: two days after "now" (the 20th).
    requirement = Requirement.objects.create(
        program=program, module=listening, role="mentee", due_days=12
    )
    return requirement, people


def test_due_soon_then_overdue(cohort, listening):
    requirement, people = cohort
    progress(people[0], listening, done=True)
    now = dt.datetime(2027, 1, 20, 9, tzinfo=dt.UTC)
    assert keys("training_due", now) == [
        f"training_due:requirement{requirement.pk}:employee{people[1].pk}"
    ]
    assert keys("training_overdue", now) == []
    later = dt.datetime(2027, 1, 23, 9, tzinfo=dt.UTC)
    assert keys("training_due", later) == []
    assert keys("training_overdue", later) == [
        f"training_overdue:requirement{requirement.pk}:employee{people[1].pk}"
    ]


def test_the_pair_anchor(running, company, listening):
    Requirement.objects.create(
        program=running.program, module=listening, role="mentor", due_days=2, anchor="kickoff"
    )
    # The pairs were published on the 20th: due on the 22nd.
    now = dt.datetime(2027, 1, 20, 9, tzinfo=dt.UTC)
    assert any(key.endswith(f"employee{company.lea.pk}") for key in keys("training_due", now))
    assert keys("training_overdue", now) == []
    assert any(
        key.endswith(f"employee{company.lea.pk}")
        for key in keys("training_overdue", dt.datetime(2027, 1, 23, 9, tzinfo=dt.UTC))
    )


def test_the_command_sends_each_once(cohort, frozen):
    mail.outbox.clear()
    call_command("send_reminders", kind=["training_due"], stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert "is due soon" in mail.outbox[0].subject
    call_command("send_reminders", kind=["training_due"], stdout=io.StringIO())
    assert len(mail.outbox) == 2
    with time_machine.travel(dt.datetime(2027, 1, 25, 9, tzinfo=dt.UTC), tick=False):
        call_command("send_reminders", kind=["training_overdue"], stdout=io.StringIO())
        call_command("send_reminders", kind=["training_overdue"], stdout=io.StringIO())
    assert len(mail.outbox) == 4
    assert "is overdue" in mail.outbox[-1].subject
