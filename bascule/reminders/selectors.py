"""Reads of reminders: which kinds a user gets, which a program requires.

A user gets a kind when the program of one of their pairs requires it, or else when their
preference says so (no preference: the kind's default).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program
from bascule.reminders.kinds import ReminderKind, all_kinds
from bascule.reminders.models import ProgramReminderPolicy, ReminderPreference


def required_kinds(program: Program | int | None) -> set[str]:
    """Return the codes of the registered kinds `program` requires."""
    if program is None:
        return set()
    program_id = program if isinstance(program, int) else program.pk
    policy = ProgramReminderPolicy.objects.filter(program_id=program_id).first()
    return _known(policy.required_kinds if policy else [])


def _known(codes: Any) -> set[str]:
    registered = {kind.code for kind in all_kinds()}
    return {code for code in (codes or []) if code in registered}


def required_for_user(*, user: Any) -> dict[str, list[Program]]:
    """Return {kind code: the programs requiring it} over the user's active pairs."""
    if not getattr(user, "is_authenticated", False) or not user.employee_id:
        return {}
    employee = user.employee_id
    pairs = Pair.objects.filter(
        Q(mentor_id=employee) | Q(mentee_id=employee), status=PairStatus.ACTIVE
    )
    programs = Program.objects.filter(pk__in=pairs.values("program_id")).order_by("name", "pk")
    policies = {p.program_id: p for p in ProgramReminderPolicy.objects.filter(program__in=programs)}
    required: dict[str, list[Program]] = {}
    for program in programs:
        policy = policies.get(program.pk)
        for code in sorted(_known(policy.required_kinds if policy else [])):
            required.setdefault(code, []).append(program)
    return required


@dataclass
class KindChoice:
    """One kind as a user sees it on "My reminders"."""

    kind: ReminderKind
    enabled: bool  # the user's choice (or the default)
    required_by: list[Program]  # the programs requiring it (then it is sent whatever enabled)

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def required(self) -> bool:
        return bool(self.required_by)

    @property
    def required_names(self) -> str:
        return ", ".join(program.name for program in self.required_by)

    @property
    def effective(self) -> bool:
        """True when the user gets this kind."""
        return self.required or self.enabled


def user_choices(*, user: Any) -> list[KindChoice]:
    """Return every registered kind with the user's choice and what requires it."""
    mine = dict(
        ReminderPreference.objects.filter(user=user).values_list("kind", "enabled")
        if getattr(user, "is_authenticated", False)
        else []
    )
    required = required_for_user(user=user)
    return [
        KindChoice(
            kind=kind,
            enabled=mine.get(kind.code, kind.default_on),
            required_by=required.get(kind.code, []),
        )
        for kind in all_kinds()
    ]


def program_policy(program: Program) -> set[str]:
    """Return the codes of the kinds `program` requires."""
    return required_kinds(program)


class Wanted:
    """Decides, for one run of the command, whether a recipient gets a kind: preferences and
    policies are read once."""

    def __init__(self) -> None:
        self.preferences = {
            (user_id, kind): enabled
            for user_id, kind, enabled in ReminderPreference.objects.values_list(
                "user_id", "kind", "enabled"
            )
        }
        self.policies = {
            program_id: _known(codes)
            for program_id, codes in ProgramReminderPolicy.objects.values_list(
                "program_id", "required_kinds"
            )
        }

    def __call__(self, kind: ReminderKind, *, user_id: int, program_id: int | None) -> bool:
        if program_id is not None and kind.code in self.policies.get(program_id, set()):
            return True
        return self.preferences.get((user_id, kind.code), kind.default_on)
