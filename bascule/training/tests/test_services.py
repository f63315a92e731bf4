"""Training services, learner's side: installing the catalog, reading, the quiz, the
completion rule, reflections."""

import datetime as dt

import pytest
from django.core.management import call_command

from bascule.core import idempotency
from bascule.core.errors import DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.training import content, services
from bascule.training.models import Module, ModuleStatus, Progress, QuizAttempt, Reflection
from bascule.training.tests.factories import make_module, module_data

pytestmark = pytest.mark.django_db


def parsed(slug: str, **options) -> content.ModuleContent:
    return content.parse(module_data(slug, **options), both_languages=True)


def multiple_module(slug: str = "multi") -> Module:
    """A module whose one question has two right answers (choices 0 and 1 of three)."""
    data = module_data(slug, questions=1)
    for text in (data["fr"], data["en"]):
        text["questions"][0]["multiple"] = True
        text["questions"][0]["choices"].insert(
            1, {"text": "Also right", "correct": True, "explanation": "Yes."}
        )
    module_content = content.parse(data)
    services.install_catalog([module_content])
    return Module.objects.get(slug=slug)


def read_all(user, module, sections=2):
    for number in range(1, sections + 1):
        services.section_read(actor=user, module=module, number=number)


# --- The catalog --------------------------------------------------------------------------------


def test_install_creates_version_1_published_then_changes_nothing():
    lines = services.install_catalog([parsed("listening"), parsed("feedback")])
    assert lines == ["listening: installed (version 1)", "feedback: installed (version 1)"]
    module = Module.objects.get(slug="listening")
    assert module.status == ModuleStatus.PUBLISHED and module.builtin
    assert module.published.number == 1 and module.published.published_at is not None
    entries = AuditEntry.objects.count()
    again = services.install_catalog([parsed("listening"), parsed("feedback")])
    assert again == ["listening: unchanged (version 1)", "feedback: unchanged (version 1)"]
    assert AuditEntry.objects.count() == entries
    assert module.versions.count() == 1


def test_a_changed_file_adds_a_version_and_progress_keeps_its_own(company):
    services.install_catalog([parsed("listening")])
    module = Module.objects.get(slug="listening")
    services.section_read(actor=company.lea_user, module=module, number=1)
    changed = parsed("listening", sections=3)
    assert services.install_catalog([changed]) == ["listening: new version 2 published"]
    module.refresh_from_db()
    assert module.published.number == 2
    progress = Progress.objects.get(employee=company.lea, module=module)
    assert progress.version.number == 1
    # A newcomer reads version 2.
    services.section_read(actor=company.bernard_user, module=module, number=1)
    assert Progress.objects.get(employee=company.bernard).version.number == 2


def test_load_training_command(tmp_path):
    toml = """
slug = "written"
position = 2
audience = "both"
minutes = 10
pass_mark = 50
"""
    for language in ("fr", "en"):
        toml += f"""
[{language}]
title = "Title {language}"
summary = "Summary"
objectives = ["One"]
[[{language}.sections]]
title = "Section"
body = "Body"
"""
    (tmp_path / "01-written.toml").write_text(toml, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("load_training", directory=tmp_path, stdout=out)
    assert "written: installed (version 1)" in out.getvalue()
    out = StringIO()
    call_command("load_training", directory=tmp_path, stdout=out)
    assert "written: unchanged (version 1)" in out.getvalue()


# --- Reading ------------------------------------------------------------------------------------


def test_sections_are_counted_in_order_and_time_is_bounded(company, time_machine):
    start = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    module = make_module(sections=3)
    services.section_read(actor=company.lea_user, module=module, number=1)
    time_machine.move_to(start + dt.timedelta(minutes=2), tick=False)
    services.section_read(actor=company.lea_user, module=module, number=3)  # skipped ahead
    progress = Progress.objects.get(employee=company.lea)
    assert progress.last_section == 1
    assert progress.seconds_spent == 120
    time_machine.move_to(start + dt.timedelta(hours=5), tick=False)
    services.section_read(actor=company.lea_user, module=module, number=2)
    progress.refresh_from_db()
    assert progress.last_section == 2
    assert progress.seconds_spent == 120 + services.MAX_SECONDS_PER_SECTION


def test_an_unknown_section_is_refused(company):
    module = make_module()
    with pytest.raises(DomainError):
        services.section_read(actor=company.lea_user, module=module, number=3)


def test_a_module_without_questions_completes_once_read(company):
    module = make_module(questions=0)
    read_all(company.lea_user, module)
    assert Progress.objects.get(employee=company.lea).completed_at is not None


# --- The quiz -----------------------------------------------------------------------------------


def test_single_choice_scoring_and_completion_needs_reading_too(company):
    module = make_module(questions=2)  # pass mark 50
    version = module.published_id
    attempt = services.quiz_submit(
        actor=company.lea_user, module=module, version_id=version, answers=[[0], [1]]
    )
    assert (attempt.score, attempt.passed, attempt.number) == (50, True, 1)
    progress = Progress.objects.get(employee=company.lea)
    assert progress.passed and progress.completed_at is None  # sections not read
    read_all(company.lea_user, module)
    progress.refresh_from_db()
    assert progress.completed_at is not None


def test_multiple_choice_needs_every_right_answer_and_no_other(company):
    module = multiple_module()
    version = module.published_id

    def score(answers):
        return services.quiz_submit(
            actor=company.lea_user, module=module, version_id=version, answers=answers
        ).score

    assert score([[0]]) == 0
    assert score([[0, 1, 2]]) == 0
    assert score([[1, 0]]) == 100


def test_retry_keeps_the_count_and_the_best_score(company):
    module = make_module(questions=2)
    version = module.published_id
    for answers in ([[0], [0]], [[1], [1]], [[0], [1]]):
        services.quiz_submit(
            actor=company.lea_user, module=module, version_id=version, answers=answers
        )
    progress = Progress.objects.get(employee=company.lea)
    assert progress.attempts == 3 and progress.best_score == 100 and progress.passed
    assert list(QuizAttempt.objects.values_list("score", flat=True)) == [100, 0, 50]


def test_a_double_submit_is_one_attempt(company):
    module = make_module()
    submission = idempotency.Submission(key="api:same", fingerprint="f")
    services.quiz_submit(
        actor=company.lea_user,
        module=module,
        version_id=module.published_id,
        answers=[[0], [0]],
        submission=submission,
    )
    with pytest.raises(idempotency.AlreadySubmitted):
        services.quiz_submit(
            actor=company.lea_user,
            module=module,
            version_id=module.published_id,
            answers=[[0], [0]],
            submission=submission,
        )
    assert QuizAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "answers",
    [
        [[0]],  # too few
        [[0], [0], [0]],  # another quiz's
        [[0], [7]],  # unknown choice
        [[0], [-1]],
        [[0], [2**70]],  # huge integer
        [[0], ["\x00"]],
        [[0], [True]],
        [[0], [0, 1]],  # several where one is asked
        "nonsense",
        [[0], []],  # unanswered
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(company, answers):
    module = make_module()
    with pytest.raises(ValidationFailed) as refused:
        services.quiz_submit(
            actor=company.lea_user, module=module, version_id=module.published_id, answers=answers
        )
    assert refused.value.message
    assert not QuizAttempt.objects.exists()
    assert not AuditEntry.objects.filter(action="training.quiz_submitted").exists()


def test_answers_for_another_version_or_module_are_refused(company):
    module = make_module()
    other = make_module("other")
    with pytest.raises(ValidationFailed):
        services.quiz_submit(
            actor=company.lea_user, module=module, version_id=other.published_id, answers=[[0]]
        )
    assert not QuizAttempt.objects.exists()


# --- Reflections --------------------------------------------------------------------------------


def test_a_reflection_waits_for_completion(company):
    module = make_module(questions=0)
    with pytest.raises(DomainError):
        services.reflection_save(
            actor=company.lea_user, module=module, private_text="x", will_try="", pair_id=None
        )


def test_a_reflection_is_saved_and_shared_with_my_pair_only(company):
    from bascule.pairing.testing import make_running_program

    running = make_running_program(company)
    module = make_module(questions=0)
    read_all(company.lea_user, module)
    with pytest.raises(ValidationFailed) as refused:
        services.reflection_save(
            actor=company.lea_user,
            module=module,
            private_text="Mine",
            will_try="Listen",
            pair_id=running.other_pair.pk,
        )
    assert "pair" in refused.value.errors
    reflection = services.reflection_save(
        actor=company.lea_user,
        module=module,
        private_text="Mine only",
        will_try="Listen first",
        pair_id=running.pair.pk,
    )
    assert reflection.shared_with == running.pair and reflection.shared_at is not None
    entry = AuditEntry.objects.get(action="training.reflection_saved")
    assert "Mine only" not in str(entry.changes) and "Listen" not in str(entry.changes)
    again = services.reflection_save(
        actor=company.lea_user, module=module, private_text="", will_try="", pair_id=None
    )
    assert again.pk == reflection.pk and again.shared_with is None
    assert Reflection.objects.count() == 1


def test_nul_bytes_in_a_reflection_are_refused(company):
    module = make_module(questions=0)
    read_all(company.lea_user, module)
    with pytest.raises(ValidationFailed):
        services.reflection_save(
            actor=company.lea_user, module=module, private_text="a\x00", will_try="", pair_id=None
        )
