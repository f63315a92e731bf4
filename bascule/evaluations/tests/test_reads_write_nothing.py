"""Reading writes nothing: the surveys exist once the program has moved on (its publication
here), and no page, API read or home page creates a survey or an audit entry."""

import pytest
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.evaluations.models import Survey, SurveyKind
from bascule.pairing.testing import make_matching_program
from bascule.programs.models import ProgramStatus
from bascule.programs.services import program_transition

pytestmark = pytest.mark.django_db

BASE = "/api/evaluations"


def counts() -> tuple[int, int]:
    return Survey.objects.count(), AuditEntry.objects.count()


def test_a_published_program_has_its_surveys(running):
    kinds = set(Survey.objects.filter(program=running.program).values_list("kind", flat=True))
    assert kinds == set(SurveyKind.values)
    created = AuditEntry.objects.filter(action="evaluations.survey_created")
    assert created.count() == len(SurveyKind.values)


def test_no_read_creates_a_survey_or_an_audit_entry(client, company, running):
    surveys = {s.kind: s for s in Survey.objects.filter(program=running.program)}
    before = counts()
    client.force_login(company.alice)
    hr_urls = [
        reverse("home:home"),
        reverse("evaluations:program_surveys", args=[running.program.pk]),
        *(reverse("evaluations:survey_edit", args=[s.pk]) for s in surveys.values()),
        *(reverse("evaluations:survey_results", args=[s.pk]) for s in surveys.values()),
        f"{BASE}/programs/{running.program.pk}/surveys",
        *(f"{BASE}/surveys/{s.pk}/results" for s in surveys.values()),
    ]
    for url in hr_urls:
        assert client.get(url).status_code == 200, url
    client.force_login(company.bernard_user)
    member_urls = [
        reverse("home:home"),
        reverse("evaluations:answer", args=[surveys["baseline"].pk, running.pair.pk]),
        f"{BASE}/mine",
        f"{BASE}/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}",
    ]
    for url in member_urls:
        assert client.get(url).status_code == 200, url
    assert counts() == before


def test_a_program_gets_its_surveys_when_it_moves_on_not_when_read(client, company):
    program = make_matching_program(company).program
    client.force_login(company.alice)
    before = counts()
    page = client.get(reverse("evaluations:program_surveys", args=[program.pk]))
    assert page.status_code == 200
    assert client.get(f"{BASE}/programs/{program.pk}/surveys").json() == []
    assert counts() == before
    program_transition(
        actor=company.alice,
        program=program,
        to_status=ProgramStatus.ENROLLING,
        version=program.version,
    )
    assert Survey.objects.filter(program=program).count() == len(SurveyKind.values)
