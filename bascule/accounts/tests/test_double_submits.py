"""A personal API token asked for twice (double click, browser retry) is created once, and
its value is still shown, once."""

import pytest

from bascule.accounts.models import ApiToken
from bascule.core.idempotency import FIELD
from bascule.testing import submission_key

pytestmark = pytest.mark.django_db

URL = "/accounts/tokens/"


def test_it_creates_one_token_and_still_shows_its_value(client, company):
    client.force_login(company.alice)
    data = {"name": "Nightly sync", FIELD: submission_key(client.get(URL))}
    client.post(URL, data)  # its answer is lost: the browser sent the form again
    second = client.post(URL, data, follow=True)
    token = ApiToken.objects.get()
    page = second.content.decode()
    assert "This form was sent twice: it has been saved only once." in page
    assert second.context["new_token"] == token
    assert second.context["new_value"] in page
