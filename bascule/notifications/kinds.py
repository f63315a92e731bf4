"""The kinds of notification a person chooses how to receive: one per e-mail of emails.py
(the kind is the e-mail's name), in plain words, with who can receive it and what HR
requires of it.

- `EMAIL_ONLY`: its link carries a one-time token; it always goes by e-mail, never in the app.
- `REQUIRED_KINDS`: HR requires people to hear of it (their place in a program, their pair,
  their meetings); it can go in the app, by e-mail or both, never nowhere (`none` reads as
  `in_app`).

Reminders (the `reminder` e-mail) are not here: each kind of reminder is turned on or off on
the same page, in its own section (bascule/reminders). A test fails when an e-mail other than
the reminder has no kind here (bascule/notifications/tests/test_preferences.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from bascule.core.permissions import user_can_apply, user_can_manage_programs, user_has_pairs
from bascule.notifications.models import Channel

# The order of the choices on the page, the most told first.
CHANNELS = (Channel.BOTH, Channel.EMAIL, Channel.IN_APP, Channel.NONE)

EMAIL_ONLY = frozenset({"password_reset", "program_invitation"})
REQUIRED_KINDS = frozenset(
    {
        "application_decision",
        "pair_announcement",
        "pair_ended",
        "pair_paused",
        "pair_resumed",
        "meeting_invitation",
    }
)

# The groups of the page, in order.
GROUPS = {
    "programs": _("Programs and applications"),
    "pair": _("My pair and our meetings"),
    "managing": _("Programs I manage"),
    "insights": _("Insights and impact"),
    "account": _("My account"),
}


def _everyone(user: Any) -> bool:
    return bool(user.is_authenticated)


def _sponsor(user: Any) -> bool:
    return bool(getattr(user, "is_sponsor", False))


@dataclass(frozen=True)
class Kind:
    """One kind of notification as a person reads it."""

    name: str  # the e-mail's name (emails.py)
    label: Any  # a lazy translated string
    description: Any  # when it is sent, in one line
    group: str  # a key of GROUPS
    receives: Callable[[Any], bool]  # whether a user can receive it (by role)
    reason: Any = ""  # why HR requires it, or why it only goes by e-mail

    @property
    def email_only(self) -> bool:
        return self.name in EMAIL_ONLY

    @property
    def required(self) -> bool:
        """True when the person cannot turn it off (HR requires it, or it only goes by
        e-mail)."""
        return self.name in REQUIRED_KINDS or self.email_only

    @property
    def allowed(self) -> tuple[str, ...]:
        """The channels the person may choose for it."""
        if self.email_only:
            return (Channel.EMAIL,)
        if self.name in REQUIRED_KINDS:
            return tuple(c for c in CHANNELS if c != Channel.NONE)
        return CHANNELS

    @property
    def group_label(self) -> Any:
        return GROUPS[self.group]


_PAIR_STATUS = _("What is expected of you depends on whether your pair is running.")

KINDS: tuple[Kind, ...] = (
    Kind(
        "application_decision",
        _("The decision on my application"),
        _("Whether your application to a program is accepted, on the waiting list or declined."),
        "programs",
        user_can_apply,
        _("It tells you whether you take part in a program."),
    ),
    Kind(
        "program_invitation",
        _("Invitations to a program"),
        _("HR invites you to apply to a mentoring program."),
        "programs",
        user_can_apply,
        _("It holds your personal link to apply, so it only goes by e-mail."),
    ),
    Kind(
        "pair_announcement",
        _("My partner"),
        _("Who your partner is in a program, and why you were paired."),
        "pair",
        user_has_pairs,
        _("It tells you who you will work with."),
    ),
    Kind(
        "meeting_invitation",
        _("Meetings with my partner"),
        _("A meeting planned, moved or cancelled, with its calendar invitation."),
        "pair",
        user_has_pairs,
        _("Your meetings are the heart of the program."),
    ),
    Kind(
        "pair_paused",
        _("My pair is paused"),
        _("HR paused your pair for a while."),
        "pair",
        user_has_pairs,
        _PAIR_STATUS,
    ),
    Kind(
        "pair_resumed",
        _("My pair starts again"),
        _("Your pair starts again after a pause."),
        "pair",
        user_has_pairs,
        _PAIR_STATUS,
    ),
    Kind(
        "pair_ended",
        _("My pair ended"),
        _("Your pair ended before the program's end, and why."),
        "pair",
        user_has_pairs,
        _PAIR_STATUS,
    ),
    Kind(
        "mentor_request",
        _("A mentee asks me to be their mentor"),
        _("A mentee would like you as their mentor, with their message."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "mentor_request_answer",
        _("The answer of the mentor I asked for"),
        _("The mentor you asked for accepted or declined your request."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "pair_nudge",
        _("Messages from HR about my pair"),
        _("A message HR writes to you about your pair."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "training_overdue",
        _("Reminders from HR about my training"),
        _("HR reminds you of a module your program asks you to complete."),
        "programs",
        user_can_apply,
    ),
    Kind(
        "certificate_issued",
        _("My certificates"),
        _("A certificate of completion issued to you at the end of a program."),
        "programs",
        user_can_apply,
    ),
    Kind(
        "certificate_revoked",
        _("Revoked certificates"),
        _("One of your certificates was revoked, with the reason."),
        "programs",
        user_can_apply,
    ),
    Kind(
        "application_withdrawal",
        _("Withdrawals from my programs"),
        _("Someone withdrew their application to a program you manage, with their reason."),
        "managing",
        user_can_manage_programs,
    ),
    Kind(
        "workshop_invitation",
        _("My workshops"),
        _(
            "A workshop you registered for: your seat or your place on the waiting list, a "
            "seat freed up for you, a change or a cancellation, with its calendar invitation."
        ),
        "programs",
        user_can_apply,
    ),
    Kind(
        "kudos_received",
        _("Thanks I receive"),
        _("Your partner or the program's team thanks you, with their message."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "kudos_hidden",
        _("Thanks hidden from a wall"),
        _("HR hid from the walls a thanks you received, and says why."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "badge_awarded",
        _("Badges I earn"),
        _("A badge you earned from what you did in a program, or one HR gave you."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "badge_revoked",
        _("Badges revoked"),
        _("HR revoked one of your badges, and says why."),
        "pair",
        user_has_pairs,
    ),
    Kind(
        "pair_ended_hr",
        _("Pairs ending early"),
        _("A member left their pair in a program you follow: their partner may need another."),
        "managing",
        user_can_manage_programs,
    ),
    Kind(
        "executive_report",
        _("The monthly executive report"),
        _(
            "Once a month, the executive report of the programs as a PDF: figures about "
            "groups only."
        ),
        "insights",
        _sponsor,
    ),
    Kind(
        "password_reset",
        _("Choosing a new password"),
        _("The link to choose a new password, when you ask for one."),
        "account",
        _everyone,
        _("Its link works once and only for you, so it only goes by e-mail."),
    ),
)

_BY_NAME = {kind.name: kind for kind in KINDS}


def get_kind(name: str) -> Kind | None:
    return _BY_NAME.get(name)


def kinds_for(user: Any) -> list[Kind]:
    """The kinds `user` can receive (by role), in the page's order: by group, then as listed."""
    order = list(GROUPS)
    mine = [kind for kind in KINDS if kind.receives(user)]
    return sorted(mine, key=lambda kind: order.index(kind.group))


def effective_channel(kind: str, chosen: str | None) -> str:
    """How a person who chose `chosen` (None: never chose) is told of `kind`, within the
    rules: one-time links by e-mail; what HR requires never nowhere."""
    if kind in EMAIL_ONLY:
        return Channel.EMAIL
    channel = chosen or Channel.BOTH
    if channel == Channel.NONE and kind in REQUIRED_KINDS:
        return Channel.IN_APP
    return channel
