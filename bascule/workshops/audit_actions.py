"""The audit actions recorded by workshops: workshops, places, attendance and feedback
(named, never quoted: feedback is read in aggregate only)."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import (
    Detail,
    choice,
    describe_action,
    describe_object,
    field_names,
    hidden,
    moment,
    number,
)
from bascule.workshops.models import RegistrationStatus


def workshop_words(workshop) -> dict[str, str]:
    return {"workshop": workshop.title}


def registration_words(registration) -> dict[str, str]:
    return {
        "workshop": registration.workshop.title,
        "person": registration.employee.full_name,
    }


describe_object("workshops.workshop", parts=workshop_words)
describe_object(
    "workshops.registration", parts=registration_words, related=("workshop", "employee")
)
describe_object(
    "workshops.feedback", parts=lambda f: workshop_words(f.workshop), related=("workshop",)
)

STATUS = Detail(_("Place"), choice(RegistrationStatus))

describe_action(
    "workshops.created",
    label=_("Workshop created"),
    sentence=_("%(actor)s created the workshop “%(workshop)s”"),
    details={
        "starts_at": Detail(_("Starts"), moment),
        "capacity": Detail(_("Seats"), number),
        "programs": hidden(),
        "modules": hidden(),
    },
)
describe_action(
    "workshops.updated",
    label=_("Workshop changed"),
    sentence=_("%(actor)s changed the workshop “%(workshop)s”"),
    details={
        "fields": Detail(_("Changed"), field_names("workshops.workshop")),
        "promoted": Detail(_("Given a seat from the waiting list"), number),
    },
)
describe_action(
    "workshops.cancelled",
    label=_("Workshop cancelled"),
    sentence=_("%(actor)s cancelled the workshop “%(workshop)s”"),
    details={"told": Detail(_("People told"), number)},
)
describe_action(
    "workshops.registered",
    label=_("Workshop registration"),
    sentence=_("%(actor)s registered %(person)s for the workshop “%(workshop)s”"),
    details={"status": STATUS},
)
describe_action(
    "workshops.registrations_added",
    label=_("People registered for a workshop"),
    sentence=_("%(actor)s registered people for the workshop “%(workshop)s”"),
    details={
        "registered": Detail(_("Seats given"), number),
        "waitlisted": Detail(_("On the waiting list"), number),
        "already": Detail(_("Already had a place"), number),
        "refused": Detail(_("Refused (left or not active)"), number),
    },
)
describe_action(
    "workshops.registration_cancelled",
    label=_("Workshop registration cancelled"),
    sentence=_("%(actor)s cancelled the place of %(person)s at the workshop “%(workshop)s”"),
    details={
        "by": Detail(
            _("Cancelled by"),
            choice([("self", _("the person")), ("manager", _("a manager"))]),
        ),
        "promoted": hidden(),
    },
)
describe_action(
    "workshops.attendance_marked",
    label=_("Workshop attendance"),
    sentence=_("%(actor)s took the attendance of the workshop “%(workshop)s”"),
    details={
        "present": Detail(_("Present"), number),
        "absent": Detail(_("Absent"), number),
        "excused": Detail(_("Excused"), number),
        "modules_completed": Detail(_("Modules completed"), number),
    },
)
describe_action(
    "workshops.feedback_given",
    label=_("Workshop feedback"),
    sentence=_("%(actor)s gave feedback on the workshop “%(workshop)s”"),
)
