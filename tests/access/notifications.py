"""Access cases for the failed e-mails page: HR admins only. Sending one again is a POST; for a
message that has not failed (here: none exists) it changes nothing and redirects."""

from tests.access.base import HR, HR_ONLY, Case, World, everyone

delivery = lambda world: {"delivery_id": 999999}  # noqa: E731

MATRIX: dict[str, list[Case]] = {
    "notifications:failed": [Case(HR_ONLY)],
    "notifications:retry": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=delivery),
        Case(everyone(403, **{HR: 405}), kwargs=delivery, label="GET is not allowed"),
    ],
}


def populate(world: World) -> None:
    """Nothing to build: the cases ask for a message that does not exist."""
