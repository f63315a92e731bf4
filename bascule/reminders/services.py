"""Writes of reminders: a user's preferences, a program's policy, and sending what is due.

Sending (`send_due_reminders`, run by `manage.py send_reminders` every 10 minutes) follows
claim-then-send: for each reminder due, a `SentReminder` row (kind, recipient, key) is
inserted in its own transaction *before* the e-mail leaves. The unique constraint lets one
insert succeed: a second run, or a second copy of the command running at the same moment
(the other insert waits for the first to commit, then fails), skips it. When sending fails
the claim is deleted, so the next run retries; a run killed between the claim and the send
leaves a claim "being sent" and that reminder is not sent (never twice rather than maybe
twice). See docs/reminders.md.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.core.errors import DomainError
from bascule.core.notify import send_now
from bascule.programs.models import Program
from bascule.reminders.kinds import Due, ReminderKind, all_kinds, get_kind
from bascule.reminders.models import (
    ProgramReminderPolicy,
    ReminderPreference,
    SentReminder,
    SentStatus,
)
from bascule.reminders.selectors import Wanted

logger = logging.getLogger(__name__)


def unknown_kind_error(codes: Iterable[str]) -> None:
    """Raise DomainError (400, code unknown_kind) naming the codes that are not kinds."""
    unknown = sorted({str(code) for code in codes if get_kind(str(code)) is None})
    if unknown:
        raise DomainError(
            _("Unknown kind of reminder: %(kinds)s. Known kinds: %(known)s.")
            % {
                "kinds": ", ".join(unknown),
                "known": ", ".join(kind.code for kind in all_kinds()),
            },
            code="unknown_kind",
        )


@transaction.atomic
def preferences_save(*, actor: Any, enabled: dict[str, bool]) -> dict[str, bool]:
    """Save `actor`'s choices: {kind code: on/off}; kinds left out keep their value.

    Returns the choices changed ({code: new value}); one audit entry when anything changed.
    """
    unknown_kind_error(enabled)
    # One user's saves are serialised on their row: two at once cannot both create a choice.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    current = dict(ReminderPreference.objects.filter(user=actor).values_list("kind", "enabled"))
    changed: dict[str, bool] = {}
    for code, value in sorted(enabled.items()):
        value = bool(value)
        if current.get(code) == value:
            continue
        ReminderPreference.objects.update_or_create(
            user=actor, kind=code, defaults={"enabled": value}
        )
        if current.get(code, get_kind(code).default_on) != value:
            changed[code] = value
    if changed:
        audit_record(
            actor=actor,
            action="reminders.preferences_changed",
            target=actor,
            changes={"enabled": changed},
        )
    return changed


@transaction.atomic
def policy_save(*, actor: Any, program: Program, required: Iterable[str]) -> list[str]:
    """Set the kinds `program` requires (the caller checked `actor` manages it)."""
    required = [str(code) for code in required]
    unknown_kind_error(required)
    codes = [kind.code for kind in all_kinds() if kind.code in set(required)]
    policy, _created = ProgramReminderPolicy.objects.select_for_update().get_or_create(
        program=program
    )
    old = list(policy.required_kinds or [])
    if old != codes:
        policy.required_kinds = codes
        policy.updated_by = actor
        policy.save(update_fields=["required_kinds", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="reminders.policy_changed",
            target=program,
            changes={"required_kinds": {"old": old, "new": codes}},
        )
    return codes


# --- Sending --------------------------------------------------------------------------------

SENT, ALREADY, OFF, FAILED, WOULD_SEND = "sent", "already", "off", "failed", "would_send"


@dataclass
class RunSummary:
    sent: int = 0
    already: int = 0  # sent before, or claimed by another copy running now
    off: int = 0  # turned off by the recipient
    failed: int = 0
    lines: list[str] = field(default_factory=list)  # dry run: what would be sent

    @property
    def skipped(self) -> int:
        return self.already + self.off

    def count(self, outcome: str) -> None:
        if outcome == WOULD_SEND:
            return
        setattr(self, outcome, getattr(self, outcome) + 1)


def _claim(*, kind: ReminderKind, due: Due, now: dt.datetime) -> SentReminder | None:
    """Insert the claim of `due` in its own transaction; None if someone has it already."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                kind=kind.code, recipient=due.recipient, key=due.key, claimed_at=now
            )
    except IntegrityError:
        return None


def deliver(*, kind: ReminderKind, due: Due, now: dt.datetime | None = None) -> str:
    """Claim `due`, then send it: returns "sent", "already" (claimed by someone else) or
    "failed" (the claim is deleted: the next run retries)."""
    now = now or timezone.now()
    claim = _claim(kind=kind, due=due, now=now)
    if claim is None:
        return ALREADY
    try:
        send_now("reminder", kind=kind, due=due)
    except Exception:
        logger.exception(
            "reminder %s %s to user %s could not be sent; it will be retried",
            kind.code,
            due.key,
            due.recipient.pk,
        )
        SentReminder.objects.filter(pk=claim.pk).delete()
        return FAILED
    SentReminder.objects.filter(pk=claim.pk).update(status=SentStatus.SENT, sent_at=timezone.now())
    return SENT


def send_due_reminders(
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    kinds: Iterable[str] | None = None,
) -> RunSummary:
    """Send every reminder due at `now` that was never sent; return the counts.

    Safe to run as often as wanted and as several copies at once: each (kind, recipient,
    key) is claimed before it is sent (see the module's docstring). `dry_run` sends nothing
    and claims nothing: `lines` lists what would be sent.
    """
    now = now or timezone.now()
    selected = list(kinds) if kinds is not None else None
    if selected is not None:
        unknown_kind_error(selected)
    summary = RunSummary()
    wanted = Wanted()
    for kind in all_kinds():
        if selected is not None and kind.code not in selected:
            continue
        dues = list(kind.due(now))
        done = set(
            SentReminder.objects.filter(
                kind=kind.code, key__in={due.key for due in dues}
            ).values_list("recipient_id", "key")
        )
        for due in dues:
            program_id = due.program.pk if due.program is not None else None
            if not wanted(kind, user_id=due.recipient.pk, program_id=program_id):
                outcome = OFF
            elif (due.recipient.pk, due.key) in done:
                outcome = ALREADY
            elif dry_run:
                outcome = WOULD_SEND
                summary.lines.append(f"{kind.code}\t{due.recipient.email}\t{due.key}")
            else:
                outcome = deliver(kind=kind, due=due, now=now)
            summary.count(outcome)
    return summary
