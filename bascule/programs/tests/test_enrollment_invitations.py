"""Inviting people: by department, by level range, by an uploaded list; the personal link."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from bascule.accounts.models import Role, User
from bascule.core.models import AuditEntry
from bascule.programs.models import Invitation, Program, ProgramStatus
from bascule.testing import make_employee, submit_confirmation


@pytest.fixture
def program(company):
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        mentor_max_level=3,
        mentee_min_level=5,
    )
    program.managers.add(company.paul)
    return program


@pytest.fixture
def invite(client, company, program, django_capture_on_commit_callbacks):
    client.force_login(company.paul)
    url = reverse("programs:invite", kwargs={"program_id": program.pk})

    def post(data):
        """Choose people, then confirm when the confirmation step allows it."""
        count, sent = Invitation.objects.count(), len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            step = client.post(url, data)
        assert (Invitation.objects.count(), len(mail.outbox)) == (count, sent), "not confirmed"
        if 'class="confirm-actions"' not in step.content.decode():
            return step
        with django_capture_on_commit_callbacks(execute=True):
            response = submit_confirmation(client, step)
        response.confirmation_step = step.content.decode()
        return response

    return post


def invited(program) -> set[str]:
    return set(Invitation.objects.filter(program=program).values_list("employee__email", flat=True))


def test_it_invites_a_department(invite, company, program):
    response = invite({"departments": [company.marketing.pk], "suggested_role": "mentor"})
    assert response.status_code == 200
    assert invited(program) == {company.cmo.email, company.lea.email}
    assert "2 people invited." in response.content.decode()
    assert "2 e-mails will be sent in the next few minutes." in response.content.decode()
    assert "/emails/failed/" not in response.content.decode()  # Paul: no failed e-mails page
    assert sorted(m.to[0] for m in mail.outbox) == sorted([company.cmo.email, company.lea.email])
    assert AuditEntry.objects.filter(action="invitation.create").count() == 2


def test_it_invites_a_level_range(invite, company, program):
    invite({"level_min": "6", "level_max": "7"})
    assert invited(program) == {company.cmo.email, company.cfo.email, company.bernard.email}


def test_nobody_chosen_is_an_error(invite, program):
    response = invite({"level_min": "6", "level_max": "2"})
    assert "The highest level must not be below the lowest." in response.content.decode()
    response = invite({})
    assert "Choose departments, a range of levels, or a file" in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_invites_an_uploaded_csv_and_reports_unknown_lines(client, invite, company, program):
    content = b"E-mail\nlea.martin@example.com\nBERNARD.LEFEVRE@example.com\nnobody@example.com\n"
    url = reverse("programs:invite", kwargs={"program_id": program.pk})
    step = client.post(url, {"file": SimpleUploadedFile("people.csv", content)})
    page = step.content.decode()
    assert "Invite 2 people?" in page
    assert "2 people receive an e-mail now" in page
    assert "1 line of the file matches nobody in the directory and is left out: line 4" in page
    assert "nobody@example.com" in page
    assert not Invitation.objects.exists() and mail.outbox == []
    invite({"file": SimpleUploadedFile("people.csv", content)})
    assert invited(program) == {company.lea.email, company.bernard.email}


def test_it_reads_employee_ids_from_an_xlsx_without_header(invite, company, program):
    book = Workbook()
    sheet = book.active
    sheet.append(["E004"])
    sheet.append(["E005"])
    sheet.append(["E999"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = invite({"file": SimpleUploadedFile("people.xlsx", buffer.getvalue())})
    assert invited(program) == {company.lea.email, company.bernard.email}
    assert "E999" in response.confirmation_step


def test_an_unreadable_file_is_an_error_on_the_field(invite, program):
    response = invite({"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 binary")})
    assert response.status_code == 200
    assert "id_file-errors" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_invitee_without_account_gets_one_and_a_password_link(invite, program):
    zoe = make_employee("E900", "Zoé", "Garnier", languages=["de", "en"], seniority_level=2)
    invite({"file": SimpleUploadedFile("one.csv", b"zoe.garnier@example.com\n")})
    user = User.objects.get(employee=zoe)
    assert user.role == Role.PARTICIPANT
    assert user.language == "en"
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(action="user.create_for_invitation").count() == 1
    (message,) = mail.outbox
    assert message.to == ["zoe.garnier@example.com"]
    assert message.subject == "You are invited to “Digital reverse mentoring”"
    reset = re.search(r"/accounts/password-reset/(?P<uid>[^/]+)/(?P<token>[^/]+)/", message.body)
    assert reset is not None
    assert default_token_generator.check_token(user, reset.group("token"))


def test_the_e_mail_is_in_the_invitees_language(invite, company, program):
    company.lea_user.language = "fr"
    company.lea_user.save()
    invite({"file": SimpleUploadedFile("one.csv", b"lea.martin@example.com\n")})
    (message,) = mail.outbox
    assert "Digital reverse mentoring" in message.subject
    assert 'lang="fr"' in message.alternatives[0][0]
    # Léa has an account already: no password link.
    assert "password-reset" not in message.body


def test_re_inviting_sends_nothing_unless_asked(invite, company, program):
    invite({"departments": [company.marketing.pk]})
    mail.outbox.clear()
    response = invite({"departments": [company.marketing.pk]})
    assert "2 people were already invited: no new e-mail." in response.content.decode()
    assert mail.outbox == []
    invite({"departments": [company.marketing.pk], "resend": "on"})
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="invitation.resend").count() == 2
    assert Invitation.objects.count() == 2


def test_leavers_are_not_invited(invite, company, program):
    company.lea.left_on = dt.date(2024, 1, 1)
    company.lea.save()
    invite({"departments": [company.marketing.pk]})
    assert invited(program) == {company.cmo.email}
    response = invite({"file": SimpleUploadedFile("one.csv", b"E004\n")})
    assert invited(program) == {company.cmo.email}
    assert "1 person has left the organisation: not invited." in response.content.decode()


def test_the_personal_link_records_the_opening_and_leads_to_the_form(
    client, invite, company, program
):
    invite({"file": SimpleUploadedFile("one.csv", b"lea.martin@example.com\n")})
    link = re.search(r"http://[^/]+(/programs/invitations/[^/\s]+/)", mail.outbox[0].body)
    assert link is not None
    client.logout()
    response = client.get(link.group(1))
    apply_url = reverse("programs:apply", kwargs={"program_id": program.pk})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url and str(program.pk) in response.url
    invitation = Invitation.objects.get()
    assert invitation.opened_at is not None
    client.force_login(company.lea_user)
    response = client.get(link.group(1))
    assert response.url == apply_url
    assert client.get(apply_url).status_code == 200


def test_an_unknown_link_is_a_friendly_404(client, db):
    response = client.get(reverse("programs:invitation_open", kwargs={"token": "nope"}))
    assert response.status_code == 404
    assert "This invitation link does not work." in response.content.decode()


def test_paul_cannot_invite_to_a_program_he_does_not_manage(client, company, program):
    other = Program.objects.create(
        name="Other", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 2, 1)
    )
    client.force_login(company.paul)
    assert client.get(reverse("programs:invite", kwargs={"program_id": other.pk})).status_code == (
        404
    )
    client.force_login(company.lea_user)
    assert client.get(
        reverse("programs:invite", kwargs={"program_id": program.pk})
    ).status_code == (403)
