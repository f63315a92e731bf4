"""The skills pages, for HR admins only: list, add, rename (with the stale-edit guard), merge,
retire and restore, and the import upload → preview → confirm."""

import html as html_lib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from bascule.skills.models import Skill, SkillCategory
from bascule.testing import submit_confirmation

FIXTURES = Path(__file__).parent / "fixtures"
LIST = "/people/skills/"


@pytest.fixture
def alice(client, company):
    client.force_login(company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.parametrize("persona", ["paul", "lea_user", "sophie", "oscar"])
def test_only_hr_admins_may_open_the_skills_pages(client, company, persona):
    client.force_login(getattr(company, persona))
    skill = Skill.objects.get(slug="negotiation")
    for url in (LIST, f"{LIST}new/", f"{LIST}{skill.pk}/edit/", f"{LIST}import/"):
        assert client.get(url).status_code == 403
    assert client.post(f"{LIST}{skill.pk}/retire/").status_code == 403
    assert Skill.objects.get(slug="negotiation").is_usable


def test_the_list_groups_skills_by_category_with_usage_and_status(alice):
    response = alice.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    page = text(response)
    assert "83 skills found." in page
    assert page.index("Digital tools and collaboration") < page.index("Leadership")
    assert "Prompt writing Rédiger de bonnes consignes (prompts)" in page


def test_the_list_searches_and_shows_retired_skills_on_request(alice):
    skill = Skill.objects.get(slug="phishing-scams")
    assert alice.post(f"{LIST}{skill.pk}/retire/").status_code == 302
    page = text(alice.get(LIST, {"q": "hameçonnage"}))
    assert "0 skills found." in page
    page = text(alice.get(LIST, {"q": "hameconnage", "status": "all"}))
    assert "1 skill found." in page
    assert "Retired" in page and "Offer again" in page
    category = SkillCategory.objects.get(slug="career")
    page = text(alice.get(LIST, {"category": category.pk}))
    assert "7 skills found." in page


def test_adding_a_skill_keeps_the_input_when_a_label_is_missing(alice):
    category = SkillCategory.objects.get(slug="ai-data")
    response = alice.post(
        f"{LIST}new/",
        {"label_fr": "", "label_en": "Vibe coding", "category": category.pk},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert 'href="#id_label_fr"' in body
    assert 'value="Vibe coding"' in body
    assert 'aria-invalid="true"' in body

    response = alice.post(
        f"{LIST}new/",
        {"label_fr": "Coder à l'instinct", "label_en": "Vibe coding", "category": category.pk},
    )
    assert response.status_code == 302
    assert Skill.objects.get(slug="vibe-coding").category == category


def test_renaming_over_someone_elses_change_is_refused_and_keeps_the_input(alice, company):
    skill = Skill.objects.get(slug="negotiation")
    form = alice.get(f"{LIST}{skill.pk}/edit/")
    version = re.search(r'name="updated_at" value="([^"]+)"', form.content.decode())[1]
    # Someone else saves first.
    Skill.objects.filter(pk=skill.pk).update(label_en="Negotiating")
    skill.refresh_from_db()
    skill.save()
    data = {
        "label_fr": "Négocier",
        "label_en": "My negotiation",
        "category": skill.category_id,
        "description_fr": "",
        "description_en": "",
        "updated_at": version,
    }
    response = alice.post(f"{LIST}{skill.pk}/edit/", data)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this skill while you were editing it." in page
    assert 'value="My negotiation"' in response.content.decode()
    assert "The skill as it is now saved" in page and "Negotiating" in page
    assert Skill.objects.get(pk=skill.pk).label_en == "Negotiating"

    # The form now carries the current version: saving again is a deliberate choice.
    new_version = re.search(r'name="updated_at" value="([^"]+)"', response.content.decode())[1]
    response = alice.post(f"{LIST}{skill.pk}/edit/", {**data, "updated_at": new_version})
    assert response.status_code == 302
    assert Skill.objects.get(pk=skill.pk).label_en == "My negotiation"


def test_an_unknown_skill_is_a_404(alice):
    assert alice.get(f"{LIST}999999/edit/").status_code == 404
    assert alice.get(f"{LIST}999999/merge/").status_code == 404


def test_merging_from_the_page(alice):
    source = Skill.objects.get(slug="persuasion")
    target = Skill.objects.get(slug="negotiation")
    page = alice.get(f"{LIST}{source.pk}/merge/")
    assert "is chosen in 0 applications" in text(page)
    step = alice.post(f"{LIST}{source.pk}/merge/", {"target": target.pk})
    assert "Merge “Persuasion” into “Negotiation”?" in text(step)
    assert "cannot be undone" in text(step)
    source.refresh_from_db()
    assert source.merged_into is None  # not confirmed yet
    response = submit_confirmation(alice, step)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target
    listed = text(alice.get(LIST, {"status": "all", "q": "persuasion"}))
    assert "Merged into “Negotiation”" in listed


def test_merging_into_itself_is_not_offered(alice):
    source = Skill.objects.get(slug="persuasion")
    response = alice.post(f"{LIST}{source.pk}/merge/", {"target": source.pk})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    source.refresh_from_db()
    assert source.merged_into is None


def test_retire_and_restore_are_post_buttons(alice):
    skill = Skill.objects.get(slug="deepfakes")
    assert alice.get(f"{LIST}{skill.pk}/retire/").status_code == 405
    alice.post(f"{LIST}{skill.pk}/retire/")
    skill.refresh_from_db()
    assert skill.retired_at is not None
    page = text(alice.get(LIST, {"status": "all", "q": "deepfakes"}))
    assert "can no longer be chosen" in page
    alice.post(f"{LIST}{skill.pk}/restore/")
    skill.refresh_from_db()
    assert skill.retired_at is None


def upload(client, content: bytes, name: str = "skills.csv", **fields):
    data = {"file": SimpleUploadedFile(name, content), "language": "en", **fields}
    return client.post(f"{LIST}import/", data)


def test_import_upload_preview_confirm(alice):
    before = Skill.objects.count()
    response = upload(alice, (FIXTURES / "skills_bascule_sample.csv").read_bytes())
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}import/preview/"
    preview = alice.get(f"{LIST}import/preview/")
    page = text(preview)
    assert "Preview of “skills.csv”" in page
    assert "New 2 Updated 1 Unchanged 0 Errors 0" in page
    assert "Quantum computing basics" in page
    assert Skill.objects.count() == before

    response = alice.post(f"{LIST}import/preview/")
    assert response.status_code == 302
    assert Skill.objects.count() == before + 2
    assert "2 new, 1 updated, 0 unchanged" in text(alice.get(LIST))
    # The upload is consumed: the preview now leads back to the upload.
    assert alice.get(f"{LIST}import/preview/")["Location"] == f"{LIST}import/"


def test_an_esco_file_goes_to_the_category_chosen(alice):
    category = SkillCategory.objects.get(slug="business")
    content = (FIXTURES / "skills_esco_sample.csv").read_bytes()
    upload(alice, content, language="fr", category=category.pk)
    assert "an ESCO export in French" in text(alice.get(f"{LIST}import/preview/"))
    alice.post(f"{LIST}import/preview/")
    skill = Skill.objects.get(label_fr="negotiate compromises")
    assert skill.category == category
    upload(alice, content, language="fr")
    page = text(alice.get(f"{LIST}import/preview/"))
    assert "New 0 Updated 0 Unchanged 3" in page
    assert "there is nothing to import" in page


def test_a_bad_file_is_refused_on_the_upload_page(alice):
    response = upload(alice, b"%PDF-1.4 \x00\x00 binary", name="skills.pdf")
    assert response.status_code == 200
    page = text(response)
    assert "This file is not a CSV file." in page
    assert 'href="#id_file"' in response.content.decode()


def test_rows_with_errors_are_listed_and_nothing_can_be_imported(alice):
    before = Skill.objects.count()
    upload(alice, b"slug;label_fr;label_en\ngood;Bon;Good\nbad;;Bad\n")
    response = alice.get(f"{LIST}import/preview/")
    page = text(response)
    assert "1 problem to fix" in page
    assert "3 label_fr This value is required." in page
    assert "Import these skills" not in page
    alice.post(f"{LIST}import/preview/")
    assert Skill.objects.count() == before


def test_pages_speak_french(alice):
    alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = text(alice.get(LIST))
    assert "Outils numériques et collaboration" in page
    assert "Automatiser ses tableurs" in page
