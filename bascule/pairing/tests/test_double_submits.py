"""The matching workbench's buttons pressed twice (double click, browser retry, API retry):
one run, one exclusion, one pair by hand, one swap (not swapped back), one publication, one
rematch, one mentor request; the second sending lands on what the first one did."""

import pytest
from django.core import mail
from django.urls import reverse

from bascule.core.idempotency import FIELD
from bascule.core.models import AuditEntry
from bascule.pairing import services
from bascule.pairing.models import MatchRun, MentorRequest, Pair, PairRule, Proposal, RuleKind
from bascule.pairing.tests.test_rematch import newcomers, publish
from bascule.programs.models import Program
from bascule.testing import confirmation_form, submission_key

pytestmark = pytest.mark.django_db

SENT_TWICE = "This form was sent twice: it has been saved only once."
BASE = "/api/matching"


def workbench(client, setup):
    return client.get(reverse("pairing:workbench", kwargs={"program_id": setup.program.pk}))


def twice(client, url, data):
    """Post the same form twice; return the second answer, followed."""
    client.post(url, data)
    return client.post(url, data, follow=True)


def api_twice(client, url, body, key):
    """Send the same API request twice with one Idempotency-Key; return both answers."""
    send = lambda: client.post(  # noqa: E731
        url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    return send(), send()


def assert_replayed(first, again, status):
    assert (first.status_code, again.status_code) == (status, status), first.content
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first


# --- Pages --------------------------------------------------------------------------------------


def test_it_runs_the_matching_once_when_the_button_is_pressed_twice(client, setup, company):
    client.force_login(company.paul)
    url = reverse("pairing:run", kwargs={"program_id": setup.program.pk})
    second = twice(client, url, {FIELD: submission_key(workbench(client, setup), url)})
    assert MatchRun.objects.count() == 1
    assert SENT_TWICE in second.content.decode()
    assert second.redirect_chain[-1][0].endswith("#run-title")


def test_it_excludes_once_and_the_second_press_finds_no_missing_pair(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    marc_ines = run.proposals.get(mentee_application=setup.mentees["marc"])
    client.force_login(company.paul)
    url = reverse("pairing:proposal_exclude", kwargs={"proposal_id": marc_ines.pk})
    second = twice(client, url, {FIELD: submission_key(workbench(client, setup), url)})
    assert second.status_code == 200  # not a 404 for the proposal gone meanwhile
    assert SENT_TWICE in second.content.decode()
    assert PairRule.objects.filter(kind=RuleKind.EXCLUDE).count() == 1
    assert AuditEntry.objects.filter(action="matching.exclude").count() == 1


def test_it_pairs_by_hand_once_when_the_form_is_sent_twice(client, setup, company):
    services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.paul)
    url = reverse("pairing:manual_pair", kwargs={"program_id": setup.program.pk})
    data = {
        "mentee": setup.mentees["helene"].pk,
        "mentor": setup.mentors["ines"].pk,
        FIELD: submission_key(workbench(client, setup), url),
    }
    second = twice(client, url, data)
    assert SENT_TWICE in second.content.decode()
    assert AuditEntry.objects.filter(action="matching.manual_pair").count() == 1


def test_a_swap_sent_twice_is_not_swapped_back(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard = run.proposals.get(mentee_application=setup.mentees["bernard"])
    marc = run.proposals.get(mentee_application=setup.mentees["marc"])
    client.force_login(company.paul)
    url = reverse("pairing:swap", kwargs={"program_id": setup.program.pk})
    data = {
        "swap-first": bernard.pk,
        "swap-second": marc.pk,
        FIELD: submission_key(workbench(client, setup), url),
    }
    second = twice(client, url, data)
    assert SENT_TWICE in second.content.decode()
    bernard.refresh_from_db()
    assert bernard.mentor_application == setup.mentors["ines"]
    assert AuditEntry.objects.filter(action="matching.swap").count() == 1


def test_it_publishes_once_without_an_error_for_the_second_press(
    client, setup, company, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    url = reverse("pairing:publish", kwargs={"run_id": run.pk})
    data = {FIELD: submission_key(workbench(client, setup), url)}
    # The workbench's button leads to the confirmation step, whose button is pressed twice.
    action, confirm_data = confirmation_form(client.post(url, data))
    with django_capture_on_commit_callbacks(execute=True):
        second = twice(client, action, confirm_data)
    page = second.content.decode()
    assert SENT_TWICE in page and "already published" not in page
    assert Pair.objects.count() == 2 and len(mail.outbox) == 4


def test_it_rematches_once_when_the_candidate_is_chosen_twice(
    client, setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    mentee, mentors = newcomers(setup, company)
    client.force_login(company.paul)
    kwargs = {"program_id": setup.program.pk, "application_id": mentee.pk}
    url = reverse("pairing:rematch_pair", kwargs=kwargs)
    page = client.get(reverse("pairing:rematch_candidates", kwargs=kwargs))
    key = submission_key(page, url, containing=f'value="{mentors[0].pk}"')
    # Choosing the candidate leads to the confirmation step, whose button is pressed twice.
    step = client.post(url, {"partner": mentors[0].pk, FIELD: key})
    action, data = confirmation_form(step)
    with django_capture_on_commit_callbacks(execute=True):
        second = twice(client, action, data)
    page = second.content.decode()
    assert SENT_TWICE in page and "no room left" not in page
    assert Pair.objects.filter(mentee_application=mentee).count() == 1
    assert len(mail.outbox) == 2


@pytest.fixture
def self_match(setup):
    Program.objects.filter(pk=setup.program.pk).update(self_match=True)
    setup.program.refresh_from_db()
    return setup.program


def test_a_mentee_asks_a_mentor_once_when_the_form_is_sent_twice(
    client, self_match, setup, company, django_capture_on_commit_callbacks
):
    client.force_login(company.bernard_user)
    page = client.get(reverse("pairing:choose_mentor", kwargs={"program_id": self_match.pk}))
    url = reverse("pairing:mentor_request_create", kwargs={"program_id": self_match.pk})
    data = {"mentor": setup.mentors["lea"].pk, "message": "Hi", FIELD: submission_key(page, url)}
    with django_capture_on_commit_callbacks(execute=True):
        second = twice(client, url, data)
    page = second.content.decode().replace("&#x27;", "'")
    # Bernard reads French.
    assert "Ce formulaire a été envoyé deux fois : il n'a été enregistré qu'une fois." in page
    assert "Vous avez déjà sollicité un mentor" not in page
    assert MentorRequest.objects.count() == 1 and len(mail.outbox) == 1


# --- API ----------------------------------------------------------------------------------------


def test_an_api_retry_of_a_run_gets_the_first_run_again(client, setup, company):
    client.force_login(company.paul)
    first, again = api_twice(client, f"{BASE}/programs/{setup.program.pk}/runs", None, "run-1")
    assert_replayed(first, again, 201)
    assert MatchRun.objects.count() == 1


def test_an_api_retry_of_an_exclusion_answers_204_again(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    proposal = run.proposals.get(mentee_application=setup.mentees["marc"])
    client.force_login(company.paul)
    first, again = api_twice(client, f"{BASE}/proposals/{proposal.pk}/exclude", None, "ex-1")
    assert_replayed(first, again, 204)


def test_an_api_retry_of_a_manual_pair_gets_the_first_answer(client, setup, company):
    services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.paul)
    body = {
        "mentee_application_id": setup.mentees["gerard"].pk,
        "mentor_application_id": setup.mentors["tom"].pk,
    }
    url = f"{BASE}/programs/{setup.program.pk}/manual-pairs"
    first, again = api_twice(client, url, body, "manual-1")
    assert_replayed(first, again, 201)
    assert AuditEntry.objects.filter(action="matching.manual_pair").count() == 1


def test_an_api_retry_of_a_swap_does_not_swap_back(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard = run.proposals.get(mentee_application=setup.mentees["bernard"])
    marc = run.proposals.get(mentee_application=setup.mentees["marc"])
    client.force_login(company.alice)
    body = {"first_proposal_id": bernard.pk, "second_proposal_id": marc.pk}
    url = f"{BASE}/programs/{setup.program.pk}/swaps"
    first, again = api_twice(client, url, body, "swap-1")
    assert_replayed(first, again, 200)
    assert Proposal.objects.get(pk=bernard.pk).mentor_application == setup.mentors["ines"]


def test_an_api_retry_of_a_publication_gets_the_first_answer(
    client, setup, company, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    with django_capture_on_commit_callbacks(execute=True):
        first, again = api_twice(client, f"{BASE}/runs/{run.pk}/publish", None, "publish-1")
    assert_replayed(first, again, 200)
    assert Pair.objects.count() == 2 and len(mail.outbox) == 4


def test_an_api_retry_of_a_rematch_gets_the_first_pair(
    client, setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    mentee, mentors = newcomers(setup, company)
    client.force_login(company.alice)
    body = {"application_id": mentee.pk, "partner_application_id": mentors[0].pk}
    url = f"{BASE}/programs/{setup.program.pk}/rematch"
    first, again = api_twice(client, url, body, "rematch-1")
    assert_replayed(first, again, 201)
    assert Pair.objects.filter(mentee_application=mentee).count() == 1


def test_an_api_retry_of_a_mentor_request_gets_the_first_request(
    client, self_match, setup, company
):
    client.force_login(company.bernard_user)
    body = {"mentor_application_id": setup.mentors["lea"].pk, "message": "Hi"}
    url = f"{BASE}/programs/{self_match.pk}/mentor-requests"
    first, again = api_twice(client, url, body, "ask-1")
    assert_replayed(first, again, 201)
    assert MentorRequest.objects.count() == 1
