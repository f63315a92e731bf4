"""The skills API, /api/skills/: everyone logged in reads the taxonomy; only HR admins
create, rename, merge, retire, restore and import (403 for anyone else, 401 anonymous)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from bascule.skills.models import Skill, SkillCategory

FIXTURES = Path(__file__).parent / "fixtures"
URL = "/api/skills/"


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def put_json(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_anyone_logged_in_lists_the_taxonomy(client, company):
    assert client.get(URL).status_code == 401
    login(client, company.lea_user)
    body = client.get(URL, {"limit": 500}).json()
    assert body["count"] == 83
    first = body["items"][0]
    assert first["category"] == "Digital tools and collaboration"
    assert {"label", "label_fr", "label_en", "description", "retired", "merged_into_id"} <= set(
        first
    )
    found = client.get(URL, {"q": "hamecon"}).json()["items"]
    assert [skill["slug"] for skill in found] == ["phishing-scams"]
    assert found[0]["label_fr"] == "Hameçonnage et arnaques"
    career = SkillCategory.objects.get(slug="career")
    assert client.get(URL, {"category": career.pk}).json()["count"] == 7


def test_labels_follow_the_callers_language(client, company):
    login(client, company.lea_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    first = client.get(URL).json()["items"][0]
    assert first["label"] == first["label_fr"]
    categories = client.get(f"{URL}categories").json()
    assert categories[0]["name"] == "Outils numériques et collaboration"
    assert len(categories) == 12


def test_retired_skills_are_listed_only_on_request(client, company):
    Skill.objects.filter(slug="deepfakes").update(retired_at="2026-01-01T00:00:00Z")
    login(client, company.bernard_user)
    assert client.get(URL, {"q": "deepfakes"}).json()["count"] == 0
    [skill] = client.get(URL, {"q": "deepfakes", "include_retired": True}).json()["items"]
    assert skill["retired"] is True


@pytest.mark.parametrize("persona", ["paul", "lea_user", "sophie", "oscar"])
def test_only_hr_admins_change_the_taxonomy(client, company, persona):
    login(client, getattr(company, persona))
    skill = Skill.objects.get(slug="negotiation")
    other = Skill.objects.get(slug="persuasion")
    payload = {"label_fr": "X", "label_en": "X"}
    assert post_json(client, URL, payload).status_code == 403
    assert put_json(client, f"{URL}{skill.pk}", payload).status_code == 403
    assert post_json(client, f"{URL}{skill.pk}/merge", {"target_id": other.pk}).status_code == 403
    assert client.post(f"{URL}{skill.pk}/retire").status_code == 403
    assert client.post(f"{URL}{skill.pk}/restore").status_code == 403
    upload = SimpleUploadedFile("s.csv", b"slug;label_fr;label_en\nx;X;X\n")
    assert client.post(f"{URL}import", {"file": upload}).status_code == 403
    skill.refresh_from_db()
    assert skill.label_en == "Negotiation" and skill.is_usable
    assert not Skill.objects.filter(slug="x").exists()


def test_hr_creates_renames_merges_retires_and_restores(client, company):
    login(client, company.alice)
    ai = SkillCategory.objects.get(slug="ai-data")
    response = post_json(
        client, URL, {"label_fr": "Agents IA", "label_en": "AI agents", "category_id": ai.pk}
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["slug"], created["category"]) == ("ai-agents", "AI and data")

    duplicate = post_json(client, URL, {"label_fr": "A", "label_en": "A", "slug": "ai-agents"})
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "slug_taken"

    url = f"{URL}{created['id']}"
    renamed = put_json(
        client,
        url,
        {"label_fr": "Agents d'IA", "label_en": "AI agents", "updated_at": created["updated_at"]},
    )
    assert renamed.status_code == 200
    assert renamed.json()["label_fr"] == "Agents d'IA"
    assert renamed.json()["category_id"] is None
    stale = put_json(
        client, url, {"label_fr": "Old", "label_en": "Old", "updated_at": created["updated_at"]}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"

    target = Skill.objects.get(slug="ai-automation")
    merged = post_json(client, f"{url}/merge", {"target_id": target.pk})
    assert merged.status_code == 200
    assert merged.json()["skill"]["merged_into_id"] == target.pk
    assert merged.json()["applications_moved"] == 0
    again = post_json(client, f"{url}/merge", {"target_id": target.pk})
    assert again.status_code == 400
    assert again.json()["code"] == "already_merged"
    unknown = post_json(client, f"{URL}{target.pk}/merge", {"target_id": 999999})
    assert unknown.status_code == 400

    retired = client.post(f"{URL}{target.pk}/retire")
    assert retired.status_code == 200 and retired.json()["retired"] is True
    assert client.post(f"{URL}{target.pk}/retire").status_code == 409
    restored = client.post(f"{URL}{target.pk}/restore")
    assert restored.status_code == 200 and restored.json()["retired"] is False
    assert client.post(f"{URL}999999/retire").status_code == 404


def test_hr_imports_a_file_with_a_dry_run_first(client, company):
    login(client, company.alice)
    content = (FIXTURES / "skills_esco_sample.csv").read_bytes()
    before = Skill.objects.count()

    def send(**fields):
        upload = SimpleUploadedFile("esco.csv", content)
        return client.post(f"{URL}import", {"file": upload, **fields})

    missing_language = send()
    assert missing_language.status_code == 400
    assert missing_language.json()["code"] == "language_required"

    dry = send(language="en", dry_run="true")
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True
    assert dry.json()["counts"] == {"new": 3, "updated": 0, "unchanged": 0, "errors": 0}
    assert Skill.objects.count() == before

    done = send(language="en")
    assert done.json()["counts"]["new"] == 3
    assert Skill.objects.count() == before + 3
    assert send(language="en").json()["counts"] == {
        "new": 0,
        "updated": 0,
        "unchanged": 3,
        "errors": 0,
    }


def test_an_import_with_bad_rows_answers_400_with_lines(client, company):
    login(client, company.alice)
    upload = SimpleUploadedFile("s.csv", b"slug;label_fr;label_en\nok;Bon;Good\nbad;;Bad\n")
    response = client.post(f"{URL}import", {"file": upload})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_has_errors"
    assert body["errors"] == [
        {"line": 3, "column": "label_fr", "value": "", "message": "This value is required."}
    ]
    assert not Skill.objects.filter(slug="ok").exists()
