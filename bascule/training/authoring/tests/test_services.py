"""Module authoring's services: create, one draft per module, version freezing, conflicts,
content.py's and the Markdown's rules, publishing, duplicating, retiring."""

import copy

import pytest

from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.pairing.testing import make_running_program
from bascule.training import services as learning
from bascule.training.authoring import selectors, services
from bascule.training.models import Module, ModuleStatus, Progress, Requirement
from bascule.training.tests.factories import make_module, module_data

pytestmark = pytest.mark.django_db


def meta(**values):
    return {"audience": "both", "minutes": 15, "pass_mark": 50, "position": 1, **values}


def text(language="en", **changes):
    return {**copy.deepcopy(module_data("listening")[language]), **changes}


def save(module, language="en", base=None, **changes):
    base = base or services.revision(services.current_version(module))
    return services.draft_save(
        actor=None,
        module=module,
        language=language,
        text=text(language, **changes),
        meta=meta(),
        base=base,
    )


def test_create_makes_a_draft_version_1(company):
    values = {
        "slug": "welcome",
        "audience": "mentee",
        "minutes": 10,
        "pass_mark": 60,
        "language": "fr",
        "title": "Bienvenue",
        "summary": "Pour commencer.",
    }
    module = services.module_create(actor=company.alice, values=values)
    assert module.status == ModuleStatus.DRAFT and not module.builtin
    draft = services.draft_of(module)
    assert draft.number == 1 and draft.published_at is None
    assert draft.content["fr"]["title"] == "Bienvenue" and "en" not in draft.content
    assert AuditEntry.objects.filter(action="training.module_created").count() == 1
    with pytest.raises(ValidationFailed) as refused:
        services.module_create(actor=company.alice, values=values)
    assert "slug" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        services.module_create(actor=company.alice, values={**values, "slug": "manage"})
    assert "slug" in refused.value.errors


def test_editing_a_published_module_makes_one_draft_and_the_published_stays():
    module = make_module()
    published = module.published
    first = save(module, title="New title")
    assert first.number == 2 and first.published_at is None
    second = save(module, title="Newer title")
    assert second.pk == first.pk  # the same draft, reused
    module.refresh_from_db()
    published.refresh_from_db()
    assert module.published_id == published.pk
    assert published.content["en"]["title"] == "listening (en)"
    assert module.versions.count() == 2
    assert AuditEntry.objects.filter(action="training.module_edited").count() == 2


def test_a_stale_revision_is_a_conflict_and_saves_nothing():
    module = make_module()
    start = services.revision(module.published)
    save(module, base=start, title="Mine")
    with pytest.raises(ConflictError):
        save(module, base=start, title="Theirs")
    assert services.draft_of(module).content["en"]["title"] == "Mine"


@pytest.mark.parametrize(
    "body",
    ["<script>alert(1)</script>", "![x](https://evil.example/x.png)", "[x](javascript:alert(1))"],
)
def test_markdown_the_import_refuses_is_refused(body):
    module = make_module()
    sections = [{"title": "One", "body": body}]
    with pytest.raises(ValidationFailed):
        save(module, sections=sections)
    assert services.draft_of(module) is None


def test_content_rules_apply_to_the_language_saved():
    module = make_module()
    with pytest.raises(ValidationFailed) as refused:
        save(module, sections=[])
    assert "at least one section" in refused.value.message
    nul = [{"title": "One", "body": "a\x00b"}]
    with pytest.raises(ValidationFailed):
        save(module, sections=nul)


def test_publishing_freezes_the_draft_and_learners_keep_their_version(company):
    module = make_module()
    old = module.published
    program = make_running_program(company)
    learning.section_read(actor=company.lea_user, module=module, number=1)
    draft = save(module, title="Second edition")
    fr = text("fr", title="Deuxième édition")
    draft = services.draft_save(
        actor=None,
        module=module,
        language="fr",
        text=fr,
        meta=meta(),
        base=services.revision(draft),
    )
    services.publish(actor=company.alice, module=module, base=services.revision(draft))
    module.refresh_from_db()
    draft.refresh_from_db()
    assert module.published_id == draft.pk and draft.published_at is not None
    assert Progress.objects.get(employee=company.lea_user.employee).version_id == old.pk
    assert AuditEntry.objects.filter(action="training.module_published").count() == 1
    assert program  # the learner's program is running
    # Editing again makes a new draft, number 3.
    assert save(module, title="Third").number == 3


def test_publishing_needs_the_same_questions_in_both_languages_and_no_mark():
    module = make_module()
    draft = save(module, questions=text()["questions"][:1])
    with pytest.raises(ValidationFailed) as refused:
        services.publish(actor=None, module=module, base=services.revision(draft))
    assert "questions differ" in refused.value.message
    draft = save(
        module,
        base=services.revision(draft),
        title=services.TO_TRANSLATE + "Title",
        questions=text()["questions"][:1],
    )
    draft = services.draft_save(
        actor=None,
        module=module,
        language="fr",
        text=text("fr", questions=text("fr")["questions"][:1]),
        meta=meta(),
        base=services.revision(draft),
    )
    with pytest.raises(ValidationFailed) as refused:
        services.publish(actor=None, module=module, base=services.revision(draft))
    assert "marked to translate" in refused.value.message
    with pytest.raises(ConflictError):
        services.publish(actor=None, module=module, base="1-stale")


def test_duplicate_copies_to_a_new_draft_module(company):
    module = make_module()
    module.builtin = True
    module.save(update_fields=["builtin"])
    copy_ = services.duplicate(actor=company.alice, module=module, slug="listening-two")
    assert copy_.status == ModuleStatus.DRAFT and not copy_.builtin
    draft = services.draft_of(copy_)
    assert draft.number == 1 and draft.content["slug"] == "listening-two"
    module.published.refresh_from_db()
    assert draft.content["en"] == module.published.content["en"]
    with pytest.raises(ValidationFailed):
        services.duplicate(actor=company.alice, module=module, slug="listening-two")


def test_retire_is_refused_while_a_program_requires_it_then_hides_it_for_new_starts(company):
    module = make_module()
    other = make_module("feedback")
    program = make_running_program(company)
    Requirement.objects.create(program=program.program, module=module, role="mentor")
    with pytest.raises(DomainError) as refused:
        services.retire(actor=company.alice, module=module)
    assert refused.value.code == "module_required"
    Requirement.objects.all().delete()
    learning.section_read(actor=company.lea_user, module=module, number=1)
    services.retire(actor=company.alice, module=module)
    module.refresh_from_db()
    assert module.status == ModuleStatus.RETIRED
    assert selectors.progress_on_module(module).in_progress == 1
    services.unretire(actor=company.alice, module=module)
    module.refresh_from_db()
    assert module.status == ModuleStatus.PUBLISHED
    assert other.status == ModuleStatus.PUBLISHED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"training.module_retired", "training.module_unretired"} <= actions


def test_language_states_say_what_is_missing():
    data = {"slug": "x", "en": text()}
    states = {s.language: s for s in selectors.language_states(data)}
    assert not states["fr"].present and "title" in states["fr"].missing
    assert states["en"].present and states["en"].missing == []
    assert Module.objects.count() == 0
