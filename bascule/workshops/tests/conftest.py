"""Fixtures of the workshops tests: the clock at NOW (helpers), jobs sent at commit."""

import pytest
import time_machine

from bascule.workshops.tests.helpers import NOW


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
