"""The audit actions recorded by programs: programs, invitations, applications, and the
accounts created or linked when people are invited."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bascule.accounts.models import Language
from bascule.core.audit_registry import (
    Detail,
    choice,
    describe_action,
    describe_object,
    hidden,
    reference,
)
from bascule.programs import templates_catalog
from bascule.programs.models import ApplicationStatus, ParticipantRole, ProgramStatus

describe_object(
    "programs.program", parts=lambda program: {"program": program.name}, recorded_part="program"
)
describe_object(
    "programs.application",
    parts=lambda application: {
        "name": application.employee.full_name,
        "program": application.program.name,
        "role": str(application.get_role_display()).lower(),
    },
    related=("employee", "program"),
)
describe_object(
    "programs.invitation",
    parts=lambda invitation: {
        "name": invitation.employee.full_name,
        "program": invitation.program.name,
    },
    related=("employee", "program"),
)


def _template(value, reading) -> str:
    if templates_catalog.is_template(value):
        template = templates_catalog.TEMPLATES[value]
        return template.text(templates_catalog.template_language(get_language()))["name"]
    return str(templates_catalog.BLANK_LABEL)


PROGRAM = reference("programs.program", "program", _("Program"))
EMPLOYEE = reference("people.employee", "name", _("Employee"))
STATUS = choice(ProgramStatus)

describe_action(
    "program.created",
    label=_("Program created"),
    sentence=_("%(actor)s created the program “%(program)s”"),
    details={"template": Detail(_("Model"), _template), "name": Detail(_("Name"))},
)
describe_action(
    "program.updated",
    label=_("Program changed"),
    sentence=_("%(actor)s changed the program “%(program)s”"),
)
describe_action(
    "program.transition",
    label=_("Program moved to another stage"),
    sentence=_("%(actor)s moved the program “%(program)s” from “%(from)s” to “%(to)s”"),
    details={
        "from": Detail(_("From"), STATUS, hidden=True),
        "to": Detail(_("To"), STATUS, hidden=True),
    },
)
describe_action(
    "program.duplicated",
    label=_("Program duplicated"),
    sentence=_("%(actor)s created the program “%(program)s” as a copy of “%(source)s”"),
    details={"source": Detail(_("Copy of")), "source_id": hidden()},
)
describe_action(
    "invitation.create",
    label=_("Invitation sent"),
    sentence=_("%(actor)s invited %(name)s to the program “%(program)s”"),
    details={"program": PROGRAM, "employee": EMPLOYEE},
)
describe_action(
    "invitation.resend",
    label=_("Invitation sent again"),
    sentence=_("%(actor)s sent the invitation to the program “%(program)s” again to %(name)s"),
    details={"program": PROGRAM, "employee": EMPLOYEE},
)
describe_action(
    "invitation.open",
    label=_("Invitation opened"),
    sentence=_("%(name)s opened their invitation to the program “%(program)s”"),
)

APPLICATION_DETAILS = {
    "role": Detail(_("Role"), choice(ParticipantRole)),
    "status": Detail(_("Status"), choice(ApplicationStatus)),
    "skills_to_share": Detail(_("Skills to share (codes)")),
    "skills_to_develop": Detail(_("Skills to develop (codes)")),
    "replaced_skills": Detail(_("Skills replaced by their new name")),
    "reason": Detail(_("Reason")),
}
describe_action(
    "application.submit",
    label=_("Application sent"),
    sentence=_("%(actor)s applied to the program “%(program)s” as %(role)s"),
    details=APPLICATION_DETAILS,
)
describe_action(
    "application.reapply",
    label=_("Application sent again"),
    sentence=_("%(actor)s applied again to the program “%(program)s” as %(role)s"),
    details=APPLICATION_DETAILS,
)
describe_action(
    "application.update",
    label=_("Application changed"),
    sentence=_("%(actor)s changed the application of %(name)s to the program “%(program)s”"),
    details=APPLICATION_DETAILS,
)
describe_action(
    "application.withdraw",
    label=_("Application withdrawn"),
    sentence=_("%(actor)s withdrew the application of %(name)s to the program “%(program)s”"),
    details=APPLICATION_DETAILS,
)
describe_action(
    "application.approved",
    label=_("Application approved"),
    sentence=_("%(actor)s approved the application of %(name)s to the program “%(program)s”"),
    details=APPLICATION_DETAILS,
)
describe_action(
    "application.waitlisted",
    label=_("Application put on the waiting list"),
    sentence=_(
        "%(actor)s put the application of %(name)s to the program “%(program)s” on the waiting list"
    ),
    details=APPLICATION_DETAILS,
)
describe_action(
    "application.declined",
    label=_("Application declined"),
    sentence=_("%(actor)s declined the application of %(name)s to the program “%(program)s”"),
    details=APPLICATION_DETAILS,
)
describe_action(
    "user.link_employee",
    label=_("Account linked to an employee"),
    sentence=_("%(actor)s linked the account of %(user)s to the employee %(name)s"),
    details={"employee": EMPLOYEE},
)
describe_action(
    "user.create_for_invitation",
    label=_("Account created for an invitation"),
    sentence=_("%(actor)s created an account for %(name)s, to invite them"),
    details={"employee": EMPLOYEE, "language": Detail(_("Language"), choice(Language))},
)
