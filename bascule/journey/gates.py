"""Kickoff gates: what a member must do before confirming a pair's charter.

A higher app (training) registers a gate from its AppConfig.ready():

    from bascule.journey.gates import Blocker, register_kickoff_gate

    def training_gate(pair, employee):
        return [Blocker(message=_("Active listening (due 12 March)"), url="/training/…")]

    register_kickoff_gate(training_gate)

The journey never imports the app: the kickoff page lists the blockers of every gate, and
`kickoff_confirm` refuses with a DomainError naming them (code "kickoff_blocked").
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from bascule.core.errors import DomainError


@dataclass(frozen=True)
class Blocker:
    """One thing a member must do first: a translated message and where to do it."""

    message: str
    url: str = ""


Gate = Callable[[Any, Any], list[Blocker]]
_GATES: list[Gate] = []


def register_kickoff_gate(fn: Gate) -> Gate:
    """Register `fn(pair, employee) -> list[Blocker]` (once, whatever the number of calls)."""
    if fn not in _GATES:
        _GATES.append(fn)
    return fn


def unregister_kickoff_gate(fn: Gate) -> None:
    if fn in _GATES:
        _GATES.remove(fn)


def kickoff_blockers(*, pair: Any, employee: Any) -> list[Blocker]:
    """What `employee` must still do before confirming `pair`'s charter (every gate's)."""
    if employee is None:
        return []
    return [blocker for gate in _GATES for blocker in gate(pair, employee)]


def check_kickoff_gates(*, pair: Any, employee: Any) -> None:
    """Raise a DomainError listing the blockers, if any."""
    blockers = kickoff_blockers(pair=pair, employee=employee)
    if blockers:
        raise DomainError(
            _("Before confirming the charter, complete: %(items)s.")
            % {"items": ", ".join(b.message for b in blockers)},
            code="kickoff_blocked",
            details={"blockers": [{"message": b.message, "url": b.url} for b in blockers]},
        )
