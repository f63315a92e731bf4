"""The audit actions of the notifications app: who was sent which e-mail, one entry a run (the
e-mail jobs); HR sending a failed one again; a person changing how they are notified."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import Detail, describe_action, plain
from bascule.notifications.kinds import get_kind
from bascule.notifications.models import Channel

DETAILS = {
    "email": Detail(_("E-mail"), plain),
    "recipients": Detail(_("Recipients"), plain),
}

describe_action(
    "notifications.sent",
    label=_("E-mail sent"),
    sentence=_("%(actor)s sent an e-mail"),
    details=DETAILS,
)
describe_action(
    "notifications.retried",
    label=_("Failed e-mail sent again"),
    sentence=_("%(actor)s asked to send a failed e-mail again"),
    details=DETAILS,
)


def _channels(value, reading) -> str:
    """Show {kind: channel} as "My partner: In the app only, Meetings…: By e-mail only"."""
    if not isinstance(value, dict):
        return plain(value)
    words = []
    for name, channel in value.items():
        kind = get_kind(name)
        label = Channel(channel).label if channel in Channel.values else channel
        words.append(f"{kind.label if kind else name}: {label}")
    return ", ".join(words)


describe_action(
    "notifications.preferences_changed",
    label=_("Notification choices changed"),
    sentence=_("%(actor)s changed how they are notified"),
    details={"channels": Detail(_("Notifications"), _channels)},
)
