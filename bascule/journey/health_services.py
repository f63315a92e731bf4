"""HR's actions on a pair's health: nudge, pause, resume (docs/journey.md, "Pair health").

Ending a pair early and rematching a member are the pairing app's services
(`bascule.pairing.rematch_services.pair_end` and `rematch_pair`); the health page links to
them. Every action here is audited and tells the members by e-mail, in their language.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.journey.health import Health
from bascule.meetings.selectors import pair_users
from bascule.notifications import emails
from bascule.pairing.models import Pair, PairStatus
from bascule.pairing.services import recorded_actor
from bascule.programs.models import ProgramStatus

MAX_MESSAGE_LENGTH = 3000
MAX_REASON_LENGTH = 2000
# A second nudge of the same pair within this delay is refused: a form sent twice, or two
# people of HR nudging at once, never sends the same e-mail twice.
NUDGE_COOLDOWN = dt.timedelta(minutes=10)


class Recipients:
    BOTH = "both"
    MENTOR = "mentor"
    MENTEE = "mentee"
    CHOICES = (BOTH, MENTOR, MENTEE)


def _locked_active_pair(pair: Pair) -> Pair:
    current = Pair.objects.select_for_update().select_related("program").get(pk=pair.pk)
    if current.status != PairStatus.ACTIVE:
        raise ConflictError(_("This pair has already ended."), code="already_ended")
    if current.program.status != ProgramStatus.RUNNING:
        raise DomainError(
            _("This can be done only while the program is running."), code="not_running"
        )
    return current


def _member_users(pair: Pair, which: str = Recipients.BOTH) -> list[User]:
    mentor, mentee = pair_users(pair)
    chosen = {
        Recipients.BOTH: [mentor, mentee],
        Recipients.MENTOR: [mentor],
        Recipients.MENTEE: [mentee],
    }[which]
    return [user for user in chosen if user is not None]


def _clean_text(text: str, *, required: bool, max_length: int, missing: str) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DomainError(missing, code="required")
    if len(text) > max_length:
        raise DomainError(
            _("This text is at most %(max)s characters long.") % {"max": max_length},
            code="too_long",
        )
    return text


# --- Nudge -----------------------------------------------------------------------------------


REVIEW_GOALS = gettext_noop("Take a moment at your next meeting to review your goals together.")
NUDGE_LINES = {
    # Only what the members know already: never the pulse or a message to HR.
    "charter": gettext_noop(
        "Have you both confirmed the program's charter? It takes two minutes from your pair's page."
    ),
    "meetings": gettext_noop(
        "It has been a while since your last meeting: could you plan the next one together?"
    ),
    "checkins": gettext_noop(
        "Your check-in helps us support you, and it takes less than a minute."
    ),
    "no_goals": gettext_noop("Take a moment at your next meeting to agree on your goals."),
    "goals_overdue": REVIEW_GOALS,
    "goals_behind": REVIEW_GOALS,
}


def nudge_draft(health: Health) -> str:
    """Return the message HR's nudge form starts with, in the current language: a line per
    signal the members can see for themselves (never the pulse or a message to HR)."""
    lines: list[str] = []
    for signal in health.signals:
        line = NUDGE_LINES.get(signal.code)
        if line and _(line) not in lines:
            lines.append(_(line))
    if not lines:
        lines.append(_("How is your mentoring going? We are here if you need anything."))
    return "\n\n".join(lines)


def last_nudged_at(pair: Pair) -> dt.datetime | None:
    entry = (
        AuditEntry.objects.filter(
            action="journey.pair_nudged", object_type="pairing.pair", object_id=str(pair.pk)
        )
        .order_by("-created_at")
        .first()
    )
    return entry.created_at if entry else None


def pair_nudge(*, actor: Any, pair: Pair, message: str, recipients: str = Recipients.BOTH) -> int:
    """E-mail the members of `pair` (both, or one) HR's message with a link to their pair's
    space; return the number of e-mails sent. Refused within 10 minutes of another nudge."""
    if recipients not in Recipients.CHOICES:
        raise DomainError(_("Choose who receives the message."), code="recipients")
    message = _clean_text(
        message,
        required=True,
        max_length=MAX_MESSAGE_LENGTH,
        missing=_("Write the message to send."),
    )
    with transaction.atomic():
        current = _locked_active_pair(pair)
        last = last_nudged_at(current)
        if last and timezone.now() - last < NUDGE_COOLDOWN:
            raise ConflictError(
                _(
                    "This pair was sent a message a few minutes ago (%(time)s); it was not "
                    "sent again."
                )
                % {"time": timezone.localtime(last).strftime("%H:%M")},
                code="recently_nudged",
            )
        users = _member_users(current, recipients)
        audit_record(
            actor=actor,
            action="journey.pair_nudged",
            target=current,
            changes={"recipients": recipients, "sent_to": [u.email for u in users]},
        )
        pair_id = current.pk
        sender = recorded_actor(actor)
        recipient_ids = [user.pk for user in users]
        sender_id = sender.pk if sender is not None else None
        transaction.on_commit(
            lambda: emails.pair_nudge(
                pair_id=pair_id, recipient_ids=recipient_ids, message=message, sender_id=sender_id
            )
        )
    return len(users)


# --- Pause and resume ----------------------------------------------------------------------------


def pair_pause(*, actor: Any, pair: Pair, reason: str) -> Pair:
    """Pause an active pair with HR's reason (kept for HR): it stays a pair, its space stays
    open, reminders stop and its health reads "paused". Both members are told."""
    reason = _clean_text(
        reason,
        required=True,
        max_length=MAX_REASON_LENGTH,
        missing=_("Say why the pair is paused."),
    )
    with transaction.atomic():
        current = _locked_active_pair(pair)
        if current.paused_at:
            raise ConflictError(_("This pair is already paused."), code="already_paused")
        current.paused_at = timezone.now()
        current.paused_by = recorded_actor(actor)
        current.pause_reason = reason
        current.save(update_fields=["paused_at", "paused_by", "pause_reason"])
        audit_record(
            actor=actor, action="journey.pair_paused", target=current, changes={"reason": reason}
        )
        transaction.on_commit(lambda: emails.pair_paused(current.pk))
    return current


def pair_resume(*, actor: Any, pair: Pair) -> Pair:
    """Resume a paused pair: reminders and health come back. Both members are told."""
    with transaction.atomic():
        current = _locked_active_pair(pair)
        if not current.paused_at:
            raise ConflictError(_("This pair is not paused."), code="not_paused")
        paused_days = (timezone.now() - current.paused_at).days
        current.paused_at = None
        current.paused_by = None
        current.pause_reason = ""
        current.save(update_fields=["paused_at", "paused_by", "pause_reason"])
        audit_record(
            actor=actor,
            action="journey.pair_resumed",
            target=current,
            changes={"paused_days": paused_days},
        )
        transaction.on_commit(lambda: emails.pair_resumed(current.pk))
    return current
