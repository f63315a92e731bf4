"""Training's personal data: the person's own export has their reflections and answers;
HR's never has a reflection's text nor the answers; an erasure deletes them."""

import pytest
from django.utils import timezone

from bascule.privacy.base import Audience, Person
from bascule.training import privacy, services
from bascule.training.models import Progress, QuizAttempt, Reflection
from bascule.training.tests.factories import make_module

pytestmark = pytest.mark.django_db


def completed_with_a_reflection(company):
    module = make_module()
    for number in (1, 2):
        services.section_read(actor=company.lea_user, module=module, number=number)
    services.quiz_submit(
        actor=company.lea_user, module=module, version_id=module.published_id, answers=[[0], [0]]
    )
    services.reflection_save(
        actor=company.lea_user,
        module=module,
        private_text="SECRET-REFLECTION",
        will_try="TRY-THIS",
        pair_id=None,
    )
    return module


def test_my_export_has_everything_hrs_no_text(company):
    completed_with_a_reflection(company)
    person = Person.of(employee=company.lea)
    mine = str(privacy.export(person, audience=Audience.SELF))
    assert "SECRET-REFLECTION" in mine and "TRY-THIS" in mine and "'answers'" in mine
    hrs = str(privacy.export(person, audience=Audience.HR))
    assert "SECRET-REFLECTION" not in hrs and "TRY-THIS" not in hrs and "'answers'" not in hrs
    assert "best_score" in hrs  # the progress itself is HR's to read


def test_an_erasure_deletes_reflections_and_answers_and_keeps_progress(company):
    completed_with_a_reflection(company)
    person = Person.of(employee=company.lea)
    assert len(privacy.erasure_plan(person).erase) == 2
    changed = privacy.anonymise(person, actor=company.alice, now=timezone.now())
    assert changed == {
        "training_reflections": 1,
        "training_answers": 1,
        "training_behaviours": 0,
        "training_drills": 0,
    }
    assert not Reflection.objects.exists()
    assert QuizAttempt.objects.get().answers == []
    assert Progress.objects.get().best_score == 100
    assert privacy.anonymise(person, actor=company.alice, now=timezone.now()) == {
        "training_reflections": 0,
        "training_answers": 0,
        "training_behaviours": 0,
        "training_drills": 0,
    }
