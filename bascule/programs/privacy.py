"""Personal data of the programs app: applications, invitations, the programs an account
manages (see bascule/privacy/base.py for the contract, docs/privacy.md for the rules)."""

import datetime as dt
import secrets
from typing import Any

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.privacy.base import (
    ACTOR,
    SUBJECT,
    Audience,
    Person,
    Plan,
    Record,
    Section,
    item,
    model_items,
)
from bascule.programs.availability import slot_label
from bascule.programs.languages import language_name
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    Invitation,
    Program,
    ProgramStatus,
    SkillDirection,
)

COVERS = {
    "programs.Application.employee": SUBJECT,
    "programs.Application.decided_by": ACTOR,
    "programs.Invitation.employee": SUBJECT,
    "programs.Invitation.invited_by": ACTOR,
    "programs.Program.created_by": ACTOR,
    # Managing a program is a role, not data about the person: the erased account leaves it.
    "programs.Program.managers": ACTOR,
}

KINDS = {
    "applications": gettext_lazy("applications: answers deleted"),
    "applications_withdrawn": gettext_lazy("open applications withdrawn"),
    "application_skills": gettext_lazy("skills picked in applications deleted"),
    "invitations": gettext_lazy("invitation links disabled"),
    "managed_programs": gettext_lazy("programs no longer managed"),
}

# What a person writes or chooses in the application form, emptied by the erasure and by the
# retention rule. The role, the status and the dates stay: they are counted.
ANSWERS_EMPTY = {
    "skills_to_share_text": "",
    "skills_to_develop_text": "",
    "interests": [],
    "hopes": "",
    "availability": [],
    "preferred_format": "",
    "languages": [],
    "decision_reason": "",
    "withdrawal_reason": "",
}

OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.WAITLISTED,
)


def export(person: Person, *, audience: Audience) -> list[Section]:
    sections = []
    if person.employee is not None:
        sections += [_applications(person), _invitations(person)]
    if person.user is not None:
        managed = list(person.user.managed_programs.order_by("-starts_on", "name"))
        if managed:
            sections.append(
                Section(
                    key="managed_programs",
                    title=_("Programs managed"),
                    records=[
                        Record(
                            program.name, model_items(program, ["status", "starts_on", "ends_on"])
                        )
                        for program in managed
                    ],
                )
            )
    return sections


def _skills(application: Application, direction: str) -> list[str]:
    return [
        f"{row.skill.label} ({row.get_level_display()})"
        for row in application.skills.all()
        if row.direction == direction
    ]


def _applications(person: Person) -> Section:
    section = Section(key="applications", title=_("Applications"))
    applications = (
        Application.objects.filter(employee=person.employee)
        .select_related("program")
        .prefetch_related(
            Prefetch("skills", queryset=ApplicationSkill.objects.select_related("skill"))
        )
        .order_by("created_at", "id")
    )
    for application in applications:
        items = [item("program", _("Program"), application.program.name)]
        items += model_items(application, ["role", "status"])
        items += [
            item(
                "skills_to_share",
                _("Skills I can share"),
                _skills(application, SkillDirection.SHARE),
            ),
            item(
                "skills_to_develop",
                _("Skills I want to develop"),
                _skills(application, SkillDirection.DEVELOP),
            ),
        ]
        items += model_items(
            application, ["skills_to_share_text", "skills_to_develop_text", "interests", "hopes"]
        )
        items.append(
            item(
                "availability",
                _("Availability"),
                application.availability,
                ", ".join(slot_label(code) for code in application.availability) or "—",
            )
        )
        items += model_items(application, ["preferred_format"])
        items.append(
            item(
                "languages",
                _("Languages"),
                application.languages,
                ", ".join(language_name(code) for code in application.languages) or "—",
            )
        )
        items += model_items(application, ["charter_accepted_at", "privacy_notice_accepted_at"])
        items.append(
            item("decision_reason", _("Reason given for the decision"), application.decision_reason)
        )
        items += model_items(
            application,
            [
                "decided_at",
                "withdrawal_reason",
                "withdrawn_at",
                "created_at",
                "updated_at",
            ],
        )
        title = f"{application.program.name} — {application.get_role_display()}"
        section.records.append(Record(title, items))
    return section


def _invitations(person: Person) -> Section:
    section = Section(key="invitations", title=_("Invitations"))
    invitations = Invitation.objects.filter(employee=person.employee).select_related("program")
    for invitation in invitations.order_by("created_at", "id"):
        items = [item("program", _("Program"), invitation.program.name)]
        items += model_items(invitation, ["suggested_role", "created_at", "sent_at", "opened_at"])
        section.records.append(Record(invitation.program.name, items))
    return section


def _open_applications(person: Person) -> Any:
    return Application.objects.filter(employee=person.employee, status__in=OPEN_STATUSES).exclude(
        program__status=ProgramStatus.CLOSED
    )


def erasure_plan(person: Person) -> Plan:
    plan = Plan()
    if person.employee is not None:
        applications = Application.objects.filter(employee=person.employee).count()
        still_open = _open_applications(person).count()
        invitations = Invitation.objects.filter(employee=person.employee).count()
        plan.erase_if(
            applications,
            ngettext(
                "%(count)s application: everything written or chosen in the form (other "
                "skills, interests, hopes, availability, format, languages) and the reasons "
                "given for a decision or a withdrawal.",
                "%(count)s applications: everything written or chosen in the form (other "
                "skills, interests, hopes, availability, format, languages) and the reasons "
                "given for a decision or a withdrawal.",
                applications,
            )
            % {"count": applications},
        )
        if invitations:
            plan.erase.append(
                ngettext(
                    "%(count)s invitation: its personal link stops working.",
                    "%(count)s invitations: their personal links stop working.",
                    invitations,
                )
                % {"count": invitations}
            )
        plan.keep.append(
            _(
                "Each application's program, role, status and dates, and the skills picked "
                "with their levels: the programs' figures stay right."
            )
        )
        if still_open:
            plan.consequences.append(
                ngettext(
                    "%(count)s application still open is withdrawn.",
                    "%(count)s applications still open are withdrawn.",
                    still_open,
                )
                % {"count": still_open}
            )
    if person.user is not None:
        managed = person.user.managed_programs.count()
        if managed:
            plan.consequences.append(
                ngettext(
                    "The account is removed from the managers of %(count)s program.",
                    "The account is removed from the managers of %(count)s programs.",
                    managed,
                )
                % {"count": managed}
            )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    if person.employee is not None:
        counts["applications_withdrawn"] = _open_applications(person).update(
            status=ApplicationStatus.WITHDRAWN, withdrawn_at=now, version=F("version") + 1
        )
        counts["applications"] = Application.objects.filter(employee=person.employee).update(
            **ANSWERS_EMPTY, version=F("version") + 1
        )
        invitations = list(Invitation.objects.filter(employee=person.employee).only("pk"))
        for invitation in invitations:
            invitation.token = secrets.token_urlsafe(32)
        Invitation.objects.bulk_update(invitations, ["token"])
        counts["invitations"] = len(invitations)
    if person.user is not None:
        counts["managed_programs"] = person.user.managed_programs.count()
        person.user.managed_programs.clear()
    return counts


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Delete the application answers and the skills picked of `program`'s applicants."""
    holding = Application.objects.filter(program=program).exclude(**ANSWERS_EMPTY)
    skills = ApplicationSkill.objects.filter(application__program=program)
    if dry_run:
        return {"applications": holding.count(), "application_skills": skills.count()}
    return {
        "applications": holding.update(**ANSWERS_EMPTY),
        "application_skills": skills.delete()[0],
    }
