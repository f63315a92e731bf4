"""What closing a program sets off in the apps built on it, said on the closing's
confirmation page: each app registers a function returning its sentences (e.g. the
certificates to be issued and the criteria nobody can meet). The programs app never imports
those apps: they register here (as bascule/journey/gates.py does for the kickoff)."""

from collections.abc import Callable
from typing import Any

Note = Callable[[Any], list[str]]
_NOTES: list[Note] = []


def register_closing_note(fn: Note) -> Note:
    if fn not in _NOTES:
        _NOTES.append(fn)
    return fn


def closing_notes(program: Any) -> list[str]:
    """The sentences every registered app has to say about closing `program`."""
    return [sentence for fn in _NOTES for sentence in fn(program)]
