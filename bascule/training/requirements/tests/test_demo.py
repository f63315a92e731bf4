"""The demo's requirements: the pilot's modules when the catalog is installed, nothing (and
no error) when it is not."""

import pytest

from bascule.training.models import Requirement
from bascule.training.requirements.demo import require_pilot_training
from bascule.training.requirements.tests.conftest import make_cohort
from bascule.training.tests.factories import make_module

pytestmark = pytest.mark.django_db


def test_without_the_catalog_nothing_is_required(frozen):
    program, _people = make_cohort(1)
    assert require_pilot_training(program=program) == 0


def test_with_the_catalog(frozen):
    for slug in (
        "reverse-mentoring",
        "mentoring-a-senior-colleague",
        "learning-from-a-junior-colleague",
        "active-listening",
        "feedback",
    ):
        make_module(slug)
    program, _people = make_cohort(1)
    assert require_pilot_training(program=program) == 7
    assert require_pilot_training(program=program) == 7  # run twice: nothing more
    gated = Requirement.objects.filter(gates_kickoff=True)
    assert sorted(r.role for r in gated) == ["mentee", "mentor"]
    assert {r.module.slug for r in gated} == {"active-listening"}
    assert {r.due_days for r in Requirement.objects.all()} == {21}
