"""An HR file upload sent twice (double click, browser retry, API retry) is saved once; the
second sending lands on what the first one saved."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from bascule.core.idempotency import FIELD
from bascule.people.models import EmployeeImport
from bascule.people.tests.fixtures.import_files import ascii_emails, company_rows, csv_bytes
from bascule.testing import submission_key

pytestmark = pytest.mark.django_db

SENT_TWICE = "This form was sent twice: it has been saved only once."


@pytest.fixture
def alice(client, company):
    ascii_emails(company)
    client.force_login(company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_keeps_one_upload_when_the_file_is_sent_twice(alice):
    key = submission_key(alice.get("/people/import/"))
    content = csv_bytes(company_rows())

    def send(**extra):
        data = {"file": SimpleUploadedFile("export.csv", content), "full_export": "on"}
        return alice.post("/people/import/", {**data, FIELD: key}, **extra)

    first = send()
    second = send(follow=True)
    upload = EmployeeImport.objects.get()
    assert first["Location"] == f"/people/import/{upload.pk}/"
    assert SENT_TWICE in second.content.decode()


def test_an_api_retry_of_an_upload_gets_the_first_preview_again(alice):
    content = csv_bytes(company_rows())

    def send():
        return alice.post(
            "/api/people/imports/",
            {"file": SimpleUploadedFile("export.csv", content)},
            HTTP_IDEMPOTENCY_KEY="upload-1",
        )

    first, again = send(), send()
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert EmployeeImport.objects.count() == 1
    other = alice.post(
        "/api/people/imports/",
        {"file": SimpleUploadedFile("export.csv", content + b"\n")},
        HTTP_IDEMPOTENCY_KEY="upload-1",
    )
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
