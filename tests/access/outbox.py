"""Access cases for the demo's outbox. In the matrix it is off, as in production: every page
is a 404 (anonymous visitors are sent to the login page). Who reads which message when it is
on (HR admins all, anyone else those addressed to them) is in bascule/core/tests/test_outbox.py.
"""

from tests.access.base import Case, World, everyone

message = lambda world: {"message_id": 1}  # noqa: E731
attachment = lambda world: {"message_id": 1, "number": 1}  # noqa: E731

MATRIX: dict[str, list[Case]] = {
    "outbox:list": [Case(everyone(404), label="the outbox is off")],
    "outbox:detail": [Case(everyone(404), kwargs=message)],
    "outbox:html": [Case(everyone(404), kwargs=message)],
    "outbox:attachment": [Case(everyone(404), kwargs=attachment)],
}


def populate(world: World) -> None:
    """Nothing to build: with the outbox off no message exists."""
