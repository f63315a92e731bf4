"""The one mechanism against double submits: claims, keys per user, expiry and the cleanup
command, the API header's checks and its documentation."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from bascule.core import idempotency
from bascule.core.idempotency import AlreadySubmitted, KeyReused, Submission
from bascule.core.models import IdempotencyKey

pytestmark = pytest.mark.django_db

SENT = Submission(key="k-1", fingerprint="f-1")


def carry_out(actor, target, submission=SENT, scope="tests.create"):
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope=scope, submission=submission)
        claim.done(target)


def test_it_refuses_the_same_submission_twice_and_names_what_it_made(company):
    carry_out(company.lea_user, company.marketing)
    with pytest.raises(AlreadySubmitted) as raised:
        carry_out(company.lea_user, company.finance)
    assert raised.value.target == company.marketing
    assert raised.value.code == "already_submitted"


def test_it_refuses_a_key_sent_again_with_another_request(company):
    carry_out(company.lea_user, company.marketing)
    with pytest.raises(KeyReused):
        carry_out(company.lea_user, company.finance, Submission(key="k-1", fingerprint="f-2"))
    with pytest.raises(KeyReused):
        carry_out(company.lea_user, company.finance, scope="tests.other")


def test_it_scopes_keys_per_user(company):
    carry_out(company.lea_user, company.marketing)
    carry_out(company.bernard_user, company.finance)
    assert IdempotencyKey.objects.count() == 2


def test_it_forgets_a_claim_whose_create_was_undone(company):
    with pytest.raises(RuntimeError), transaction.atomic():
        idempotency.claim(actor=company.lea_user, scope="tests.create", submission=SENT)
        raise RuntimeError("the create failed")
    carry_out(company.lea_user, company.marketing)
    assert IdempotencyKey.objects.get().object_id == str(company.marketing.pk)


def test_it_claims_nothing_without_a_submission_or_a_user(company):
    carry_out(company.lea_user, company.marketing, submission=None)
    carry_out(None, company.marketing)
    assert not IdempotencyKey.objects.exists()


def test_a_key_older_than_a_day_is_free_again(company):
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)):
        carry_out(company.lea_user, company.marketing)
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, 1, tzinfo=dt.UTC)):
        carry_out(company.lea_user, company.finance)
    assert IdempotencyKey.objects.get().object_id == str(company.finance.pk)


def test_the_cleanup_command_deletes_old_keys_and_can_run_again(company):
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)):
        carry_out(company.lea_user, company.marketing)
    with time_machine.travel(dt.datetime(2027, 3, 2, 8, 0, tzinfo=dt.UTC)):
        carry_out(company.lea_user, company.finance, Submission(key="k-2", fingerprint="f"))
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, 30, tzinfo=dt.UTC)):
        first, second = io.StringIO(), io.StringIO()
        call_command("purge_idempotency_keys", stdout=first)
        call_command("purge_idempotency_keys", stdout=second)
    assert first.getvalue().strip() == "1 submission key older than a day deleted."
    assert second.getvalue().strip() == "0 submission keys older than a day deleted."
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k-2"]


@pytest.mark.parametrize("key", ["", "with space", "é" * 3, "x" * 256])
def test_the_api_refuses_a_malformed_key_before_anything_else(company, key):
    client = Client()
    client.force_login(company.lea_user)
    response = client.post(
        "/api/programs/", {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"


def test_the_api_documents_the_header_on_create_operations(company):
    client = Client()
    client.force_login(company.alice)
    schema = client.get("/api/openapi.json").json()
    create = schema["paths"]["/api/programs/"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    listing = schema["paths"]["/api/programs/"]["get"]
    assert all(p["name"] != "Idempotency-Key" for p in listing.get("parameters", []))
