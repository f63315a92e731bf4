"""Fixtures of the evaluations tests: a running program (Léa mentors Bernard, Inès mentors
Marc; 2027-01-11 to 2027-06-30) and the clock on a day its baseline survey is open."""

import datetime as dt

import pytest
import time_machine

from bascule.evaluations import services
from bascule.evaluations.models import Survey
from bascule.pairing.testing import RunningSetup, make_running_program

# The baseline (2027-01-11 to 2027-02-01) is open.
NOW = dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def running(company, frozen) -> RunningSetup:
    return make_running_program(company)


@pytest.fixture
def surveys(running) -> dict[str, Survey]:
    return services.ensure_program_surveys(running.program)
