"""/metrics: absent without METRICS_TOKEN, refused without the token, and with it the requests
and their latency, the background jobs and the e-mails by status."""

import pytest
from django.test import Client, override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bascule.notifications.models import DeliveryStatus, OutboundEmail
from bascule.notifications.tasks import deliver

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-metrics-token"


def scrape(client: Client, token: str | None = TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.get("/metrics", headers=headers)


def value(body: str, sample: str) -> float:
    for line in body.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{sample} not in the metrics")


@override_settings(METRICS_TOKEN="")
def test_without_a_token_the_endpoint_does_not_exist(client):
    assert scrape(client).status_code == 404


@override_settings(METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x", ""])
def test_a_scrape_without_the_token_is_refused(client, token):
    response = scrape(client, token)
    assert response.status_code == 401
    assert b"bascule" not in response.content


@override_settings(METRICS_TOKEN=TOKEN)
def test_a_login_session_is_not_enough(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("r@example.com", "x"))
    assert scrape(client, None).status_code == 401


@override_settings(METRICS_TOKEN=TOKEN)
def test_requests_and_latency_are_counted(client):
    client.get("/healthz")
    body = scrape(client).content.decode()
    assert "django_http_requests_total_by_method_total" in body
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in body
    assert 'view="core:healthz"' in body


@override_settings(METRICS_TOKEN=TOKEN)
def test_jobs_and_emails(client, settings, django_user_model):
    ann = django_user_model.objects.create_user("ann@example.com", "x")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver.enqueue(name="x", arguments={}, job="a")
    deliver.enqueue(name="x", arguments={}, job="b")
    failed = deliver.enqueue(name="x", arguments={}, job="c")
    DBTaskResult.objects.filter(id=failed.id).update(status=TaskResultStatus.FAILED)
    statuses = [DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.FAILED]
    for key, status in enumerate(statuses):
        OutboundEmail.objects.create(
            key=str(key), recipient=ann, name="x", job="j", arguments={}, status=status
        )

    body = scrape(client).content.decode()
    assert value(body, "bascule_jobs_queued") == 2
    assert value(body, "bascule_jobs_failed") == 1
    assert value(body, "bascule_jobs_oldest_age_seconds") >= 0
    assert value(body, 'bascule_emails{status="sent"}') == 2
    assert value(body, 'bascule_emails{status="failed"}') == 1
    assert value(body, 'bascule_emails{status="queued"}') == 0
