"""The audit actions recorded by recognition: kudos sent, the recipient's choices, HR's
moderation (the message and the reason are never quoted)."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import (
    Detail,
    choice,
    describe_action,
    describe_object,
    hidden,
    number,
)
from bascule.recognition.models import SenderKind, Visibility


def kudos_words(kudos) -> dict[str, str]:
    return {"program": kudos.program.name, "person": kudos.recipient.full_name}


describe_object("recognition.kudos", parts=kudos_words, related=("program", "recipient"))
describe_object(
    "recognition.recognitionpreference",
    parts=lambda p: {"person": p.employee.full_name},
    related=("employee",),
)

describe_action(
    "recognition.kudos_sent",
    label=_("Kudos sent"),
    sentence=_("%(actor)s sent kudos to %(person)s in “%(program)s”"),
    details={
        "sender_kind": Detail(_("Sent by"), choice(SenderKind)),
        "visibility": Detail(_("Visibility asked"), choice(Visibility)),
        "recipients": Detail(_("Recipients"), number),
        "pair": hidden(),
        "skill": hidden(),
    },
)
describe_action(
    "recognition.preference_set",
    label=_("Recognition preference"),
    sentence=_("%(actor)s chose who may see the kudos %(person)s receives"),
    details={"cap": Detail(_("Who may see them"), choice(Visibility, as_list=True))},
)
describe_action(
    "recognition.wall_chosen",
    label=_("Kudos shown on the wall or taken off"),
    sentence=_("%(actor)s chose whether kudos to %(person)s shows on the wall"),
    details={"on_wall": Detail(_("On the wall"), choice([(True, _("yes")), (False, _("no"))]))},
)
describe_action(
    "recognition.kudos_hidden",
    label=_("Kudos hidden"),
    sentence=_("%(actor)s hid kudos to %(person)s in “%(program)s”"),
)
describe_action(
    "recognition.kudos_unhidden",
    label=_("Kudos shown again"),
    sentence=_("%(actor)s showed again kudos to %(person)s in “%(program)s”"),
)

# --- Badges ------------------------------------------------------------------------------------

describe_object(
    "recognition.badge", parts=lambda b: {"badge": b.name_in(get_language())}, related=()
)
describe_object(
    "recognition.badgeaward",
    parts=lambda a: {"badge": a.badge.name_in(get_language()), "person": a.employee.full_name},
    related=("badge", "employee"),
)
describe_action(
    "recognition.badge_created",
    label=_("Custom badge created"),
    sentence=_("%(actor)s created the badge “%(badge)s”"),
)
describe_action(
    "recognition.badge_awarded",
    label=_("Badge awarded"),
    sentence=_("%(actor)s awarded the badge “%(badge)s” to %(person)s"),
    details={"badge": hidden(), "program": hidden()},
)
describe_action(
    "recognition.badge_revoked",
    label=_("Badge revoked"),
    sentence=_("%(actor)s revoked the badge “%(badge)s” of %(person)s"),
    details={"badge": hidden()},
)
describe_action(
    "recognition.badge_switched_off",
    label=_("Badge switched off"),
    sentence=_("%(actor)s switched off the badge “%(badge)s”"),
)
describe_action(
    "recognition.badge_switched_on",
    label=_("Badge switched on"),
    sentence=_("%(actor)s switched on the badge “%(badge)s”"),
)
