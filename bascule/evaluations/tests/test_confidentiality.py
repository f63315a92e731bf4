"""A member's answers are read by their author only: HR, the program manager, a superuser,
the sponsor and the partner never see one, by page, API, admin or audit log."""

import pytest
from django.contrib import admin
from django.urls import reverse

from bascule.accounts.models import Role
from bascule.core.models import AuditEntry
from bascule.evaluations.models import Answer, Response, SkillRating
from bascule.evaluations.tests.helpers import answer
from bascule.testing import make_user

pytestmark = pytest.mark.django_db

SECRET = "My manager never lets me attend"


@pytest.fixture
def answered(company, running, surveys):
    return answer(surveys["baseline"], running.pair, company.bernard_user, text=SECRET)


def urls(running, surveys) -> list[str]:
    baseline = surveys["baseline"]
    pair = running.pair
    return [
        reverse("evaluations:program_surveys", args=[running.program.pk]),
        reverse("evaluations:survey_edit", args=[baseline.pk]),
        reverse("evaluations:survey_results", args=[baseline.pk]),
        reverse("evaluations:answer", args=[baseline.pk, pair.pk]),
        reverse("home:home"),
        reverse("core:audit_log"),
        f"/api/evaluations/programs/{running.program.pk}/surveys",
        f"/api/evaluations/surveys/{baseline.pk}/results",
        f"/api/evaluations/surveys/{baseline.pk}/pairs/{pair.pk}",
        "/api/evaluations/mine",
        reverse("admin:evaluations_survey_change", args=[baseline.pk]),
        reverse("admin:evaluations_question_changelist"),
        reverse("admin:index"),
    ]


def test_nobody_but_the_author_sees_an_answer(client, company, running, surveys, answered):
    superuser = make_user("root@example.com", Role.HR_ADMIN, is_superuser=True, is_staff=True)
    readers = [company.alice, company.paul, superuser, company.sophie, company.oscar]
    readers.append(company.lea_user)  # the partner
    for reader in readers:
        client.force_login(reader)
        for url in urls(running, surveys):
            content = client.get(url).content.decode()
            assert SECRET not in content, (reader.email, url)
    client.force_login(company.bernard_user)
    own = client.get(reverse("evaluations:answer", args=[surveys["baseline"].pk, running.pair.pk]))
    assert SECRET in own.content.decode()


def test_answers_are_not_in_the_admin_nor_the_audit_log(answered):
    for model in (Response, Answer, SkillRating):
        assert not admin.site.is_registered(model)
    assert all(SECRET not in str(entry.changes) for entry in AuditEntry.objects.all())
    assert str(answered) == f"Response #{answered.pk} (survey {answered.survey_id})"


def test_hr_never_reads_a_response_through_the_member_api(
    client, company, running, surveys, answered
):
    url = f"/api/evaluations/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}"
    for reader in (company.alice, company.paul, company.sophie):
        client.force_login(reader)
        assert client.get(url).status_code == 404
    client.force_login(company.lea_user)
    assert client.get(url).json()["mine"] is None  # the partner gets her own (none yet)


def test_the_admin_keeps_answered_questions_read_only(client, company, surveys, answered):
    superuser = make_user("root@example.com", Role.HR_ADMIN, is_superuser=True, is_staff=True)
    client.force_login(superuser)
    question = surveys["baseline"].questions.first()
    page = client.get(reverse("admin:evaluations_question_change", args=[question.pk]))
    assert page.status_code == 200
    assert 'name="text_en"' not in page.content.decode()
    delete = client.get(reverse("admin:evaluations_question_delete", args=[question.pk]))
    assert delete.status_code == 403
    other = surveys["midpoint"].questions.first()
    page = client.get(reverse("admin:evaluations_question_change", args=[other.pk]))
    assert 'name="text_en"' in page.content.decode()
