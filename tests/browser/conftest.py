import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(autouse=True)
def _no_content_security_policy_violation(request):
    """Fail any browser test during which the browser refused something under the
    Content-Security-Policy (an inline script or style, an eval, a foreign source): every page
    and htmx interaction the browser tests go through is checked this way."""
    if not {"page", "context"} & set(request.fixturenames):
        yield
        return
    context = request.getfixturevalue("context")
    refused: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    yield
    assert not refused, "Refused by the Content-Security-Policy:\n" + "\n".join(refused)
