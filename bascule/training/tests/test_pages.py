"""Training pages, learner's side: my training, a module and its sections (resume, the
language notice), the quiz and its results, reflections and the pair's page."""

import pytest
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.pairing.testing import make_running_program
from bascule.testing import make_user, submission_key
from bascule.training import content, services
from bascule.training.models import Module, Progress, QuizAttempt, Reflection
from bascule.training.tests.factories import make_module, module_data

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def english_only(slug: str = "english-only") -> Module:
    data = module_data(slug)
    del data["fr"]
    services.install_catalog([content.parse(data)])
    return Module.objects.get(slug=slug)


def test_my_training_lists_progress_done_and_the_library(client, company):
    started = make_module("started")
    done = make_module("done", questions=0)
    make_module("untouched")
    make_module("hidden", publish=False)
    services.section_read(actor=company.lea_user, module=started, number=1)
    for number in (1, 2):
        services.section_read(actor=company.lea_user, module=done, number=number)
    page = login(client, company.lea_user).get(reverse("training:my_training"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "50% done, sections read: 1 of 3." not in text  # two sections and a quiz
    assert "33% done, sections read: 1 of 2." in text
    assert reverse("training:section", kwargs={"slug": "started", "number": 2}) in text
    assert "untouched (en)" in text and "hidden (en)" not in text
    assert "Completed on" in text


def test_the_module_page_and_a_section_resume_where_i_stopped(client, company):
    module = make_module(sections=3)
    login(client, company.lea_user)
    page = client.get(reverse("training:module", kwargs={"slug": module.slug}))
    assert "Start the module" in page.content.decode()
    assert "Objective 1 (en)" in page.content.decode()
    url = reverse("training:section", kwargs={"slug": module.slug, "number": 1})
    section = client.get(url)
    assert "Section 1 of 3" in section.content.decode()
    assert "<strong>1</strong>" in section.content.decode()
    assert not Progress.objects.exists()  # a GET writes nothing
    response = client.post(url)
    assert response.url == reverse("training:section", kwargs={"slug": module.slug, "number": 2})
    page = client.get(reverse("training:module", kwargs={"slug": module.slug}))
    assert "Resume at section 2" in page.content.decode()


def test_the_other_language_with_a_notice(client, company):
    module = english_only()
    company.lea_user.language = "fr"
    company.lea_user.save(update_fields=["language"])
    client.cookies["django_language"] = "fr"
    login(client, company.lea_user)
    page = client.get(
        reverse("training:module", kwargs={"slug": module.slug}), HTTP_ACCEPT_LANGUAGE="fr"
    )
    text = page.content.decode()
    assert (
        "Ce module n’existe qu’en anglais." in text or "Ce module n'existe qu'en anglais." in text
    )
    assert "english-only (en)" in text
    assert '<h1 lang="en">english-only (en)</h1>' in text


@pytest.mark.parametrize("slug", ["nothing-here", "draft"])
def test_unknown_or_unpublished_module_is_404(client, company, slug):
    make_module("draft", publish=False)
    login(client, company.lea_user)
    assert client.get(reverse("training:module", kwargs={"slug": slug})).status_code == 404
    assert client.get(reverse("training:quiz", kwargs={"slug": slug})).status_code == 404


def test_a_section_out_of_range_is_404(client, company):
    module = make_module()
    login(client, company.lea_user)
    for number in (0, 3, 2**40):
        url = reverse("training:section", kwargs={"slug": module.slug, "number": number})
        assert client.get(url).status_code == 404


def test_the_quiz_scores_explains_and_completes(client, company):
    module = make_module()
    login(client, company.lea_user)
    for number in (1, 2):
        client.post(reverse("training:section", kwargs={"slug": module.slug, "number": number}))
    quiz_url = reverse("training:quiz", kwargs={"slug": module.slug})
    page = client.get(quiz_url)
    text = page.content.decode()
    assert text.count("<fieldset") == 2 and "<legend" in text
    data = {
        "version": module.published_id,
        "question_1": "0",
        "question_2": "1",
        "submission_key": submission_key(page),
    }
    response = client.post(quiz_url, data)
    attempt_url = reverse("training:attempt", kwargs={"slug": module.slug, "number": 1})
    assert response.url == attempt_url
    again = client.post(quiz_url, data)  # sent twice
    assert again.url == attempt_url
    assert QuizAttempt.objects.count() == 1
    result = client.get(attempt_url).content.decode()
    assert "50% of the questions fully right" in result
    assert "Because." in result and "No." in result  # every choice's explanation
    assert "You have completed this module." in result
    assert Progress.objects.get().completed_at is not None


@pytest.mark.parametrize(
    "data",
    [
        {"question_1": "0", "question_2": "9"},
        {"question_1": "0", "question_2": "\x00"},
        {"question_1": "0", "question_2": str(2**80)},
        {"question_1": "0"},
        {"question_1": "0", "question_2": "0", "version": str(2**80)},
        {"question_1": "0", "question_2": "0", "version": "999999"},
    ],
)
def test_bad_answers_show_an_error_and_save_nothing(client, company, data):
    module = make_module()
    login(client, company.lea_user)
    quiz_url = reverse("training:quiz", kwargs={"slug": module.slug})
    page = client.get(quiz_url)
    sent = {"version": module.published_id, "submission_key": submission_key(page), **data}
    response = client.post(quiz_url, sent)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode() or "error-summary" in (
        response.content.decode()
    )
    assert not QuizAttempt.objects.exists()


def test_someone_elses_attempt_is_404(client, company):
    module = make_module()
    services.quiz_submit(
        actor=company.bernard_user,
        module=module,
        version_id=module.published_id,
        answers=[[0], [0]],
    )
    login(client, company.lea_user)
    url = reverse("training:attempt", kwargs={"slug": module.slug, "number": 1})
    assert client.get(url).status_code == 404


def test_reflection_shared_with_the_partner_never_the_private_text(client, company):
    running = make_running_program(company)
    module = make_module(questions=0)
    login(client, company.lea_user)
    url = reverse("training:reflection", kwargs={"slug": module.slug})
    assert client.get(url).status_code == 302  # not completed yet
    for number in (1, 2):
        client.post(reverse("training:section", kwargs={"slug": module.slug, "number": number}))
    response = client.post(
        url,
        {
            "private_text": "SECRET-THOUGHT",
            "will_try": "Ask open questions",
            "pair": running.pair.pk,
        },
    )
    assert response.status_code == 302
    assert Reflection.objects.get().shared_with == running.pair
    pair_url = reverse("training:pair_tries", kwargs={"pair_id": running.pair.pk})
    login(client, company.bernard_user)
    partner_page = client.get(pair_url).content.decode()
    assert "Ask open questions" in partner_page
    assert "SECRET-THOUGHT" not in partner_page
    # Someone else's pair: 404.
    other = reverse("training:pair_tries", kwargs={"pair_id": running.other_pair.pk})
    assert client.get(other).status_code == 404
    # HR reads neither the page nor the text anywhere.
    hr = make_user("hr2@example.com", "hr_admin")
    login(client, hr)
    assert client.get(pair_url).status_code == 403
    log = client.get(reverse("core:audit_log")).content.decode()
    assert "SECRET-THOUGHT" not in log and "Ask open questions" not in log
    assert not AuditEntry.objects.filter(changes__icontains="SECRET").exists()


def test_a_pair_of_mine_not_mine_and_huge_ids(client, company):
    login(client, company.lea_user)
    for pair_id in (1, 2**40):
        url = reverse("training:pair_tries", kwargs={"pair_id": pair_id})
        assert client.get(url).status_code == 404


def test_the_sponsor_and_people_without_an_employee_record_get_403(client, company):
    for user in (company.sophie, company.oscar, company.alice):
        login(client, user)
        assert client.get(reverse("training:my_training")).status_code == 403


def test_what_is_required_of_me_says_when_it_is_overdue(client, company, time_machine):
    import datetime as dt

    from bascule.training.models import Requirement

    time_machine.move_to(dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)
    running = make_running_program(company)
    late = make_module("late")
    soon = make_module("soon")
    Requirement.objects.create(program=running.program, module=late, role="mentor", due_days=1)
    Requirement.objects.create(program=running.program, module=soon, role="mentor", due_days=30)
    time_machine.move_to(dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    text = login(client, company.lea_user).get(reverse("training:my_training")).content.decode()
    assert "Overdue: it was due on" in text
    assert "To finish by" in text
    assert text.index("late (en)") < text.index("soon (en)")
    # Required modules are not repeated in the library.
    library = text[text.index("The library") :]
    assert "late (en)" not in library and "soon (en)" not in library


def test_a_callout_is_a_blockquote_starting_with_bold(client, company):
    data = module_data("callout")
    data["en"]["sections"][0]["body"] = (
        "> **Tip:** summarise before answering.\n\n<script>x</script>"
    )
    services.install_catalog([content.parse(data)])
    url = reverse("training:section", kwargs={"slug": "callout", "number": 1})
    text = login(client, company.lea_user).get(url).content.decode()
    assert "<blockquote>" in text and "<strong>Tip:</strong>" in text
    assert "<script>x</script>" not in text
