"""Services name the e-mail that tells people about a change; `bascule/notifications/emails.py`
knows how each one is written and to whom it goes.

A service calls `notify("pair_paused", pair_id=pair.pk)`: the e-mail goes out once the current
transaction commits (nothing is sent for a change that is rolled back), or at once outside a
transaction. Commands that record each sending themselves, and the password reset (whose
form must not fail), call `send_now`. The arguments are ids and plain values, so that an
e-mail can be sent later by another process.

The names are registered by `@sender("…")` on each function of the notifications app, which
depends on every domain app; the domain apps depend only on this module, so no app imports
one above it (the layers contract in pyproject.toml).
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

Sender = Callable[..., None]
_SENDERS: dict[str, Sender] = {}


def sender(name: str) -> Callable[[Sender], Sender]:
    """Register the decorated function as the one that sends e-mail `name`."""

    def register(function: Sender) -> Sender:
        if _SENDERS.get(name, function) is not function:
            raise ValueError(f"Two senders for the e-mail {name!r}")
        _SENDERS[name] = function
        return function

    return register


def sender_of(name: str) -> Sender:
    """Return the function sending e-mail `name` (KeyError for a name nobody sends)."""
    try:
        return _SENDERS[name]
    except KeyError:
        raise KeyError(
            f"No e-mail is called {name!r}: see bascule/notifications/emails.py"
        ) from None


def notify(name: str, /, **arguments: Any) -> None:
    """Send e-mail `name` once the current transaction commits (at once outside one)."""
    send = sender_of(name)  # an unknown name fails here, in the service, not after commit
    transaction.on_commit(lambda: send(**arguments))


def send_now(name: str, /, **arguments: Any) -> None:
    """Send e-mail `name` now."""
    sender_of(name)(**arguments)


def names() -> list[str]:
    """The names of every e-mail, sorted."""
    return sorted(_SENDERS)
