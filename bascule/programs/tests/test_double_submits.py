"""Programs, copies, invitations and applications sent twice (double click, browser retry,
API retry) are made once; the second sending lands on what the first one made."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bascule.core.idempotency import FIELD
from bascule.core.models import AuditEntry
from bascule.programs.models import Application, Invitation, Program, ProgramStatus
from bascule.programs.tests.test_enrollment_api import payload
from bascule.programs.tests.test_enrollment_apply import form_data
from bascule.testing import confirmation_form, submission_key

pytestmark = pytest.mark.django_db

SENT_TWICE = "This form was sent twice: it has been saved only once."


def future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def enrolling(company) -> Program:
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        mentor_max_level=3,
        mentee_min_level=5,
        languages=["fr", "en"],
    )
    program.managers.add(company.paul)
    return program


def api_post(client, url, data, key):
    return client.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


# --- Programs -----------------------------------------------------------------------------------


def test_it_creates_one_program_when_the_form_is_sent_twice(client, company):
    client.force_login(company.alice)
    page = client.get("/programs/new/", {"template": "reciprocal", "language": "en"})
    data = {
        key: value
        for key, value in page.context["form"].initial.items()
        if value is not None and key not in ("mentor_max_experience_years", "languages")
    }
    data.update(starts_on=future(30), ends_on=future(300), languages=["fr"])
    data[FIELD] = submission_key(page)
    first = client.post("/programs/new/", data)
    second = client.post("/programs/new/", data, follow=True)
    program = Program.objects.get()
    assert first["Location"] == second.redirect_chain[-1][0]
    assert first["Location"] == reverse("programs:program_detail", args=[program.pk])
    assert SENT_TWICE in second.content.decode()


def test_it_copies_a_program_once_when_the_button_is_pressed_twice(client, company, enrolling):
    client.force_login(company.alice)
    detail = client.get(reverse("programs:program_detail", args=[enrolling.pk]))
    url = reverse("programs:program_duplicate", args=[enrolling.pk])
    first = client.post(url, {FIELD: submission_key(detail)})
    second = client.post(url, {FIELD: submission_key(detail)}, follow=True)
    copy = Program.objects.exclude(pk=enrolling.pk).get()
    assert first["Location"] == reverse("programs:program_edit", args=[copy.pk])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert SENT_TWICE in second.content.decode()


def test_an_api_retry_gets_the_first_program_again(client, company):
    client.force_login(company.alice)
    body = {"template": "reciprocal", "starts_on": future(30), "ends_on": future(200)}
    first = api_post(client, "/api/programs/", body, "program-1")
    again = api_post(client, "/api/programs/", body, "program-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Program.objects.count() == 1


def test_an_api_retry_gets_the_first_copy_again(client, company, enrolling):
    client.force_login(company.alice)
    url = f"/api/programs/{enrolling.pk}/duplicate"
    first = api_post(client, url, None, "copy-1")
    again = api_post(client, url, None, "copy-1")
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Program.objects.count() == 2
    other = api_post(client, f"/api/programs/{first.json()['id']}/duplicate", None, "copy-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


# --- Invitations --------------------------------------------------------------------------------


def test_it_invites_once_when_the_form_is_sent_twice(
    client, company, enrolling, django_capture_on_commit_callbacks
):
    client.force_login(company.paul)
    url = reverse("programs:invite", kwargs={"program_id": enrolling.pk})
    key = submission_key(client.get(url))
    upload = b"lea.martin@example.com\nbernard.lefevre@example.com\n"
    # The form leads to the confirmation step; its button is the one pressed twice.
    step = client.post(
        url, {"file": SimpleUploadedFile("p.csv", upload), "resend": "on", FIELD: key}
    )
    action, data = confirmation_form(step)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action, data)
        second = client.post(action, data, follow=True)
    assert second.redirect_chain[-1][0] == f"{url}#invitations-title"
    assert SENT_TWICE in second.content.decode()
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2  # "resend" did not e-mail them a second time
    assert not AuditEntry.objects.filter(action="invitation.resend").exists()


def test_another_file_from_the_same_page_is_a_new_invitation(client, company, enrolling):
    client.force_login(company.paul)
    url = reverse("programs:invite", kwargs={"program_id": enrolling.pk})
    key = submission_key(client.get(url))
    steps = [
        client.post(url, {"file": SimpleUploadedFile("p.csv", content), FIELD: key})
        for content in (b"lea.martin@example.com\n", b"E005\n")
    ]
    for step in steps:
        action, data = confirmation_form(step)
        client.post(action, data)
    assert Invitation.objects.count() == 2


def test_an_api_retry_gets_the_first_invitation_counts_again(
    client, company, enrolling, django_capture_on_commit_callbacks
):
    client.force_login(company.paul)
    url = f"/api/enrollment/programs/{enrolling.pk}/invitations"
    body = {"entries": ["lea.martin@example.com", "E005"], "resend": True}
    with django_capture_on_commit_callbacks(execute=True):
        first = api_post(client, url, body, "invite-1")
        again = api_post(client, url, body, "invite-1")
    assert again.json() == first.json()
    assert (first.json()["invited"], first.json()["resent"]) == (2, 0)
    assert again["Idempotent-Replayed"] == "true"
    assert len(mail.outbox) == 2


# --- Applications -------------------------------------------------------------------------------


def test_it_sends_one_application_when_the_form_is_sent_twice(client, company, enrolling):
    client.force_login(company.lea_user)
    url = reverse("programs:apply", kwargs={"program_id": enrolling.pk})
    data = {**form_data(), FIELD: submission_key(client.get(url))}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first["Location"] == reverse("programs:my_applications")
    assert second.redirect_chain[-1][0] == first["Location"]
    page = second.content.decode()
    assert SENT_TWICE in page and "already applied" not in page
    assert Application.objects.count() == 1
    assert AuditEntry.objects.filter(action="application.submit").count() == 1


def test_an_api_retry_gets_the_first_application_again(client, company, enrolling):
    client.force_login(company.lea_user)
    url = f"/api/enrollment/programs/{enrolling.pk}/applications"
    first = api_post(client, url, payload(), "apply-1")
    again = api_post(client, url, payload(), "apply-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    plain = client.post(url, payload(), content_type="application/json")
    assert plain.status_code == 400 and plain.json()["code"] == "duplicate"
