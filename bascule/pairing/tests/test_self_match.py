"""Self-match: a mentee sees their best eligible mentors, explained, and asks one; the
mentor accepts (a lock the next runs keep) or declines, with a message; HR can override."""

import pytest
from django.core import mail
from django.urls import reverse

from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.pairing import services
from bascule.pairing.models import MentorRequest, PairRule, RequestStatus, RuleKind
from bascule.pairing.selfmatch import selectors as selfmatch_selectors
from bascule.pairing.selfmatch import services as selfmatch_services
from bascule.programs.models import Program

pytestmark = pytest.mark.django_db
BASE = "/api/matching"


@pytest.fixture
def program(setup):
    Program.objects.filter(pk=setup.program.pk).update(self_match=True)
    setup.program.refresh_from_db()
    return setup.program


def ask(setup, mentee, mentor, message="", actor=None):
    return selfmatch_services.mentor_request_create(
        actor=actor,
        program=setup.program,
        mentee=setup.mentees[mentee],
        mentor_application_id=setup.mentors[mentor].pk,
        message=message,
    )


def answer(request, decision, actor=None, message=""):
    return selfmatch_services.mentor_request_answer(
        actor=actor, request=request, decision=decision, message=message
    )


def test_a_mentee_sees_the_best_eligible_mentors_best_first(program, setup):
    options = selfmatch_selectors.mentor_choices(program=program, mentee=setup.mentees["bernard"])
    names = [c.application for c in options.candidates]
    # Tom speaks English only; Bernard French only.
    assert names == [setup.mentors["lea"], setup.mentors["ines"]]
    assert options.candidates[0].score >= options.candidates[1].score
    # Marc is Léa's manager, so only Inès and Tom are offered; Gérard speaks German only.
    marc = selfmatch_selectors.mentor_choices(program=program, mentee=setup.mentees["marc"])
    assert setup.mentors["lea"] not in [c.application for c in marc.candidates]
    gerard = selfmatch_selectors.mentor_choices(program=program, mentee=setup.mentees["gerard"])
    assert gerard.candidates == [] and gerard.reasons[0]["code"] == "no_common_language"


def test_ask_accept_then_the_next_run_keeps_the_pair(
    program, setup, company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(setup, "bernard", "lea", "Je veux apprendre l'IA", company.bernard_user)
    assert request.status == RequestStatus.PENDING and request.score > 0
    assert [m.to for m in mail.outbox] == [[company.lea.email]]
    assert "Je veux apprendre l'IA" in mail.outbox[0].body
    with pytest.raises(ConflictError):
        ask(setup, "bernard", "ines")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(request, RequestStatus.ACCEPTED, company.lea_user, "Avec plaisir")
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.answered_at
    assert [m.to for m in mail.outbox] == [[company.bernard.email]]
    assert "Avec plaisir" in mail.outbox[0].body and "Bonjour Bernard" in mail.outbox[0].body
    lock = PairRule.objects.get(kind=RuleKind.LOCK)
    assert (lock.mentee_application, lock.mentor_application) == (
        setup.mentees["bernard"],
        setup.mentors["lea"],
    )
    run = services.run_matching(actor=company.alice, program=program)
    kept = run.proposals.get(mentee_application=setup.mentees["bernard"])
    assert kept.mentor_application == setup.mentors["lea"] and kept.locked
    # Léa is full (capacity 1): nobody else is offered her, nor can she accept another.
    helene = selfmatch_selectors.mentor_choices(program=program, mentee=setup.mentees["helene"])
    assert setup.mentors["lea"] not in [c.application for c in helene.candidates]
    with pytest.raises(ConflictError):
        answer(request, RequestStatus.DECLINED)
    assert AuditEntry.objects.filter(action="matching.mentor_request_answer").count() == 1


def test_a_declined_mentor_is_not_offered_again_and_hard_constraints_hold(
    program, setup, company, django_capture_on_commit_callbacks
):
    request = ask(setup, "bernard", "lea")
    with django_capture_on_commit_callbacks(execute=True):
        answer(request, RequestStatus.DECLINED, company.lea_user, "Pas ce trimestre")
    assert "Pas ce trimestre" in mail.outbox[-1].body
    assert not PairRule.objects.exists()
    options = selfmatch_selectors.mentor_choices(program=program, mentee=setup.mentees["bernard"])
    assert [c.application for c in options.candidates] == [setup.mentors["ines"]]
    with pytest.raises(DomainError) as error:
        ask(setup, "bernard", "lea")
    assert error.value.code == "not_eligible"
    # Marc cannot ask Léa (reporting line), Gérard cannot ask Tom (no common language).
    for mentee, mentor in (("marc", "lea"), ("gerard", "tom")):
        with pytest.raises(DomainError) as error:
            ask(setup, mentee, mentor)
        assert error.value.code == "not_eligible"
    assert MentorRequest.objects.count() == 1


def test_hr_can_override_an_accepted_request(program, setup, company):
    answer(ask(setup, "bernard", "lea"), RequestStatus.ACCEPTED)
    services.run_matching(actor=company.alice, program=program)
    services.manual_pair(
        actor=company.alice,
        program=program,
        mentee_application_id=setup.mentees["bernard"].pk,
        mentor_application_id=setup.mentors["ines"].pk,
    )
    run = services.run_matching(actor=company.alice, program=program)
    assert (
        run.proposals.get(mentee_application=setup.mentees["bernard"]).mentor_application
        == setup.mentors["ines"]
    )


def test_self_match_needs_the_option_and_the_matching_status(setup):
    with pytest.raises(DomainError) as error:
        selfmatch_selectors.mentor_choices(program=setup.program, mentee=setup.mentees["bernard"])
    assert error.value.code == "not_self_match"
    with pytest.raises(DomainError):
        ask(setup, "bernard", "lea")


def test_the_pages_ask_and_answer(
    client, program, setup, company, django_capture_on_commit_callbacks
):
    client.force_login(company.bernard_user)
    choose = reverse("pairing:choose_mentor", kwargs={"program_id": program.pk})
    assert choose in client.get(reverse("pairing:mentor_requests")).content.decode()
    html = client.get(choose).content.decode()
    assert "Léa Martin" in html and "Inès Garcia" in html and "Tom Baker" not in html
    ask_url = reverse("pairing:mentor_request_create", kwargs={"program_id": program.pk})
    response = client.post(ask_url, {"message": "Hello"})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url, {"mentor": setup.mentors["lea"].pk, "message": "Hi"})
    assert response.status_code == 302
    assert MentorRequest.objects.get().status == RequestStatus.PENDING
    client.force_login(company.lea_user)
    requests_url = reverse("pairing:mentor_requests")
    html = client.get(requests_url).content.decode()
    assert "Bernard Lefèvre" in html and "Accept" in html
    request = MentorRequest.objects.get()
    answer_url = reverse("pairing:mentor_request_answer", kwargs={"request_id": request.pk})
    response = client.post(
        answer_url,
        {f"answer-{request.pk}-decision": "accepted", f"answer-{request.pk}-message": "Yes"},
        follow=True,
    )
    assert "You accepted Bernard Lefèvre" in response.content.decode()
    # The workbench lists the request for HR.
    client.force_login(company.alice)
    html = client.get(reverse("pairing:workbench", kwargs={"program_id": program.pk}))
    assert 'id="requests-title"' in html.content.decode()
    # Someone else's request is not found.
    client.force_login(company.bernard_user)
    assert client.post(answer_url, {}).status_code == 404


def test_the_api_lists_asks_and_answers(client, program, setup, company):
    client.force_login(company.bernard_user)
    choices = client.get(f"{BASE}/programs/{program.pk}/mentor-choices")
    assert choices.status_code == 200, choices.content
    assert [c["person"]["application_id"] for c in choices.json()["candidates"]] == [
        setup.mentors["lea"].pk,
        setup.mentors["ines"].pk,
    ]
    body = {"mentor_application_id": setup.mentors["lea"].pk, "message": "Hi"}
    created = client.post(f"{BASE}/programs/{program.pk}/mentor-requests", body, "application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    again = client.post(f"{BASE}/programs/{program.pk}/mentor-requests", body, "application/json")
    assert again.status_code == 409
    assert client.get(f"{BASE}/programs/{program.pk}/mentor-choices").status_code == 409
    client.force_login(company.lea_user)
    mine = client.get(f"{BASE}/me/mentor-requests").json()
    assert [r["mentee"]["name"] for r in mine["to_me"]] == ["Bernard Lefèvre"]
    request_id = mine["to_me"][0]["id"]
    answered = client.post(
        f"{BASE}/mentor-requests/{request_id}/answer",
        {"decision": "declined", "message": "Sorry"},
        "application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "declined"
    client.force_login(company.alice)
    assert client.get(f"{BASE}/programs/{program.pk}/mentor-choices").status_code == 403


def test_the_option_is_a_matching_setting(client, setup, company):
    client.force_login(company.paul)
    url = reverse("pairing:workbench", kwargs={"program_id": setup.program.pk})
    assert "Mentees choose their mentor" in client.get(url).content.decode()
    services.matching_settings_update(
        actor=company.alice, program=setup.program, values={"self_match": True}
    )
    setup.program.refresh_from_db()
    assert setup.program.self_match
    entry = AuditEntry.objects.get(action="program.matching_settings")
    assert entry.changes["new"]["self_match"] is True
