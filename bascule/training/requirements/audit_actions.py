"""The audit actions of HR's side of training: a program's requirements and the reminders
sent to the people late (imported by TrainingConfig.ready)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bascule.core.audit_registry import (
    Detail,
    choice,
    describe_action,
    describe_object,
    field_names,
    number,
    reference,
)
from bascule.programs.models import ParticipantRole
from bascule.training.models import DueAnchor

describe_object(
    "training.requirement",
    parts=lambda requirement: {
        "program": requirement.program.name,
        "module": requirement.module.slug,
    },
    related=("program", "module"),
)

DETAILS = {
    "program": reference("programs.program", "program", _("Program")),
    "module": Detail(_("Module")),
    "role": Detail(_("Role"), choice(ParticipantRole)),
    "due_days": Detail(_("Days to complete it"), number),
    "anchor": Detail(_("Counted from"), choice(DueAnchor)),
    "gates_kickoff": Detail(_("Required before the kickoff")),
}

describe_action(
    "training.requirement_added",
    label=_("Training requirement added"),
    sentence=_("%(actor)s required the module “%(module)s” in the program “%(program)s”"),
    details=DETAILS,
)
describe_action(
    "training.requirement_changed",
    label=_("Training requirement changed"),
    sentence=_(
        "%(actor)s changed the requirement of the module “%(module)s” in the program “%(program)s”"
    ),
    details={**DETAILS, "fields": Detail(_("Changed"), field_names("training.requirement"))},
)
describe_action(
    "training.requirement_removed",
    label=_("Training requirement removed"),
    sentence=_(
        "%(actor)s removed the requirement of the module “%(module)s” in the program “%(program)s”"
    ),
    details=DETAILS,
)
describe_action(
    "training.overdue_reminded",
    label=_("Reminder to the people late for a module"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s reminded %(count)s person late for the module “%(module)s” in the "
            "program “%(program)s”",
            "%(actor)s reminded %(count)s people late for the module “%(module)s” in the "
            "program “%(program)s”",
            p.count("count"),
        )
        % p
    ),
    details={
        "program": reference("programs.program", "program", _("Program")),
        "count": Detail(_("People"), number),
    },
)
