"""HR's nudge of a pair, from its health page (docs/journey.md, "Pair health").

Pausing, resuming and ending a pair are the pair's lifecycle (`bascule.pairing.lifecycle`:
`pair_pause`, `pair_resume`, `pair_end`) and rematching a member is
`bascule.pairing.rematch.services.rematch_pair`; the health page calls them. Every action is
audited and tells the members by e-mail, in their language.
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
from bascule.core.notify import notify
from bascule.journey.health.selectors import Health, last_nudged_at
from bascule.pairing.lifecycle import (
    clean_text,
    locked_active_pair,
    recorded_actor,
)
from bascule.pairing.models import Pair
from bascule.pairing.selectors import pair_users

MAX_MESSAGE_LENGTH = 3000
# A second nudge of the same pair within this delay is refused: a form sent twice, or two
# people of HR nudging at once, never sends the same e-mail twice.
NUDGE_COOLDOWN = dt.timedelta(minutes=10)


class Recipients:
    BOTH = "both"
    MENTOR = "mentor"
    MENTEE = "mentee"
    CHOICES = (BOTH, MENTOR, MENTEE)


def _member_users(pair: Pair, which: str = Recipients.BOTH) -> list[User]:
    mentor, mentee = pair_users(pair)
    chosen = {
        Recipients.BOTH: [mentor, mentee],
        Recipients.MENTOR: [mentor],
        Recipients.MENTEE: [mentee],
    }[which]
    return [user for user in chosen if user is not None]


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


def pair_nudge(*, actor: Any, pair: Pair, message: str, recipients: str = Recipients.BOTH) -> int:
    """E-mail the members of `pair` (both, or one) HR's message with a link to their pair's
    space; return the number of e-mails sent. Refused within 10 minutes of another nudge."""
    if recipients not in Recipients.CHOICES:
        raise DomainError(_("Choose who receives the message."), code="recipients")
    message = clean_text(
        message,
        required=True,
        max_length=MAX_MESSAGE_LENGTH,
        missing=_("Write the message to send."),
    )
    with transaction.atomic():
        current = locked_active_pair(pair)
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
        notify(
            "pair_nudge",
            pair_id=pair_id,
            recipient_ids=recipient_ids,
            message=message,
            sender_id=sender_id,
        )
    return len(users)
