"""Writes of certificates: HR's settings (with the logo checked), issuing (one pair, or a
whole program in a background job), revoking, and the holder's verification preference.

Issuing is idempotent: one certificate per holder, program and role (a unique constraint);
issuing again, or twice at once, finds the one already there and sends no second e-mail.
The facts printed are frozen on the certificate when it is issued. Who may call what is
checked by the views and API handlers (`access_*` selectors); the services check the rules.
"""

import datetime as dt
import struct
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.certificates import codes, extensions, selectors
from bascule.certificates.models import (
    MAX_MEETINGS,
    Certificate,
    CertificateSettings,
    HolderPreference,
    IssueRun,
    RunStatus,
)
from bascule.core import jobs
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.notify import notify
from bascule.pairing.models import Pair
from bascule.programs.models import ParticipantRole, Program, SkillDirection

# The logo: a PNG or JPEG, read from its header, up to 1 MB and 2000 × 2000 pixels.
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 2000
TEXT_MAX = 2000
NAME_MAX = 200
REASON_MAX = 1000
# Certificates issued per transaction by the bulk job (its progress moves after each batch).
BATCH = 200

CRITERIA_FIELDS = tuple(
    f"{role}_{name}"
    for role in ("mentor", "mentee")
    for name in (
        "charter_confirmed",
        "min_meetings",
        "end_evaluation",
        "training_done",
        "not_ended_early",
    )
)
TEXT_FIELDS = (
    "wording_fr",
    "wording_en",
    "signatory_name",
    "signatory_title",
    "company_name",
)
SETTINGS_FIELDS = (*CRITERIA_FIELDS, "issue_at_close", *TEXT_FIELDS)


# --- The logo ------------------------------------------------------------------------------------


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """("png" | "jpeg", width, height) read from the image's header, or None when `data` is
    neither a PNG nor a JPEG."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data[:3] == b"\xff\xd8\xff":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return "jpeg", width, height
            i += 2 + length
    return None


def check_logo(data: bytes) -> tuple[str, bytes]:
    """The logo's type and bytes; ValidationFailed when it is not a PNG or JPEG, or too big."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationFailed({"logo": [_("The logo is too large: 1 MB at most.")]})
    found = image_size(data)
    if found is None:
        raise ValidationFailed(
            {"logo": [_("The logo must be a PNG or JPEG image (SVG files are not accepted).")]}
        )
    kind, width, height = found
    if not (0 < width <= LOGO_MAX_PIXELS and 0 < height <= LOGO_MAX_PIXELS):
        raise ValidationFailed(
            {
                "logo": [
                    _("The logo is too large: %(max)s × %(max)s pixels at most.")
                    % {"max": LOGO_MAX_PIXELS}
                ]
            }
        )
    return kind, data


# --- Settings ------------------------------------------------------------------------------------


def _clean_settings(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name in CRITERIA_FIELDS:
        value = values.get(name)
        if name.endswith("min_meetings"):
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not 0 <= value <= MAX_MEETINGS
            ):
                errors.setdefault(name, []).append(
                    _("Give a number of meetings from 0 to %(max)s.") % {"max": MAX_MEETINGS}
                )
            cleaned[name] = value
        else:
            cleaned[name] = bool(value)
    cleaned["issue_at_close"] = bool(values.get("issue_at_close"))
    for name in TEXT_FIELDS:
        text = str(values.get(name) or "").replace("\x00", "").strip()
        limit = TEXT_MAX if name.startswith("wording") else NAME_MAX
        if len(text) > limit:
            errors.setdefault(name, []).append(
                _("This text is too long (%(max)s characters at most).") % {"max": limit}
            )
        cleaned[name] = text
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def settings_save(
    *,
    actor: Any,
    program: Program,
    values: dict[str, Any],
    logo: bytes | None = None,
    remove_logo: bool = False,
    version: int | None = None,
) -> CertificateSettings:
    """Save the program's certificate settings (created on first save); `version` (the one
    the form was read at) refuses a stale edit."""
    cleaned = _clean_settings(values)
    logo_found = check_logo(logo) if logo else None
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        current = CertificateSettings.objects.select_for_update().filter(program=program).first()
        if current is None:
            current = CertificateSettings.objects.create(program=program, **cleaned)
            changed = list(cleaned)
        else:
            if version is not None and version != current.version:
                raise ConflictError(
                    _("Someone changed these settings meanwhile: read them again, then save."),
                    code="stale",
                )
            changed = [n for n, v in cleaned.items() if getattr(current, n) != v]
            for name in changed:
                setattr(current, name, cleaned[name])
            current.version += 1
        if logo_found:
            current.logo_type, current.logo = logo_found
            changed.append("logo")
        elif remove_logo and current.logo_type:
            current.logo_type, current.logo = "", b""
            changed.append("logo")
        fields = [n for n in changed if n != "logo"]
        if "logo" in changed:
            fields += ["logo", "logo_type"]
        current.save(update_fields=[*fields, "version", "updated_at"])
        audit_record(
            actor=actor,
            action="certificates.settings_saved",
            target=program,
            changes={"fields": sorted(set(changed))},
        )
    return current


# --- Issuing -------------------------------------------------------------------------------------


def _language(employee_id: int) -> str:
    found = (
        User.objects.filter(employee_id=employee_id, is_active=True)
        .values_list("language", flat=True)
        .first()
    )
    return (found or "fr")[:2]


def _skills(pair: Pair, role: str) -> tuple[list[dict], list[dict]]:
    application = (
        pair.mentor_application if role == ParticipantRole.MENTOR else pair.mentee_application
    )
    shared, developed = [], []
    for row in application.skills.select_related("skill").order_by("-level", "id"):
        label = {"fr": row.skill.label_fr, "en": row.skill.label_en}
        if row.skill.source_uri:
            label["uri"] = row.skill.source_uri
        (shared if row.direction == SkillDirection.SHARE else developed).append(label)
    return shared, developed


def _issue(
    candidate: selectors.Candidate,
    *,
    program: Program,
    config: CertificateSettings,
    actor: Any,
    now: dt.datetime,
) -> Certificate | None:
    """Create the candidate's certificate; None when it already exists (issued meanwhile)."""
    shared, developed = _skills(candidate.pair, candidate.role)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    holder=candidate.employee,
                    program=program,
                    pair=candidate.pair,
                    role=candidate.role,
                    language=_language(candidate.employee.pk),
                    code=codes.new_code(),
                    holder_name=candidate.employee.full_name,
                    program_name=program.name,
                    starts_on=program.starts_on,
                    ends_on=program.ends_on,
                    meetings_held=candidate.meetings,
                    minutes_held=candidate.minutes,
                    skills_shared=shared,
                    skills_developed=developed,
                    wording={"fr": config.wording_fr, "en": config.wording_en},
                    signatory_name=config.signatory_name,
                    signatory_title=config.signatory_title,
                    company_name=config.company_name,
                    issued_at=now,
                    issued_by=actor,
                )
        except IntegrityError:
            if Certificate.objects.filter(
                holder=candidate.employee, program=program, role=candidate.role
            ).exists():
                return None
            # A code drawn twice (1 in 2^100): draw again.
    raise DomainError(_("The certificate could not be issued. Try again."))


def issue_candidates(
    *, actor: Any, program: Program, candidates: list[selectors.Candidate], tell: bool = True
) -> list[Certificate]:
    """Issue a certificate to each eligible candidate without one, in one transaction, and
    e-mail each new holder (unless `tell` is False: the demo's fictional people); return the
    new certificates."""
    config = selectors.settings_for(program)
    now = timezone.now()
    with transaction.atomic():
        made = [
            cert
            for c in candidates
            if c.eligible and c.certificate_id is None
            for cert in [_issue(c, program=program, config=config, actor=actor, now=now)]
            if cert is not None
        ]
        if made:
            extensions.issued(made)
            audit_record(
                actor=actor,
                action="certificates.issued",
                target=program,
                changes={"count": len(made)},
            )
            if tell:
                notify("certificate_issued", certificate_ids=[c.pk for c in made])
    return made


def issue_for_pair(*, actor: Any, pair: Pair) -> list[Certificate]:
    """Issue the certificates of a finished pair's members who meet the criteria."""
    program = pair.program
    if not selectors.pair_finished(pair):
        raise DomainError(
            _("This pair has not finished: certificates are issued once it has ended."),
            code="not_finished",
        )
    found = selectors.eligibility(program, pairs=Pair.objects.filter(pk=pair.pk))
    return issue_candidates(actor=actor, program=program, candidates=found.candidates)


def run_start(*, actor: Any, program: Program) -> IssueRun:
    """Queue the job issuing the program's certificates; a run already waiting or under way
    is returned instead of a second one."""
    if not selectors.program_finished(program):
        raise DomainError(
            _("The program has not ended yet: certificates are issued once it is over."),
            code="not_finished",
        )
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        running = IssueRun.objects.filter(
            program=program, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).first()
        if running is not None:
            return running
        run = IssueRun.objects.create(program=program, started_by=actor if actor else None)
        audit_record(actor=actor, action="certificates.run_started", target=program)
        from bascule.certificates.tasks import issue_program

        jobs.enqueue(issue_program, run_id=run.pk)
    return run


def run_execute(*, run_id: int, progress: Any = None, tell: bool = True) -> IssueRun:
    """Issue the certificates of the run's program in batches of BATCH, saving the progress
    after each; run twice, the second finds the certificates already there."""
    run = IssueRun.objects.select_related("program", "started_by").get(pk=run_id)
    if run.status == RunStatus.DONE:
        return run
    found = selectors.eligibility(run.program)
    todo = found.to_issue
    run.status, run.total, run.done, run.issued = RunStatus.RUNNING, len(found.candidates), 0, 0
    run.save(update_fields=["status", "total", "done", "issued", "updated_at"])
    already = len(found.candidates) - len(todo)
    try:
        for start in range(0, max(len(todo), 1), BATCH):
            batch = todo[start : start + BATCH]
            made = issue_candidates(
                actor=run.started_by, program=run.program, candidates=batch, tell=tell
            )
            run.issued += len(made)
            run.done = min(already + start + len(batch), run.total)
            run.save(update_fields=["issued", "done", "updated_at"])
            if progress:
                progress(run)
    except Exception as exc:
        run.status, run.error, run.finished_at = RunStatus.FAILED, str(exc)[:500], timezone.now()
        run.save(update_fields=["status", "error", "finished_at", "updated_at"])
        raise
    run.status, run.done, run.finished_at = RunStatus.DONE, run.total, timezone.now()
    run.save(update_fields=["status", "done", "finished_at", "updated_at"])
    return run


# --- Revoking, preference ------------------------------------------------------------------------


def revoke(*, actor: Any, certificate_id: int, reason: str, tell: bool = True) -> Certificate:
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("Say why the certificate is revoked.")]})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            {
                "reason": [
                    _("This text is too long (%(max)s characters at most).") % {"max": REASON_MAX}
                ]
            }
        )
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.is_revoked:
            raise ConflictError(_("This certificate is already revoked."), code="revoked")
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.revoked_by = actor
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by", "updated_at"])
        audit_record(actor=actor, action="certificates.revoked", target=certificate)
        if tell:
            notify("certificate_revoked", certificate_id=certificate.pk)
    return certificate


def preference_set(
    *,
    actor: Any,
    employee_id: int,
    verification_allowed: bool | None = None,
    endorsements_shown: bool | None = None,
) -> HolderPreference:
    """The holder's choices; a choice given as None stays as it is."""
    wanted = {
        name: value
        for name, value in (
            ("verification_allowed", verification_allowed),
            ("endorsements_shown", endorsements_shown),
        )
        if value is not None
    }
    with transaction.atomic():
        found = HolderPreference.objects.select_for_update().filter(employee_id=employee_id).first()
        if found is None:
            try:
                with transaction.atomic():
                    found = HolderPreference.objects.create(employee_id=employee_id, **wanted)
            except IntegrityError:
                found = HolderPreference.objects.select_for_update().get(employee_id=employee_id)
        changed = [name for name, value in wanted.items() if getattr(found, name) != value]
        for name in changed:
            setattr(found, name, wanted[name])
        if changed:
            found.save(update_fields=[*changed, "updated_at"])
        if "verification_allowed" in wanted:
            audit_record(
                actor=actor,
                action="certificates.verification_changed",
                changes={"allowed": verification_allowed},
            )
        if "endorsements_shown" in wanted:
            audit_record(
                actor=actor,
                action="certificates.endorsements_shown_changed",
                changes={"shown": endorsements_shown},
            )
    return found
