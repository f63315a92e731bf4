"""Fixtures of the reminders tests: a running program (Léa mentors Bernard, who reads French;
Inès mentors Marc), its pairs published with the clock frozen on Monday 1 March 2027, 09:00
in Paris. The program's cadences are the defaults: meet every 2 weeks, check in every 4."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from bascule.pairing.testing import RunningSetup, make_running_program

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def running(company, frozen) -> RunningSetup:
    setup = make_running_program(company)
    mail.outbox.clear()  # the publication's e-mails
    return setup
