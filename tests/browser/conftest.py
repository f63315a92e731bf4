import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()
