"""Every e-mail the product sends, with the mail server down: the action that sends it
succeeds, its messages wait in the queue, and once the server is back each arrives once.

The mail server is real on both sides: Django's SMTP backend talks to a loopback port where
nobody listens (the connection is refused), then an SMTP server (aiosmtpd) starts on that same
port. The jobs run on the database queue, by the worker's own loop (`run_queue`). Each
scenario does what a person does: through the page where it is one simple form, otherwise
through the service the page calls (the guard of the suite's conftest already fails any test
whose request would send a message itself). A new e-mail fails
`test_every_email_has_a_scenario` until it gets one here.
"""

import datetime as dt
import io
import socket
from collections.abc import Callable

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bascule.core.notify import _SENDERS
from bascule.journey.health import services as health_services
from bascule.meetings.tests.helpers import FORM
from bascule.meetings.tests.test_smtp_delivery import Inbox
from bascule.notifications import tasks
from bascule.notifications.models import DeliveryStatus, OutboundEmail
from bascule.notifications.tests.test_queue import run_queue
from bascule.pairing import lifecycle
from bascule.pairing.models import MentorRequest, Pair, RequestStatus
from bascule.pairing.selfmatch import services as selfmatch_services
from bascule.pairing.testing import make_matching_program, make_running_program
from bascule.programs.enrollment import services as enrollment_services
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.testing import Company
from bascule.workshops import services as workshop_services
from bascule.workshops.tests.helpers import data as workshop_data

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


class MailServer:
    """A loopback port where the mail server is down until `start()`."""

    def __init__(self, settings):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.inbox = Inbox()
        self.controller: Controller | None = None
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()

    def recipients(self) -> list[str]:
        return sorted(address for rcpt_tos, _content in self.inbox.messages for address in rcpt_tos)


@pytest.fixture
def mail_server(settings, queue):
    server = MailServer(settings)
    try:
        yield server
    finally:
        server.stop()


def forget_the_queue() -> None:
    """Drop what setting up the scenario queued (the publication's announcements...)."""
    DBTaskResult.objects.all().delete()
    OutboundEmail.objects.all().delete()


def running(company: Company):
    setup = make_running_program(company)
    forget_the_queue()
    return setup


def enrolling(company: Company) -> Program:
    program = Program.objects.create(
        name="Digital reverse mentoring",
        status=ProgramStatus.ENROLLING,
        open_enrollment=True,
        starts_on=dt.date(2027, 4, 5),
        ends_on=dt.date(2027, 9, 30),
        mentor_max_level=3,
        mentee_min_level=5,
        languages=["fr", "en"],
    )
    program.managers.add(company.paul)
    return program


def posted(client: Client, url: str, data: dict) -> None:
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


# --- One scenario per e-mail --------------------------------------------------------------------


def password_reset(company: Company) -> None:
    posted(Client(), reverse("accounts:password_reset"), {"email": company.lea_user.email})


def meeting_invitation(company: Company) -> None:
    pair = running(company).pair
    lea = Client()
    lea.force_login(company.lea_user)
    posted(lea, reverse("meetings:create", kwargs={"pair_id": pair.pk}), FORM)


def program_invitation(company: Company) -> None:
    enrollment_services.invitations_create(
        actor=company.alice, program=enrolling(company), employees=[company.lea, company.bernard]
    )


def application_decision(company: Company) -> None:
    application = Application.objects.create(
        program=enrolling(company),
        employee=company.bernard,
        role=ParticipantRole.MENTEE,
        status=ApplicationStatus.SUBMITTED,
    )
    enrollment_services.application_decide(
        actor=company.paul, application=application, decision=ApplicationStatus.APPROVED
    )


def application_withdrawal(company: Company) -> None:
    pair = running(company).pair
    enrollment_services.application_withdraw(
        actor=company.bernard_user, application=pair.mentee_application, reason="New job abroad"
    )


pair_ended_hr = application_withdrawal  # the withdrawal ends Bernard's pair: HR is told


def pair_announcement(company: Company) -> None:
    make_running_program(company)  # HR publishes the pairs


def mentor_request(company: Company) -> MentorRequest:
    setup = make_matching_program(company)
    Program.objects.filter(pk=setup.program.pk).update(self_match=True)
    setup.program.refresh_from_db()
    return selfmatch_services.mentor_request_create(
        actor=company.bernard_user,
        program=setup.program,
        mentee=setup.mentees["bernard"],
        mentor_application_id=setup.mentors["lea"].pk,
        message="I would like to learn about AI tools.",
    )


def mentor_request_answer(company: Company) -> None:
    request = mentor_request(company)
    forget_the_queue()
    selfmatch_services.mentor_request_answer(
        actor=company.lea_user, request=request, decision=RequestStatus.ACCEPTED, message="Yes!"
    )


def pair_ended(company: Company) -> None:
    pair = running(company).pair
    lifecycle.pair_end(actor=company.alice, pair=pair, reason="Moved to another site")


def pair_paused(company: Company) -> Pair:
    pair = running(company).pair
    return lifecycle.pair_pause(actor=company.alice, pair=pair, reason="Parental leave")


def pair_resumed(company: Company) -> None:
    pair = pair_paused(company)
    forget_the_queue()
    lifecycle.pair_resume(actor=company.alice, pair=pair)


def pair_nudge(company: Company) -> None:
    pair = running(company).pair
    health_services.pair_nudge(actor=company.alice, pair=pair, message="How are things going?")


def workshop_invitation(company: Company) -> None:
    starts_at = timezone.now() + dt.timedelta(days=7)
    workshop = workshop_services.workshop_create(
        actor=company.alice, data=workshop_data(starts_at=starts_at)
    )
    lea = Client()
    lea.force_login(company.lea_user)
    posted(lea, reverse("workshops:register", kwargs={"workshop_id": workshop.pk}), {})


def training_overdue(company: Company) -> None:
    from bascule.programs.models import Program
    from bascule.training.models import Requirement
    from bascule.training.requirements.services import remind_overdue
    from bascule.training.tests.factories import make_module

    pair = running(company).pair
    Program.objects.filter(pk=pair.program_id).update(starts_on=dt.date(2026, 1, 5))
    created = Requirement.objects.create(
        program=pair.program, module=make_module("smtp-down"), role="mentor", due_days=0
    )
    requirement = Requirement.objects.select_related("program", "module").get(pk=created.pk)
    forget_the_queue()
    remind_overdue(actor=company.alice, requirement=requirement)


def _custom_badge_award(company: Company):
    from bascule.recognition.badges import services as badge_services
    from bascule.recognition.models import Badge

    badge = Badge.objects.create(slug="smtp-down", name_fr="Pilier", name_en="Pillar")
    pair = running(company).pair
    return badge_services.badge_award(
        actor=company.alice,
        badge=badge,
        employee=company.lea,
        program=pair.program,
        reason="Pour son aide",
    )


def badge_awarded(company: Company) -> None:
    _custom_badge_award(company)


def badge_revoked(company: Company) -> None:
    from bascule.recognition.badges import services as badge_services

    award = _custom_badge_award(company)
    forget_the_queue()
    badge_services.badge_revoke(actor=company.alice, award_id=award.pk, reason="Erreur")


def _finished_pair_certificates(company: Company):
    from bascule.certificates import selectors as certificate_selectors
    from bascule.certificates.tests.helpers import make_pair, make_program

    program = make_program()
    make_pair(program, company.lea, company.bernard)
    return program, certificate_selectors.eligibility(program).candidates


def certificate_issued(company: Company) -> None:
    from bascule.certificates import services as certificate_services

    program, candidates = _finished_pair_certificates(company)
    certificate_services.issue_candidates(
        actor=company.alice, program=program, candidates=candidates
    )


def certificate_revoked(company: Company) -> None:
    from bascule.certificates import services as certificate_services

    program, candidates = _finished_pair_certificates(company)
    made = certificate_services.issue_candidates(
        actor=company.alice, program=program, candidates=candidates
    )
    forget_the_queue()
    certificate_services.revoke(actor=company.alice, certificate_id=made[0].pk, reason="Erreur")


def kudos_received(company: Company) -> None:
    pair = running(company).pair
    bernard = Client()
    bernard.force_login(company.bernard_user)
    url = reverse("recognition:thank", kwargs={"pair_id": pair.pk})
    posted(bernard, url, {"message": "Thank you", "visibility": "program"})


def kudos_hidden(company: Company) -> None:
    from bascule.recognition import services as recognition_services

    pair = running(company).pair
    kudos = recognition_services.thanks_send(
        actor=company.bernard_user, pair=pair, message="Thank you"
    )
    forget_the_queue()
    alice = Client()
    alice.force_login(company.alice)
    url = reverse("recognition:hide", kwargs={"kudos_id": kudos.pk})
    posted(alice, url, {"reason": "Names a client"})


def executive_report(company: Company) -> None:
    call_command("send_executive_report", stdout=io.StringIO())  # the monthly cron job


SCENARIOS: dict[str, Callable[[Company], object]] = {
    "password_reset": password_reset,
    "meeting_invitation": meeting_invitation,
    "workshop_invitation": workshop_invitation,
    "program_invitation": program_invitation,
    "application_decision": application_decision,
    "application_withdrawal": application_withdrawal,
    "pair_ended_hr": pair_ended_hr,
    "pair_announcement": pair_announcement,
    "mentor_request": mentor_request,
    "mentor_request_answer": mentor_request_answer,
    "pair_ended": pair_ended,
    "pair_paused": pair_paused,
    "pair_resumed": pair_resumed,
    "pair_nudge": pair_nudge,
    "training_overdue": training_overdue,
    "kudos_received": kudos_received,
    "kudos_hidden": kudos_hidden,
    "badge_awarded": badge_awarded,
    "badge_revoked": badge_revoked,
    "certificate_issued": certificate_issued,
    "certificate_revoked": certificate_revoked,
    "executive_report": executive_report,
}
# Reminders are sent by the `send_reminders` command (cron), not by a person's action: a
# reminder the server refuses is retried at the next run (the test below).
BY_COMMAND = {"reminder"}


def test_every_email_has_a_scenario():
    assert set(SCENARIOS) | BY_COMMAND == set(_SENDERS)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_with_the_mail_server_down_the_action_succeeds_and_each_email_goes_once_later(
    name, mail_server, company, frozen
):
    SCENARIOS[name](company)  # succeeds although no mail can leave
    run_queue()
    rows = list(OutboundEmail.objects.filter(name=name))
    assert rows, f"{name}: nothing queued"
    assert {(row.status, row.attempts) for row in rows} == {(DeliveryStatus.QUEUED, 1)}
    assert all("refused" in row.last_error.lower() for row in rows), rows[0].last_error
    assert mail_server.inbox.messages == []

    mail_server.start()
    frozen.shift(tasks.RETRY_DELAYS[0] + dt.timedelta(seconds=1))
    run_queue()
    run_queue()  # nothing left to do: a second pass sends nothing again
    sent = OutboundEmail.objects.filter(name=name)
    assert {row.status for row in sent} == {DeliveryStatus.SENT}
    every_message = sorted(row.recipient.email for row in OutboundEmail.objects.all())
    assert mail_server.recipients() == every_message


def test_with_the_mail_server_down_reminders_wait_for_the_next_run(mail_server, company, frozen):
    make_running_program(company)
    forget_the_queue()
    frozen.shift(3 * DAY)  # the charter reminders are due to the four members
    with pytest.raises(CommandError, match="retried"):
        call_command("send_reminders", stdout=None)
    assert mail_server.inbox.messages == []

    mail_server.start()
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail_server.recipients()) == 4
    assert len(set(mail_server.recipients())) == 4
