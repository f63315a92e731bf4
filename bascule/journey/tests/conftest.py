import pytest

from bascule.pairing.testing import RunningSetup, make_running_program


@pytest.fixture
def running(company) -> RunningSetup:
    """A running program: Léa mentors Bernard (`running.pair`), Inès mentors Marc."""
    return make_running_program(company)
