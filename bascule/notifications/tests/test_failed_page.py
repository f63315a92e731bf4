"""The failed e-mails page: HR admins read each message that failed after its last attempt,
with the mail server's answer, and send it again; sending again twice changes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bascule.core.models import AuditEntry
from bascule.notifications import tasks
from bascule.notifications.models import DeliveryStatus, OutboundEmail
from bascule.notifications.tests.test_queue import run_queue, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(running, company, queue, smtp_down, frozen):
    """The invitations of a meeting, failed after every attempt; the server then back."""
    assert schedule(running, company) == 302
    for delay in [dt.timedelta(0), *tasks.RETRY_DELAYS]:
        frozen.shift(delay + dt.timedelta(seconds=1))
        run_queue()
    smtp_down.back()
    return list(OutboundEmail.objects.order_by("pk"))


def hr(company) -> Client:
    client = Client()
    client.force_login(company.alice)
    return client


def test_hr_reads_the_failed_emails_with_the_reason(company, failed):
    response = hr(company).get(reverse("notifications:failed"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "lea.martin@example.com" in page
    assert "bernard.lefevre@example.com" in page
    assert "Connection refused" in page
    assert "Send again" in page


def test_the_audit_log_links_to_the_failed_emails(company):
    response = hr(company).get(reverse("core:audit_log"))
    assert reverse("notifications:failed") in response.content.decode()


def test_sending_again_delivers_once_and_a_second_click_changes_nothing(company, failed):
    lea_row = next(row for row in failed if row.recipient.email == "lea.martin@example.com")
    url = reverse("notifications:retry", kwargs={"delivery_id": lea_row.pk})
    client = hr(company)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    run_queue()
    assert [m.to for m in mail.outbox] == [["lea.martin@example.com"]]
    lea_row.refresh_from_db()
    assert lea_row.status == DeliveryStatus.SENT
    assert OutboundEmail.objects.filter(status=DeliveryStatus.FAILED).count() == 1
    entry = AuditEntry.objects.get(action="notifications.retried")
    assert entry.actor == company.alice
    assert entry.changes["recipients"] == ["lea.martin@example.com"]
    page = client.get(reverse("notifications:failed")).content.decode()
    assert "lea.martin@example.com" not in page
