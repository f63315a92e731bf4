"""Module authoring's pages: new module, editing a draft (formsets), conflicts, preview as a
learner (nothing recorded), publishing, retiring; and the API."""

import pytest
from django.test import Client

from bascule.accounts.services import api_token_create
from bascule.testing import submission_key
from bascule.training import services as learning
from bascule.training.authoring import services
from bascule.training.authoring.forms import initial_of
from bascule.training.models import Module, ModuleStatus, Progress
from bascule.training.tests.factories import make_module, module_data

pytestmark = pytest.mark.django_db
BASE = "/training/manage/modules/"


def edit_post(module, language="en", revision=None, **changes) -> dict:
    """The editor's POST for `module_data`'s text in `language`, with `changes`."""
    text = {**module_data(module.slug)[language], **changes}
    form, sections, questions = initial_of(text)
    data = {
        **form,
        "revision": revision or services.revision(services.current_version(module)),
        "audience": "both",
        "minutes": "15",
        "pass_mark": "50",
        "position": "1",
        "section-TOTAL_FORMS": str(len(sections)),
        "section-INITIAL_FORMS": str(len(sections)),
        "question-TOTAL_FORMS": str(len(questions)),
        "question-INITIAL_FORMS": str(len(questions)),
    }
    for prefix, rows in (("section", sections), ("question", questions)):
        for n, row in enumerate(rows):
            for key, value in row.items():
                if value is True:
                    value = "on"
                elif value is False:
                    continue
                data[f"{prefix}-{n}-{key}"] = str(value)
    return data


def test_hr_creates_a_module_from_the_library(client, company):
    client.force_login(company.alice)
    library = client.get("/training/manage/library/")
    assert BASE + "new/" in library.content.decode()
    page = client.get(BASE + "new/")
    values = {
        "slug": "welcome",
        "language": "en",
        "title": "Welcome",
        "summary": "Where to start.",
        "audience": "both",
        "minutes": "10",
        "pass_mark": "70",
        "submission_key": submission_key(page),
    }
    answer = client.post(BASE + "new/", values)
    assert answer.status_code == 302 and answer["Location"] == BASE + "welcome/edit/en/"
    assert client.post(BASE + "new/", values).status_code == 302  # sent twice: once
    assert Module.objects.filter(slug="welcome").count() == 1
    bad = client.post(BASE + "new/", {**values, "slug": "Bad slug!", "submission_key": "k2"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


def test_edit_preview_publish(client, company):
    module = make_module()
    client.force_login(company.alice)
    assert client.get(BASE + "listening/edit/en/").status_code == 200
    data = edit_post(module, title="Listening, revised")
    data["section-0-body"] = "A **new** text for learners."
    answer = client.post(BASE + "listening/edit/en/", data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    draft = services.draft_of(module)
    assert draft.number == 2 and draft.content["en"]["sections"][0]["body"].startswith("A **new**")
    # Preview as a learner reads it: the draft's text, the banner, nothing recorded.
    preview = client.get(BASE + "listening/preview/en/1/").content.decode()
    assert "<strong>new</strong>" in preview and "Preview — not published" in preview
    assert client.get(BASE + "listening/preview/en/").status_code == 200
    assert client.get(BASE + "listening/preview/fr/quiz/").status_code == 200
    assert not Progress.objects.exists()
    # A stale revision: a conflict, the text typed is still there.
    stale = edit_post(module, revision="1-old", title="Someone else's")
    conflict = client.post(BASE + "listening/edit/en/", stale)
    assert conflict.status_code == 409
    assert "Someone saved this module" in conflict.content.decode()
    assert "Someone else&#x27;s" in conflict.content.decode()
    # Publish: the confirmation, then the version.
    confirm = client.get(BASE + "listening/publish/")
    assert "learners have started" in confirm.content.decode()
    revision = services.revision(services.draft_of(module))
    done = client.post(BASE + "listening/publish/", {"confirm": "yes", "revision": revision})
    assert done.status_code == 302
    module.refresh_from_db()
    assert module.published.number == 2
    learner = client.__class__()
    learner.force_login(company.lea_user)
    assert "A <strong>new</strong> text" in learner.get("/training/listening/1/").content.decode()


def test_unsafe_markdown_is_refused_on_the_page(client, company):
    module = make_module()
    client.force_login(company.alice)
    data = edit_post(module)
    data["section-0-body"] = "<script>alert(1)</script>"
    answer = client.post(BASE + "listening/edit/en/", data)
    assert answer.status_code == 200
    assert "raw HTML is not allowed" in answer.content.decode()
    assert services.draft_of(module) is None


def test_a_missing_language_is_prefilled_marked_to_translate(client, company):
    client.force_login(company.alice)
    services.module_create(
        actor=company.alice,
        values={
            "slug": "solo",
            "audience": "both",
            "minutes": 5,
            "pass_mark": 50,
            "language": "en",
            "title": "Alone",
            "summary": "Only English.",
        },
    )
    page = client.get(BASE + "solo/").content.decode()
    assert "Translate into French" in page
    edit = client.get(BASE + "solo/edit/fr/").content.decode()
    assert "[TO TRANSLATE] Alone" in edit


def test_retire_confirmation_then_unretire(client, company):
    module = make_module()
    client.force_login(company.alice)
    confirm = client.get(BASE + "listening/retire/").content.decode()
    assert "learners are in progress" in confirm or "learner is in progress" in confirm
    client.post(BASE + "listening/retire/", {"confirm": "yes"})
    module.refresh_from_db()
    assert module.status == ModuleStatus.RETIRED
    learner = Client()
    learner.force_login(company.lea_user)
    assert learner.get("/training/listening/").status_code == 404  # never started: gone
    # Someone who started it before keeps it.
    module.status = ModuleStatus.PUBLISHED
    module.save(update_fields=["status"])
    reader = Client()
    reader.force_login(company.bernard_user)
    reader.get("/training/listening/")
    learning.section_read(actor=company.bernard_user, module=module, number=1)
    module.status = ModuleStatus.RETIRED
    module.save(update_fields=["status"])
    assert reader.get("/training/listening/").status_code == 200
    assert "listening (" in reader.get("/training/").content.decode()
    assert learner.get("/training/listening/").status_code == 404
    client.post(BASE + "listening/unretire/")
    module.refresh_from_db()
    assert module.status == ModuleStatus.PUBLISHED


def test_others_get_403(client, company):
    make_module()
    for user in (company.paul, company.lea_user, company.bernard_user):
        client.force_login(user)
        assert client.get(BASE + "listening/edit/en/").status_code == 403
        assert client.get(BASE + "listening/preview/en/").status_code == 403


def test_the_api(company):
    make_module()
    _token, value = api_token_create(actor=company.alice, user=company.alice, name="script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {value}")
    created = api.post(
        "/api/training/authoring/modules",
        {"slug": "api-made", "language": "fr", "title": "Titre", "summary": "Résumé."},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="one",
    )
    assert created.status_code == 201 and created.json()["is_draft"]
    read = api.get("/api/training/authoring/modules/listening/draft").json()
    assert read["is_draft"] is False and read["number"] == 1
    content = {**read["content"], "en": {**read["content"]["en"], "title": "Via the API"}}
    put = api.put(
        "/api/training/authoring/modules/listening/draft",
        {"revision": read["revision"], "content": content},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["number"] == 2 and put.json()["problems"] == []
    stale = api.put(
        "/api/training/authoring/modules/listening/draft",
        {"revision": read["revision"], "content": content},
        content_type="application/json",
    )
    assert stale.status_code == 409
    published = api.post(
        "/api/training/authoring/modules/listening/publish",
        {"revision": put.json()["revision"]},
        content_type="application/json",
    )
    assert published.status_code == 200 and published.json()["published_version"] == 2
    copy = api.post(
        "/api/training/authoring/modules/listening/duplicate",
        {"slug": "listening-copy"},
        content_type="application/json",
    )
    assert copy.status_code == 201
    assert (
        api.post("/api/training/authoring/modules/listening/retire").json()["status"] == "retired"
    )
    assert api.post("/api/training/authoring/modules/listening/unretire").status_code == 200
    _t, lea = api_token_create(actor=company.lea_user, user=company.lea_user, name="s")
    other = Client(HTTP_AUTHORIZATION=f"Bearer {lea}")
    assert other.get("/api/training/authoring/modules/listening/draft").status_code == 403
