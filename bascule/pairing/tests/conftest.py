import pytest

from bascule.pairing.testing import MatchingSetup, make_matching_program


@pytest.fixture
def setup(company) -> MatchingSetup:
    return make_matching_program(company)
