"""Writes for enrollment: invitations, applications, decisions, withdrawals.

Each function runs in one transaction, records one audit entry per change, and sends its
e-mails once the transaction has committed, in each recipient's language.
"""

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import Role, User
from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.core.notify import notify
from bascule.people.models import Employee
from bascule.programs.availability import SLOT_CODES
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    Invitation,
    MeetingFormat,
    ParticipantRole,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.programs.rules import eligibility_problems
from bascule.programs.signals import application_withdrawn
from bascule.skills.models import Skill

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
MERGE_BATCH_SIZE = 500
DECISIONS = (ApplicationStatus.APPROVED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED)
# The audit action of each decision, spelled out so the audit log's descriptions cover them.
DECISION_ACTIONS = {
    ApplicationStatus.APPROVED: "application.approved",
    ApplicationStatus.WAITLISTED: "application.waitlisted",
    ApplicationStatus.DECLINED: "application.declined",
}
MAX_INTERESTS = 20
MAX_INTEREST_LENGTH = 60


class ApplicationError(DomainError):
    """An application that cannot be saved; `field` names the form field it is about."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        field: str | None = None,
        application_id: int | None = None,
    ):
        super().__init__(message, code=code)
        self.field = field
        # The existing application, when the error is a duplicate one.
        self.application_id = application_id


# --- Invitations -----------------------------------------------------------------------------


@dataclass
class InvitationResult:
    invited: list[Invitation] = field(default_factory=list)
    resent: list[Invitation] = field(default_factory=list)
    already_invited: list[Employee] = field(default_factory=list)
    left: list[Employee] = field(default_factory=list)
    accounts_created: int = 0


def account_language(employee: Employee) -> str:
    """Return the first of the employee's languages Bascule speaks, else the default one."""
    for code in employee.languages or []:
        if str(code).lower()[:2] in LANGUAGE_CODES:
            return str(code).lower()[:2]
    return settings.LANGUAGE_CODE


def _account_for(*, actor: Any, employee: Employee) -> tuple[User, bool]:
    """Return the employee's user account, creating a participant one if they have none."""
    user = User.objects.filter(employee=employee).first()
    if user is not None:
        return user, False
    user = User.objects.filter(email__iexact=employee.email).first()
    if user is not None and user.employee_id is None:
        user.employee = employee
        user.save(update_fields=["employee"])
        audit_record(
            actor=actor, action="user.link_employee", target=user, changes={"employee": employee.pk}
        )
        return user, False
    user = User.objects.create_user(
        email=employee.email,
        password=None,
        role=Role.PARTICIPANT,
        employee=employee,
        first_name=employee.first_name,
        last_name=employee.last_name,
        language=account_language(employee),
        time_zone=employee.time_zone or "Europe/Paris",
    )
    audit_record(
        actor=actor,
        action="user.create_for_invitation",
        target=user,
        changes={"employee": employee.pk, "language": user.language},
    )
    return user, True


def invitations_create(
    *,
    actor: Any,
    program: Program,
    employees: Iterable[Employee],
    suggested_role: str = "",
    resend: bool = False,
    submission: idempotency.Submission | None = None,
) -> InvitationResult:
    """Invite `employees` to `program` and e-mail each one a personal link.

    Someone already invited is not e-mailed again unless `resend`. People who have left are
    skipped. Invitees without an account get one (participant, no password yet): their
    e-mail also holds a link to choose a password. The same `submission` sent again sends
    nothing more: it raises AlreadySubmitted.
    """
    if program.status not in (ProgramStatus.DRAFT, ProgramStatus.ENROLLING):
        raise DomainError(
            _("Invitations can only be sent before matching starts."), code="enrollment_closed"
        )
    if suggested_role and suggested_role not in ParticipantRole.values:
        raise DomainError(_("Choose mentor or mentee."), code="invalid_role")
    result = InvitationResult()
    to_send: list[int] = []
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope="enrollment.invite", submission=submission)
        existing = {
            invitation.employee_id: invitation
            for invitation in Invitation.objects.filter(program=program).select_for_update()
        }
        seen: set[int] = set()
        for employee in employees:
            if employee.pk in seen:
                continue
            seen.add(employee.pk)
            if employee.left_on is not None:
                result.left.append(employee)
                continue
            invitation = existing.get(employee.pk)
            if invitation is not None and not resend:
                result.already_invited.append(employee)
                continue
            user, created = _account_for(actor=actor, employee=employee)
            result.accounts_created += int(created)
            if invitation is None:
                invitation = Invitation.objects.create(
                    program=program,
                    employee=employee,
                    suggested_role=suggested_role,
                    token=secrets.token_urlsafe(32),
                    invited_by=actor if getattr(actor, "is_authenticated", False) else None,
                    sent_at=timezone.now(),
                )
                audit_record(
                    actor=actor,
                    action="invitation.create",
                    target=invitation,
                    changes={"program": program.pk, "employee": employee.pk},
                )
                result.invited.append(invitation)
            else:
                invitation.sent_at = timezone.now()
                invitation.save(update_fields=["sent_at"])
                audit_record(
                    actor=actor,
                    action="invitation.resend",
                    target=invitation,
                    changes={"program": program.pk, "employee": employee.pk},
                )
                result.resent.append(invitation)
            to_send.append(invitation.pk)
        claim.done(program)
        notify("program_invitation", invitation_ids=to_send)
    return result


def invitation_mark_opened(*, actor: Any, invitation: Invitation) -> Invitation:
    """Record the first time the personal link was opened."""
    if invitation.opened_at is not None:
        return invitation
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
        invitation.refresh_from_db(fields=["opened_at"])
        if updated:
            audit_record(actor=actor, action="invitation.open", target=invitation)
    return invitation


# --- Applications ----------------------------------------------------------------------------


@dataclass
class SkillChoice:
    skill_id: int
    level: int


@dataclass
class ApplicationData:
    """What an applicant fills in, as the form or the API validated it."""

    role: str
    skills_to_share: list[SkillChoice] = field(default_factory=list)
    skills_to_develop: list[SkillChoice] = field(default_factory=list)
    skills_to_share_text: str = ""
    skills_to_develop_text: str = ""
    interests: list[str] = field(default_factory=list)
    hopes: str = ""
    availability: list[str] = field(default_factory=list)
    preferred_format: str = ""
    languages: list[str] = field(default_factory=list)
    charter_accepted: bool = False
    privacy_notice_accepted: bool = False


def parse_interests(text: str) -> list[str]:
    """Return comma-separated tags as a list: trimmed, without empty or repeated ones."""
    tags: list[str] = []
    for part in text.replace(";", ",").split(","):
        tag = " ".join(part.split())[:MAX_INTEREST_LENGTH]
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags[:MAX_INTERESTS]


def enrollment_closed_reason(program: Program, *, today: dt.date | None = None) -> str:
    """Return why nobody may apply to `program` now, in words; empty while it is open."""
    today = today or timezone.localdate()
    if program.status != ProgramStatus.ENROLLING:
        return _("Enrollment for this program is not open.")
    if program.enrollment_closes_on and today > program.enrollment_closes_on:
        return _("Enrollment for this program closed on %(date)s.") % {
            "date": formats.date_format(program.enrollment_closes_on, "DATE_FORMAT")
        }
    return ""


def is_invited(program: Program, employee: Employee) -> bool:
    return Invitation.objects.filter(program=program, employee=employee).exists()


@dataclass
class ResolvedSkills:
    share: list[tuple[Skill, int]]
    develop: list[tuple[Skill, int]]
    # (old label, new label) of merged skills replaced by the skill they were merged into.
    replaced: list[tuple[str, str]]


def _resolve(choices: Sequence[SkillChoice], field_name: str, replaced: list) -> list:
    ids = {choice.skill_id for choice in choices}
    skills = Skill.objects.in_bulk(ids)
    resolved: dict[int, tuple[Skill, int]] = {}
    for choice in choices:
        if not 1 <= choice.level <= 4:
            raise ApplicationError(
                _("A skill level goes from 1 to 4."), code="invalid_level", field=field_name
            )
        skill = skills.get(choice.skill_id)
        if skill is None:
            raise ApplicationError(
                _("A skill you chose does not exist. Choose another one."),
                code="unknown_skill",
                field=field_name,
            )
        original = skill
        hops = 0
        while skill.merged_into_id is not None and hops < 10:
            skill = Skill.objects.get(pk=skill.merged_into_id)
            hops += 1
        if skill.retired_at is not None or skill.merged_into_id is not None:
            raise ApplicationError(
                _("“%(skill)s” is no longer offered. Remove it or choose another skill.")
                % {"skill": original.label},
                code="retired_skill",
                field=field_name,
            )
        if skill.pk != original.pk:
            replaced.append((original.label, skill.label))
        previous = resolved.get(skill.pk)
        resolved[skill.pk] = (skill, max(choice.level, previous[1] if previous else 0))
    return list(resolved.values())


def resolve_skills(data: ApplicationData) -> ResolvedSkills:
    """Return the application's skills, merged ones replaced; raise for retired or unknown."""
    replaced: list[tuple[str, str]] = []
    share = _resolve(data.skills_to_share, "skills_to_share", replaced)
    develop = _resolve(data.skills_to_develop, "skills_to_develop", replaced)
    return ResolvedSkills(share=share, develop=develop, replaced=replaced)


def _check(program: Program, employee: Employee, data: ApplicationData) -> ResolvedSkills:
    if data.role not in ParticipantRole.values:
        raise ApplicationError(_("Choose mentor or mentee."), code="invalid_role", field="role")
    problems = eligibility_problems(program, employee, data.role)
    if problems:
        raise ApplicationError(" ".join(problems), code="ineligible", field="role")
    unknown_slots = sorted(set(data.availability) - set(SLOT_CODES))
    if unknown_slots:
        raise ApplicationError(
            _("Unknown time slot: %(slots)s.") % {"slots": ", ".join(unknown_slots)},
            code="invalid_availability",
            field="availability",
        )
    if data.preferred_format and data.preferred_format not in MeetingFormat.values:
        raise ApplicationError(
            _("Choose a format from the list."), code="invalid_format", field="preferred_format"
        )
    if not data.charter_accepted:
        raise ApplicationError(
            _("Please confirm that you accept the program's charter."),
            code="charter_not_accepted",
            field="charter_accepted",
        )
    if not data.privacy_notice_accepted:
        raise ApplicationError(
            _("Please confirm that you have read how your information is used."),
            code="notice_not_acknowledged",
            field="privacy_notice_accepted",
        )
    return resolve_skills(data)


# The fields _write_profile sets, which every save of an application's profile names.
PROFILE_FIELDS = (
    "role",
    "skills_to_share_text",
    "skills_to_develop_text",
    "interests",
    "hopes",
    "availability",
    "preferred_format",
    "languages",
    "charter_accepted_at",
    "privacy_notice_accepted_at",
)


def _write_profile(application: Application, data: ApplicationData, skills: ResolvedSkills):
    now = timezone.now()
    application.role = data.role
    application.skills_to_share_text = data.skills_to_share_text.strip()
    application.skills_to_develop_text = data.skills_to_develop_text.strip()
    application.interests = list(data.interests)
    application.hopes = data.hopes.strip()
    application.availability = [code for code in SLOT_CODES if code in set(data.availability)]
    application.preferred_format = data.preferred_format
    application.languages = list(dict.fromkeys(data.languages))
    application.charter_accepted_at = application.charter_accepted_at or now
    application.privacy_notice_accepted_at = application.privacy_notice_accepted_at or now


def _write_skills(application: Application, skills: ResolvedSkills) -> None:
    application.skills.all().delete()
    ApplicationSkill.objects.bulk_create(
        [
            ApplicationSkill(application=application, skill=skill, direction=direction, level=level)
            for direction, pairs in (
                (SkillDirection.SHARE, skills.share),
                (SkillDirection.DEVELOP, skills.develop),
            )
            for skill, level in pairs
        ]
    )


def application_skills_merge(*, source: Skill, target: Skill) -> dict[str, int]:
    """Give `target` to the applications that have `source` (a merge of the taxonomy) and
    return the counts recorded with the merge: `applications_moved`, and
    `applications_combined` for those that already had `target` in the same direction,
    where the higher level is kept and the duplicate dropped. Runs in the merge's
    transaction, with both skills locked."""
    target_rows = {
        (row.application_id, row.direction): row
        for row in ApplicationSkill.objects.select_for_update().filter(skill=target)
    }
    moved = combined = 0
    to_raise: list[ApplicationSkill] = []
    to_drop: list[int] = []
    to_move: list[int] = []
    for row in ApplicationSkill.objects.select_for_update().filter(skill=source):
        existing = target_rows.get((row.application_id, row.direction))
        if existing is None:
            to_move.append(row.pk)
            moved += 1
        else:
            if row.level > existing.level:
                existing.level = row.level
                to_raise.append(existing)
            to_drop.append(row.pk)
            combined += 1
    ApplicationSkill.objects.filter(pk__in=to_drop).delete()
    if to_raise:
        ApplicationSkill.objects.bulk_update(to_raise, ["level"], batch_size=MERGE_BATCH_SIZE)
    ApplicationSkill.objects.filter(pk__in=to_move).update(skill=target)
    return {"applications_moved": moved, "applications_combined": combined}


def _profile_changes(application: Application, skills: ResolvedSkills) -> dict[str, Any]:
    return {
        "role": application.role,
        "status": application.status,
        "skills_to_share": sorted(skill.slug for skill, _level in skills.share),
        "skills_to_develop": sorted(skill.slug for skill, _level in skills.develop),
        "replaced_skills": [f"{old} → {new}" for old, new in skills.replaced],
    }


def application_submit(
    *,
    actor: Any,
    program: Program,
    employee: Employee,
    data: ApplicationData,
    submission: idempotency.Submission | None = None,
) -> tuple[Application, ResolvedSkills]:
    """Return a new application of `employee` to `program` (a withdrawn one is re-used).

    Raise ApplicationError when enrollment is closed, the program is by invitation and the
    employee was not invited, they already applied, the role is not open to them, a skill is
    retired or unknown, or the charter or the data notice is not acknowledged; raise
    AlreadySubmitted for the same `submission` sent again.
    """
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        claim = idempotency.claim(actor=actor, scope="enrollment.apply", submission=submission)
        reason = enrollment_closed_reason(program)
        if reason:
            raise ApplicationError(reason, code="enrollment_closed")
        if not program.open_enrollment and not is_invited(program, employee):
            raise ApplicationError(
                _("This program is by invitation only, and you have not been invited."),
                code="not_invited",
            )
        existing = (
            Application.objects.select_for_update()
            .filter(program=program, employee=employee)
            .first()
        )
        if existing is not None and existing.status != ApplicationStatus.WITHDRAWN:
            raise ApplicationError(
                _("You have already applied to this program. You can change your application."),
                code="duplicate",
                application_id=existing.pk,
            )
        skills = _check(program, employee, data)
        application = existing or Application(program=program, employee=employee)
        if existing is not None:
            application.status = ApplicationStatus.SUBMITTED
            application.withdrawal_reason = ""
            application.withdrawn_at = None
            application.decision_reason = ""
            application.decided_by = None
            application.decided_at = None
            application.charter_accepted_at = None
            application.privacy_notice_accepted_at = None
            application.version += 1
        _write_profile(application, data, skills)
        if existing is None:
            try:
                with transaction.atomic():
                    application.save()  # new row
            except IntegrityError as exc:
                raise ApplicationError(
                    _("You have already applied to this program. You can change your application."),
                    code="duplicate",
                ) from exc
        else:
            application.save(
                update_fields=[
                    *PROFILE_FIELDS,
                    "status",
                    "withdrawal_reason",
                    "withdrawn_at",
                    "decision_reason",
                    "decided_by",
                    "decided_at",
                    "version",
                    "updated_at",
                ]
            )
        _write_skills(application, skills)
        claim.done(application)
        audit_record(
            actor=actor,
            action="application.reapply" if existing else "application.submit",
            target=application,
            changes=_profile_changes(application, skills),
        )
    return application, skills


def application_update(
    *, actor: Any, application: Application, data: ApplicationData, version: int
) -> tuple[Application, ResolvedSkills]:
    """Return `application` with the applicant's changes; only until matching starts.

    Raise ConflictError when it changed since `version` was read.
    """
    with transaction.atomic():
        current = (
            Application.objects.select_for_update().select_related("program").get(pk=application.pk)
        )
        if not current.program.profiles_editable:
            raise ApplicationError(
                _("Matching has started: your application can no longer be changed."),
                code="not_editable",
            )
        if current.status == ApplicationStatus.WITHDRAWN:
            raise ApplicationError(
                _("You withdrew this application: apply again to take part."),
                code="withdrawn",
            )
        if current.version != version:
            raise ConflictError(
                _(
                    "Your application was changed elsewhere while you were editing it. "
                    "Your changes are below: check them and save again."
                ),
                code="stale_version",
            )
        skills = _check(current.program, current.employee, data)
        before = {"role": current.role}
        _write_profile(current, data, skills)
        current.version += 1
        current.save(update_fields=[*PROFILE_FIELDS, "version", "updated_at"])
        _write_skills(current, skills)
        changes = _profile_changes(current, skills)
        if before["role"] != current.role:
            changes["role"] = {"old": before["role"], "new": current.role}
        audit_record(actor=actor, action="application.update", target=current, changes=changes)
    return current, skills


def application_withdraw(
    *, actor: Any, application: Application, reason: str, version: int | None = None
) -> Application:
    """Withdraw `application` with the applicant's reason and tell the program's managers
    (HR admins when the program has none). Sends `application_withdrawn` in the same
    transaction (the pairing app ends the person's published pairs)."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            _("Please tell us briefly why you withdraw."), code="reason_required", field="reason"
        )
    with transaction.atomic():
        current = (
            Application.objects.select_for_update()
            .select_related("program", "employee")
            .get(pk=application.pk)
        )
        if current.status == ApplicationStatus.WITHDRAWN:
            raise ConflictError(_("This application was already withdrawn."), code="withdrawn")
        if version is not None and current.version != version:
            raise ConflictError(
                _("This application changed meanwhile. Check it and try again."),
                code="stale_version",
            )
        previous = current.status
        current.status = ApplicationStatus.WITHDRAWN
        current.withdrawal_reason = reason
        current.withdrawn_at = timezone.now()
        current.version += 1
        current.save(
            update_fields=["status", "withdrawal_reason", "withdrawn_at", "version", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="application.withdraw",
            target=current,
            changes={"status": {"old": previous, "new": current.status}, "reason": reason},
        )
        application_withdrawn.send(sender=Application, actor=actor, application=current)
        application_id = current.pk
        notify("application_withdrawal", application_id=application_id)
    return current


def decision_changes(application: Application, decision: str, reason: str) -> bool:
    """Return True when deciding `decision` with `reason` changes `application` (and so
    e-mails its applicant): withdrawn applications and identical decisions stay as they are."""
    if application.status == ApplicationStatus.WITHDRAWN:
        return False
    return not (application.status == decision and application.decision_reason == reason)


def _decide(*, actor: Any, current: Application, decision: str, reason: str) -> Application | None:
    if not decision_changes(current, decision, reason):
        return None
    previous = current.status
    current.status = decision
    current.decision_reason = reason
    current.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    current.decided_at = timezone.now()
    current.version += 1
    current.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=DECISION_ACTIONS[decision],
        target=current,
        changes={"status": {"old": previous, "new": decision}, "reason": reason},
    )
    return current


def _check_decision(decision: str, reason: str) -> str:
    if decision not in DECISIONS:
        raise ApplicationError(
            _("Choose approve, waitlist or decline."), code="invalid_decision", field="decision"
        )
    reason = reason.strip()
    if decision == ApplicationStatus.DECLINED and not reason:
        raise ApplicationError(
            _("Give a reason when you decline: the applicant will read it."),
            code="reason_required",
            field="reason",
        )
    return reason


def application_decide(
    *,
    actor: Any,
    application: Application,
    decision: str,
    reason: str = "",
    version: int | None = None,
) -> Application:
    """Approve, waitlist or decline `application` (a reason is required to decline) and tell
    the applicant by e-mail."""
    reason = _check_decision(decision, reason)
    with transaction.atomic():
        current = (
            Application.objects.select_for_update()
            .select_related("program", "employee")
            .get(pk=application.pk)
        )
        if version is not None and current.version != version:
            raise ConflictError(
                _("This application changed meanwhile (%(name)s). Check it and decide again.")
                % {"name": current.employee.full_name},
                code="stale_version",
            )
        if current.status == ApplicationStatus.WITHDRAWN:
            raise ConflictError(
                _("%(name)s has withdrawn: there is nothing to decide.")
                % {"name": current.employee.full_name},
                code="withdrawn",
            )
        changed = _decide(actor=actor, current=current, decision=decision, reason=reason)
        if changed is not None:
            notify("application_decision", application_ids=[changed.pk])
    return current


@dataclass
class BulkResult:
    changed: list[Application] = field(default_factory=list)
    skipped: list[Application] = field(default_factory=list)


def applications_bulk_decide(
    *,
    actor: Any,
    program: Program,
    application_ids: Iterable[int],
    decision: str,
    reason: str,
    expected: Iterable[int] | None = None,
) -> BulkResult:
    """Apply one decision to several applications of `program`; withdrawn ones are skipped.

    `expected`, when given, lists the applications the person confirmed would change: if
    others would change now (someone decided meanwhile), nothing is written and a
    ConflictError asks to check again, so nobody is e-mailed who was not announced.
    """
    reason = _check_decision(decision, reason)
    ids = sorted({int(pk) for pk in application_ids})
    if not ids:
        raise ApplicationError(
            _("Select at least one application."), code="nothing_selected", field="applications"
        )
    result = BulkResult()
    with transaction.atomic():
        rows = list(
            Application.objects.select_for_update()
            .filter(program=program, pk__in=ids)
            .select_related("program", "employee")
            .order_by("pk")
        )
        if len(rows) != len(ids):
            raise Http404
        if expected is not None:
            changing = {row.pk for row in rows if decision_changes(row, decision, reason)}
            if changing != set(expected):
                raise ConflictError(
                    _("These applications changed meanwhile: check the new figures and confirm."),
                    code="selection_changed",
                )
        for current in rows:
            changed = _decide(actor=actor, current=current, decision=decision, reason=reason)
            (result.changed if changed else result.skipped).append(current)
        changed_ids = [row.pk for row in result.changed]
        notify("application_decision", application_ids=changed_ids)
    return result
