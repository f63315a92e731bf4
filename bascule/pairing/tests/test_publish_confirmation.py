"""Publishing a run asks for a confirmation that says what will happen and to whom; the
button alone changes nothing, and the API keeps publishing in one call."""

import pytest
from django.core import mail
from django.urls import reverse

from bascule.pairing import services
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, ParticipantRole, ProgramStatus
from bascule.testing import make_employee, submit_confirmation

pytestmark = pytest.mark.django_db


def publish_url(run) -> str:
    return reverse("pairing:publish", kwargs={"run_id": run.pk})


def test_it_says_how_many_pairs_e_mails_and_pending_applications_before_publishing(
    client, setup, company, django_capture_on_commit_callbacks
):
    late = make_employee("E190", "Zoé", "Tardif", seniority_level=6)
    Application.objects.create(
        program=setup.program,
        employee=late,
        role=ParticipantRole.MENTEE,
        status=ApplicationStatus.SUBMITTED,
    )
    company.bernard_user.is_active = False  # he cannot be e-mailed
    company.bernard_user.save(update_fields=["is_active"])
    run = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.paul)
    with django_capture_on_commit_callbacks(execute=True):
        step = client.post(publish_url(run))
    page = step.content.decode()
    assert step.status_code == 200
    assert "Publish 2 pairs?" in page
    assert "2 pairs are created, as proposed by this run." in page
    assert "3 e-mails are sent, to 4 people" in page
    assert "1 member has no active account and is not e-mailed." in page
    assert "2 approved mentees stay without a mentor." in page
    assert "1 application is still awaiting review or waitlisted" in page
    assert "Matching cannot be run again for this program" in page
    assert 'name="confirm" value="yes"' in page
    # Nothing happened yet.
    assert not Pair.objects.exists() and mail.outbox == []
    setup.program.refresh_from_db()
    assert setup.program.status == ProgramStatus.MATCHING

    with django_capture_on_commit_callbacks(execute=True):
        done = submit_confirmation(client, step, follow=True)
    assert "Published: 2 pairs. 3 e-mails will be sent in the next few minutes." in (
        done.content.decode()
    )
    assert "/emails/failed/" not in done.content.decode()  # HR's page, not Paul's
    assert Pair.objects.count() == 2 and len(mail.outbox) == 3


def test_a_stale_run_cannot_be_confirmed(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    page = client.post(publish_url(run)).content.decode()
    assert "This cannot be done now:" in page
    assert "A newer run exists" in page
    assert 'name="confirm"' not in page
    # Forcing the confirmation anyway is refused by the service, with its reason.
    response = client.post(publish_url(run), {"confirm": "yes"}, follow=True)
    assert "This run is out of date, so nothing was published." in response.content.decode()
    assert not Pair.objects.exists()


def test_the_confirmation_is_someone_elses_run_a_404_and_a_participants_403(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    setup.program.managers.clear()
    client.force_login(company.paul)
    assert client.post(publish_url(run)).status_code == 404
    client.force_login(company.lea_user)
    assert client.post(publish_url(run)).status_code == 403


def test_the_api_publishes_without_a_confirmation_flag(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    client.force_login(company.alice)
    response = client.post(f"/api/matching/runs/{run.pk}/publish")
    assert response.status_code == 200
    assert Pair.objects.count() == 2
