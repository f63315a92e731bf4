"""The people app's fixtures: Alice, HR admin, on the import pages and API."""

import pytest
from django.conf import settings

from bascule.people.tests.fixtures.import_files import ascii_emails


@pytest.fixture
def alice(client, company):
    ascii_emails(company)
    client.force_login(company.alice)
    # Alice's profile says French; these tests read the English source messages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
