"""The audit actions recorded by reminders: each person's choices, each program's rules."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import Detail, changed, describe_action, plain
from bascule.reminders import kinds


def _kind(code) -> str:
    kind = kinds.get_kind(code)
    return str(kind.label) if kind else str(code)


def _kinds(value, reading) -> str:
    codes = value if isinstance(value, list) else [value]
    return ", ".join(_kind(code) for code in codes) or _("none")


def _choices(value, reading) -> str:
    """Show {kind: on or off} as "Meeting soon: on, No meeting yet: off"."""
    if not isinstance(value, dict):
        return plain(value)
    return ", ".join(
        f"{_kind(code)}: {_('on') if enabled else _('off')}" for code, enabled in value.items()
    )


describe_action(
    "reminders.preferences_changed",
    label=_("Reminder choices changed"),
    sentence=_("%(actor)s changed the reminders they receive"),
    details={"enabled": Detail(_("Reminders"), _choices)},
)
describe_action(
    "reminders.policy_changed",
    label=_("Required reminders changed"),
    sentence=_("%(actor)s changed the reminders the program “%(program)s” requires"),
    details={"required_kinds": Detail(_("Required"), changed(_kinds))},
)
