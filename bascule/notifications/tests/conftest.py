"""The meetings' fixtures: a running program, the clock frozen on Monday 1 March 2027, a local
SMTP server; the database queue; a mail server that refuses connections."""

import pytest
from django.core import mail

from bascule.meetings.tests.conftest import frozen, running  # noqa: F401
from bascule.meetings.tests.test_smtp_delivery import smtp_server  # noqa: F401

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def smtp_down(monkeypatch):
    """The mail server refuses every connection until `back()` is called."""

    class Down:
        def __init__(self):
            self.down = True
            self.real_send = mail.EmailMessage.send
            test = self

            def send(message, fail_silently=False):
                if test.down:
                    raise ConnectionRefusedError(111, "Connection refused")
                return test.real_send(message, fail_silently)

            monkeypatch.setattr(mail.EmailMessage, "send", send)

        def back(self):
            self.down = False

    return Down()
