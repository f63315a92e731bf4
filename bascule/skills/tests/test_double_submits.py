"""A new skill or a skills import sent twice (double click, browser retry, API retry) is
saved once; the second sending lands on what the first one saved."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from bascule.core.idempotency import FIELD
from bascule.core.models import AuditEntry
from bascule.people.tests.fixtures.import_files import ascii_emails
from bascule.skills.models import Skill, SkillCategory
from bascule.testing import submission_key

pytestmark = pytest.mark.django_db

SENT_TWICE = "This form was sent twice: it has been saved only once."
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def alice(client, company):
    ascii_emails(company)
    client.force_login(company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_adds_one_skill_when_the_form_is_sent_twice(alice):
    category = SkillCategory.objects.get(slug="ai-data")
    data = {
        "label_fr": "Coder à l'instinct",
        "label_en": "Vibe coding",
        "category": category.pk,
        FIELD: submission_key(alice.get("/people/skills/new/")),
    }
    alice.post("/people/skills/new/", data)
    second = alice.post("/people/skills/new/", data, follow=True)
    assert SENT_TWICE in second.content.decode()
    assert list(Skill.objects.filter(label_en="Vibe coding").values_list("slug", flat=True)) == [
        "vibe-coding"
    ]


def test_an_api_retry_of_a_new_skill_gets_the_first_skill_again(alice):
    body = {"label_fr": "Agents IA", "label_en": "AI agents"}

    def send():
        return alice.post(
            "/api/skills/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="skill-1"
        )

    first, again = send(), send()
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Skill.objects.filter(label_en="AI agents").count() == 1


def test_a_skills_import_confirmed_twice_is_applied_once(alice):
    content = (FIXTURES / "skills_bascule_sample.csv").read_bytes()
    alice.post(
        "/people/skills/import/",
        {"file": SimpleUploadedFile("skills.csv", content), "language": "en"},
    )
    key = submission_key(alice.get("/people/skills/import/preview/"))
    alice.post("/people/skills/import/preview/", {FIELD: key})
    second = alice.post("/people/skills/import/preview/", {FIELD: key}, follow=True)
    page = second.content.decode()
    assert second.redirect_chain[-1][0] == "/people/skills/"
    assert SENT_TWICE in page and "Upload a file first." not in page
    assert AuditEntry.objects.filter(action="people.skills_imported").count() == 1


def test_an_api_retry_of_a_skills_import_gets_the_first_counts_again(alice):
    content = (FIXTURES / "skills_bascule_sample.csv").read_bytes()

    def send():
        return alice.post(
            "/api/skills/import",
            {"file": SimpleUploadedFile("skills.csv", content), "language": "en"},
            HTTP_IDEMPOTENCY_KEY="skills-import-1",
        )

    first, again = send(), send()
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["counts"]["new"] == 2
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert AuditEntry.objects.filter(action="people.skills_imported").count() == 1
