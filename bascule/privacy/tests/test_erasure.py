"""HR erases a person on request: a confirmation that says what goes and what stays, a typed
name, then an anonymous person whose pairs, counts and survey scores still add up."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from bascule.accounts.models import ApiToken, User
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.evaluations import services as evaluation_services
from bascule.evaluations.tests.helpers import add_pair, answer
from bascule.journey.models import CheckIn, Goal, PrivateNote, SharedNote
from bascule.meetings.models import Meeting, MeetingStatus
from bascule.pairing.lifecycle import pair_end
from bascule.pairing.models import Pair, PairStatus
from bascule.people.models import Employee, EmployeeImport
from bascule.people.services import employee_import_commit, employee_import_create
from bascule.privacy import services
from bascule.privacy.base import Person
from bascule.programs.models import Application, ApplicationStatus
from bascule.reminders.models import ReminderPreference
from bascule.testing import PASSWORD, make_employee

LEA_IDENTIFIERS = ["Léa Martin", "lea.martin@example.com", "Lea Martin", "E004"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def erase_url(scene) -> str:
    return reverse("privacy:employee_erase", args=[scene.company.lea.pk])


def erase_lea(scene, typed: str = "lea martin"):
    return logged_in(scene.company.alice).post(erase_url(scene), {"confirmation": typed})


def test_the_confirmation_says_what_will_be_erased_and_what_kept(scene):
    response = logged_in(scene.company.alice).get(erase_url(scene))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Erase the personal data of Léa Martin" in page
    assert "What will be erased" in page
    assert "What will be kept, with no name" in page
    assert "1 application: everything written or chosen in the form" in page
    assert "1 shared note they wrote, deleted." in page
    assert "1 private note, deleted unread." in page
    assert "The free-text answers of 1 survey response." in page
    assert "1 pair, with “Erased person” in place of the name" in page
    # Consequences, at once: the active pair ends, the meeting to come is cancelled.
    assert "The active pair with Bernard Lefèvre ends now" in page
    assert "1 meeting to come is cancelled." in page
    assert "Type “Léa Martin” to confirm." in page
    assert "cannot be undone" in page


def test_a_wrong_name_erases_nothing_and_says_why(scene):
    response = erase_lea(scene, typed="Bernard Lefèvre")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was erased" in page
    assert "This is not the name shown" in page
    assert 'aria-invalid="true"' in page
    lea = Employee.objects.get(pk=scene.company.lea.pk)
    assert lea.erased_at is None and lea.first_name == "Léa"
    assert User.objects.get(pk=scene.lea.pk).is_active
    response = erase_lea(scene, typed="")
    assert "Type the name to confirm the erasure." in response.content.decode()
    assert not AuditEntry.objects.filter(action="privacy.erase").exists()


def test_it_erases_the_person_and_keeps_the_rest_anonymous(scene):
    response = erase_lea(scene)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:employee_detail", args=[scene.company.lea.pk])

    lea = Employee.objects.get(pk=scene.company.lea.pk)
    assert lea.erased_at is not None
    assert (lea.first_name, lea.last_name, lea.job_title, lea.manager_id) == ("", "", "", None)
    assert lea.email == f"erased-{lea.pk}@erased.invalid"
    assert lea.employee_id == f"erased-{lea.pk}"
    assert lea.full_name == "Erased person"
    assert lea.left_on is not None  # leaves every list of active people
    assert lea.department == scene.company.marketing  # kept for counts by department
    account = User.objects.get(pk=scene.lea.pk)
    assert not account.is_active and not account.has_usable_password()
    assert account.email == f"erased-{account.pk}@erased.invalid"
    assert str(account) == "Erased person"

    # What she wrote is gone; what her partner wrote stays.
    assert not PrivateNote.objects.filter(author=account).exists()
    assert not SharedNote.objects.filter(author=account).exists()
    assert PrivateNote.objects.filter(body="BERNARD-PRIVATE").exists()
    assert SharedNote.objects.filter(body="BERNARD-SHARED").exists()
    assert Goal.objects.filter(title="BERNARD-GOAL").exists()
    goal = Goal.objects.get(created_by=account)
    assert (goal.title, goal.success_criteria, goal.progress) == ("—", "—", 20)
    assert goal.milestones.get().title == "—"
    checkin = CheckIn.objects.get(member=lea)
    assert (checkin.blocking, checkin.message_to_hr, checkin.pulse) == ("", "", 2)
    assert CheckIn.objects.get(member=scene.company.bernard).blocking == "BERNARD-BLOCKING"
    application = Application.objects.get(employee=lea)
    assert (application.hopes, application.skills_to_share_text, application.interests) == (
        "",
        "",
        [],
    )
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.skills.exists()  # the skills picked stay, counted with no name
    assert Application.objects.get(employee=scene.company.bernard).hopes == "BERNARD-HOPES"
    assert not ReminderPreference.objects.filter(user=account).exists()

    # The pair survives, ended, and the meeting to come is cancelled without its agenda.
    pair = Pair.objects.get(pk=scene.pair.pk)
    assert pair.status == PairStatus.ENDED
    assert pair.pause_reason == ""
    assert str(pair).startswith("Erased person → Bernard Lefèvre")
    meeting = Meeting.objects.get(pair=pair)
    assert meeting.status == MeetingStatus.CANCELLED
    assert (meeting.agenda, meeting.location) == ("", "")


def test_the_erased_person_can_no_longer_log_in_nor_use_the_api(scene):
    session = logged_in(scene.lea)
    assert session.get(reverse("home:home")).status_code == 200
    bearer = Client(headers={"Authorization": f"Bearer {scene.lea_token}"})
    assert bearer.get("/api/accounts/me").status_code == 200

    erase_lea(scene)

    # The open session is over, and no session row is left for the account.
    assert session.get(reverse("home:home")).status_code == 302
    assert SESSION_KEY not in session.session
    assert bearer.get("/api/accounts/me").status_code == 401
    assert not ApiToken.objects.filter(user=scene.lea, revoked_at__isnull=True).exists()
    assert ApiToken.objects.get(user=scene.lea).name == ""
    # Neither the old nor the placeholder address logs in.
    for email in ("lea.martin@example.com", f"erased-{scene.lea.pk}@erased.invalid"):
        response = Client().post(
            reverse("accounts:login"), {"username": email, "password": PASSWORD}
        )
        assert response.status_code == 200  # the form again, with its error
        assert SESSION_KEY not in Client().session


def test_the_logs_keep_what_happened_but_no_longer_name_the_person(scene):
    # Ending the pair records both names and HR's reason on the program's audit entry.
    pair_end(actor=scene.company.alice, pair=scene.pair, reason="LEA-IS-LEAVING")
    # Someone else, whose name starts like hers, keeps it in the log.
    namesake = make_employee("E777", "Léa", "Martinez", email="lea.martinez@example.com")
    audit_record(actor=scene.company.alice, action="people.note", target=namesake)
    # An administrator changed Léa's record in Django's admin.
    LogEntry.objects.log_actions(
        user_id=scene.company.alice.pk,
        queryset=Employee.objects.filter(pk=scene.company.lea.pk),
        action_flag=CHANGE,
        change_message="[]",
        single_object=True,
    )
    erase_lea(scene)

    for entry in AuditEntry.objects.exclude(action="privacy.erase"):
        text = " ".join(
            [
                entry.actor_label,
                entry.object_repr,
                json.dumps(entry.changes, ensure_ascii=False),
                json.dumps(entry.changes),
            ]
        )
        if entry.action == "people.note":
            continue
        for identifier in [*LEA_IDENTIFIERS, "LEA-IS-LEAVING", "HR-PAUSE-REASON", "LEA-LAPTOP"]:
            assert identifier.lower() not in text.lower(), (entry.action, identifier, text)
    # The entries are still there, with the placeholder in place of the person.
    label = f"erased person #{scene.company.lea.pk}"
    ended = AuditEntry.objects.get(action="matching.pair_end")
    assert ended.changes["mentor"] == label
    assert ended.changes["mentee"] == "Bernard Lefèvre"
    assert ended.changes["reason"] == "[erased]"
    assert AuditEntry.objects.filter(actor=scene.lea, actor_label=label).exists()
    content_type = ContentType.objects.get_for_model(Employee)
    admin_entry = LogEntry.objects.get(content_type=content_type)
    assert admin_entry.object_repr == label
    assert AuditEntry.objects.get(action="people.note").object_repr == "Léa Martinez"


def test_the_erasure_is_audited_without_the_erased_data(scene):
    erase_lea(scene)
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor == scene.company.alice
    assert (entry.object_type, entry.object_id) == ("people.employee", str(scene.company.lea.pk))
    assert entry.changes["counts"]["private_notes"] == 1
    assert entry.changes["counts"]["account"] == 1
    text = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr
    for identifier in LEA_IDENTIFIERS:
        assert identifier not in text


def test_it_cannot_be_done_twice_nor_undone(scene):
    erase_lea(scene)
    client = logged_in(scene.company.alice)
    page = client.get(erase_url(scene)).content.decode()
    assert "There is nothing left to erase." in page
    assert "<form" not in page.split("<main")[1]
    response = client.post(erase_url(scene), {"confirmation": "Erased person"}, follow=True)
    assert "already been erased" in response.content.decode()
    assert AuditEntry.objects.filter(action="privacy.erase").count() == 1
    with pytest.raises(ConflictError):
        services.person_erase(
            actor=scene.company.alice,
            person=Person.of(employee=Employee.objects.get(pk=scene.company.lea.pk)),
            confirmation="Erased person",
        )
    # The employee page says so, and offers no erasure any more.
    page = client.get(reverse("people:employee_detail", args=[scene.company.lea.pk]))
    assert "personal data was erased on" in page.content.decode()
    assert erase_url(scene) not in page.content.decode()


def test_an_hr_admin_cannot_erase_their_own_account(company):
    company.alice.employee = company.cfo
    company.alice.save(update_fields=["employee"])
    url = reverse("privacy:employee_erase", args=[company.cfo.pk])
    client = logged_in(company.alice)
    assert "another HR admin must erase it" in client.get(url).content.decode()
    with pytest.raises(DomainError):
        services.person_erase(
            actor=company.alice,
            person=Person.of(employee=company.cfo),
            confirmation="Hélène Moreau",
        )
    assert Employee.objects.get(pk=company.cfo.pk).erased_at is None


def test_an_account_without_an_employee_record_is_erased_from_its_own_page(company):
    url = reverse("privacy:account_erase", args=[company.oscar.pk])
    client = logged_in(company.alice)
    page = client.get(url).content.decode()
    assert "Type “Oscar Outsider” to confirm." in page
    response = client.post(url, {"confirmation": "Oscar Outsider"})
    assert response.status_code == 302
    oscar = User.objects.get(pk=company.oscar.pk)
    assert oscar.erased_at is not None and not oscar.is_active
    # An account linked to an employee is erased from the employee's page.
    response = client.get(reverse("privacy:account_erase", args=[company.lea_user.pk]))
    assert response["Location"] == reverse("privacy:employee_erase", args=[company.lea.pk])


@pytest.mark.parametrize(
    "model, target",
    [("people/employee", lambda company: company.lea), ("accounts/user", lambda c: c.lea_user)],
)
def test_deleting_from_the_admin_leads_to_the_erasure_instead(company, model, target):
    root = User.objects.create_superuser(email="root@example.com", password=PASSWORD, language="en")
    client = logged_in(root)
    obj = target(company)
    for method in (client.get, client.post):
        response = method(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[0][1] == 302
        page = response.content.decode()
        assert "are not deleted: their personal data is erased instead" in page
        assert "What will be erased" in page
    assert Employee.objects.filter(pk=company.lea.pk, erased_at__isnull=True).exists()
    assert User.objects.filter(pk=company.lea_user.pk, is_active=True).exists()
    response = client.get(f"/admin/{model}/{obj.pk}/change/")
    assert "Delete" not in response.content.decode().split('class="submit-row"')[1][:500]
    assert client.get(f"/admin/{model}/not-a-number/delete/").status_code == 404


def test_survey_results_still_count_the_erased_answers_but_show_none_of_their_words(scene):
    surveys = evaluation_services.ensure_program_surveys(scene.running.program)
    baseline = surveys["baseline"]
    # Léa and Bernard answered (the scene); Inès and Marc, and two more pairs, answer too.
    other = scene.running.other_pair
    answer(baseline, other, scene.running.matching.users["ines"], value=2, text="INES-TEXT")
    answer(baseline, other, scene.running.matching.users["marc"], value=2, text="MARC-TEXT")
    for _ in range(2):
        pair, mentor, mentee = add_pair(scene.running.program)
        answer(baseline, pair, mentor, value=5, text="")
        answer(baseline, pair, mentee, value=5, text="")
    client = logged_in(scene.company.alice)
    url = f"/api/evaluations/surveys/{baseline.pk}/results"

    def results() -> dict:
        response = client.get(url)
        assert response.status_code == 200
        return response.json()

    before = results()
    assert before["shown"] and before["respondents"] == 8
    texts_before = {t for q in before["questions"] for t in q["texts"]}
    assert "LEA-SURVEY-TEXT" in texts_before

    erase_lea(scene)

    after = results()
    # 4 mentors and 4 mentees: groups under 5, whose sizes are not shown.
    assert (after["respondents"], after["mentors"], after["mentees"]) == (8, None, None)
    likert = [q for q in after["questions"] if q["kind"] == "likert"]
    assert [q["overall"] for q in likert] == [
        q["overall"] for q in before["questions"] if q["kind"] == "likert"
    ]
    texts_after = {t for q in after["questions"] for t in q["texts"]}
    assert texts_after == texts_before - {"LEA-SURVEY-TEXT"}
    assert "BERNARD-SURVEY-TEXT" in texts_after


def test_the_stored_hr_files_no_longer_hold_the_erased_person(scene):
    staff = "Matricule;Prénom;Nom;E-mail\nE004;Léa;Martin;lea.martin@example.com\n".encode()
    upload = employee_import_create(
        actor=scene.company.alice, filename="staff.csv", content=staff, full_export=False
    )
    employee_import_commit(employee_import=upload, actor=scene.company.alice)
    erase_lea(scene)
    done = EmployeeImport.objects.get(pk=upload.pk)
    assert bytes(done.content) == b""
    assert done.counts  # the import's page still has its counts
    page = logged_in(scene.company.alice).get(reverse("people:import_preview", args=[upload.pk]))
    assert page.status_code == 200


def test_it_forgets_the_persons_recent_submissions_and_demo_outbox_mail(scene):
    from bascule.core.models import IdempotencyKey, OutboxMessage, OutboxRecipient

    lea = scene.company.lea_user
    IdempotencyKey.objects.create(
        actor=lea, key="k-1", scope="journey.goal_create", fingerprint="f", response_body="{}"
    )
    IdempotencyKey.objects.create(
        actor=scene.company.alice, key="k-2", scope="journey.goal_create", fingerprint="f"
    )
    mine = OutboxMessage.objects.create(from_email="b@x", to=[lea.email], subject="Hi", raw=b"")
    OutboxRecipient.objects.create(message=mine, address=lea.email)
    other = OutboxMessage.objects.create(from_email="b@x", to=["x@y.z"], subject="Hi", raw=b"")
    OutboxRecipient.objects.create(message=other, address="x@y.z")

    assert erase_lea(scene).status_code == 302
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k-2"]
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [other.pk]
