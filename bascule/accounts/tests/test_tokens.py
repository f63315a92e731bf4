"""Personal API tokens: each user sees and revokes only their own (someone else's is a 404)."""

import pytest
from django.urls import reverse

from bascule.accounts.auth import hash_token
from bascule.accounts.models import ApiToken
from bascule.accounts.services import api_token_create
from bascule.core.models import AuditEntry
from bascule.testing import submit_confirmation

pytestmark = pytest.mark.django_db

URL = "/accounts/tokens/"


def revoke_url(token) -> str:
    return reverse("accounts:token_revoke", args=[token.pk])


def test_it_lists_only_the_users_own_tokens(client, company):
    api_token_create(actor=company.alice, user=company.alice, name="HR export script")
    api_token_create(actor=company.paul, user=company.paul, name="Paul's dashboard")
    client.force_login(company.alice)
    html = client.get(URL).content.decode()
    assert "HR export script" in html
    assert "Paul&#x27;s dashboard" not in html
    assert "Paul's dashboard" not in html


def test_it_says_when_there_is_no_token(client, company):
    client.force_login(company.bernard_user)
    assert "You have no API token." in client.get(URL).content.decode()


def test_it_creates_a_token_and_shows_its_value_once(client, company):
    client.force_login(company.alice)
    response = client.post(URL, {"name": "Nightly sync"})
    # Redirected, so that reloading the page does not create a second token.
    assert response.status_code == 302
    assert response["Location"] == URL
    response = client.get(URL)
    assert response["Cache-Control"] == "no-store"
    value = response.context["new_value"]
    assert value.startswith("bsc_")
    assert value in response.content.decode()

    token = ApiToken.objects.get(user=company.alice)
    assert token.name == "Nightly sync"
    assert token.token_hash == hash_token(value)
    assert token.prefix == value[4:12]
    assert value not in token.token_hash

    # Never again, and not left in the session either.
    assert value not in client.get(URL).content.decode()
    assert value not in str(dict(client.session))

    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor == company.alice
    assert entry.object_id == str(token.pk)
    assert value not in str(entry.changes)


def test_it_requires_a_token_name(client, company):
    client.force_login(company.alice)
    response = client.post(URL, {"name": "   "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(client, company):
    token, _value = api_token_create(actor=company.alice, user=company.alice, name="Old script")
    client.force_login(company.alice)
    step = client.post(revoke_url(token))
    assert "Revoke the token “Old script”?" in step.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # not confirmed yet
    response = submit_confirmation(client, step, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).count() == 1
    )

    # Revoking twice changes nothing and writes no second entry.
    client.post(revoke_url(token), {"confirm": "yes"})
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_it_revokes_with_a_post_only(client, company):
    token, _value = api_token_create(actor=company.alice, user=company.alice, name="Old script")
    client.force_login(company.alice)
    assert client.get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_answers_404_for_someone_elses_token(client, company):
    token, _value = api_token_create(actor=company.paul, user=company.paul, name="Paul's")
    # Even an HR admin cannot revoke another person's personal token from this page.
    for user in (company.alice, company.oscar):
        client.force_login(user)
        assert client.post(revoke_url(token)).status_code == 404
    assert client.post(reverse("accounts:token_revoke", args=[999999])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_lists_tokens_in_a_constant_number_of_queries(
    client, company, django_assert_max_num_queries
):
    for number in range(5):
        api_token_create(actor=company.alice, user=company.alice, name=f"Script {number}")
    client.force_login(company.alice)
    with django_assert_max_num_queries(6):
        client.get(URL)
