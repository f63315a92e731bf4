"""Reads of certificates: who meets a program's criteria (and what the others miss), the
certificates of a holder and of a program, and the public verification.

HR's pages are for HR admins and the program's managers (`access_certificates_program`, 404
for anyone else). The eligibility of a whole program is read in a fixed number of queries,
whatever the number of pairs.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bascule.certificates.models import (
    Certificate,
    CertificateSettings,
    HolderPreference,
    IssueRun,
)
from bascule.evaluations.models import Response, SurveyKind
from bascule.journey.models import KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import ParticipantRole, Program, ProgramStatus
from bascule.programs.selectors import access_managed_program
from bascule.training.models import ModuleStatus, Progress, Requirement

ROLES = (ParticipantRole.MENTOR, ParticipantRole.MENTEE)


def access_certificates_program(*, user: Any, program_id: int) -> Program:
    """The program if `user` manages it (HR admins, its managers); 404 otherwise."""
    return access_managed_program(user=user, program_id=program_id)


def settings_for(program: Program) -> CertificateSettings:
    """The program's settings, or unsaved defaults when HR has set none."""
    found = CertificateSettings.objects.filter(program=program).first()
    return found or CertificateSettings(program=program)


def access_my_certificate(*, user: Any, certificate_id: int) -> Certificate:
    """The caller's own certificate; 404 for anyone else's (HR included: they have the
    program's list)."""
    found = Certificate.objects.filter(
        pk=certificate_id, holder_id=getattr(user, "employee_id", None) or -1
    ).first()
    if found is None:
        raise Http404
    return found


def access_program_certificate(*, program: Program, certificate_id: int) -> Certificate:
    found = Certificate.objects.filter(program=program, pk=certificate_id).first()
    if found is None:
        raise Http404
    return found


def my_certificates(user: Any) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder_id=getattr(user, "employee_id", None) or -1).order_by(
        "-issued_at", "id"
    )


def program_certificates(program: Program) -> QuerySet[Certificate]:
    return Certificate.objects.filter(program=program).order_by("holder_name", "role", "id")


def verification_allowed(employee_id: int) -> bool:
    return preference(employee_id)[0]


def preference(employee_id: int) -> tuple[bool, bool]:
    """The holder's choices: (others may verify, partners' endorsements shown to them)."""
    found = (
        HolderPreference.objects.filter(employee_id=employee_id)
        .values_list("verification_allowed", "endorsements_shown")
        .first()
    )
    return (True, False) if found is None else (found[0], found[1])


def partners_certified(employee_id: int) -> bool:
    """Whether one of the holder's partners (in any of their pairs) holds a certificate in
    force, that the holder may endorse: one query."""
    pairs = Pair.objects.filter(Q(mentor_id=employee_id) | Q(mentee_id=employee_id))
    return (
        Certificate.objects.filter(pair__in=pairs.values("pk"), revoked_at=None)
        .exclude(holder_id=employee_id)
        .exists()
    )


def latest_run(program: Program) -> IssueRun | None:
    return IssueRun.objects.filter(program=program).order_by("-created_at", "-id").first()


def access_run(*, program: Program, run_id: int) -> IssueRun:
    found = IssueRun.objects.filter(program=program, pk=run_id).first()
    if found is None:
        raise Http404
    return found


# --- Eligibility ---------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One member of a pair, for one role: the facts counted and what they miss."""

    employee: Any
    role: str
    pair: Pair
    meetings: int = 0
    minutes: int = 0
    missing: list[str] = field(default_factory=list)
    certificate_id: int | None = None

    @property
    def eligible(self) -> bool:
        return not self.missing

    @property
    def role_label(self) -> str:
        return ParticipantRole(self.role).label


@dataclass
class Eligibility:
    program: Program
    candidates: list[Candidate]
    warnings: list[str]

    @property
    def eligible(self) -> list[Candidate]:
        return [c for c in self.candidates if c.eligible]

    @property
    def not_eligible(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.eligible]

    @property
    def to_issue(self) -> list[Candidate]:
        return [c for c in self.eligible if c.certificate_id is None]

    def count(self, role: str, *, new_only: bool = True) -> int:
        rows = self.to_issue if new_only else self.eligible
        return sum(1 for c in rows if c.role == role)


def possible_meetings(program: Program) -> int:
    """The meetings the program's calendar allows at most (one every `meeting_every_weeks`)."""
    weeks = max((program.ends_on - program.starts_on).days, 0) // 7
    return weeks // max(program.meeting_every_weeks or 1, 1) + 1


def ended_early(pair: Pair, program: Program) -> bool:
    return (
        pair.status == PairStatus.ENDED
        and pair.ended_at is not None
        and timezone.localdate(pair.ended_at) < program.ends_on
    )


def program_finished(program: Program, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return program.status == ProgramStatus.CLOSED or program.ends_on <= today


def pair_finished(pair: Pair, today: dt.date | None = None) -> bool:
    return pair.status == PairStatus.ENDED or program_finished(pair.program, today)


def eligibility(program: Program, *, pairs: QuerySet[Pair] | None = None) -> Eligibility:
    """Who meets `program`'s criteria, per role, and what each other person misses; one
    candidate per person and role (their latest pair when they had several)."""
    config = settings_for(program)
    pairs = (pairs if pairs is not None else Pair.objects.filter(program=program)).select_related(
        "mentor", "mentee"
    )
    pair_list = list(pairs.order_by("pk"))
    pair_ids = [p.pk for p in pair_list]
    held = {
        row["pair_id"]: (row["n"], row["minutes"] or 0)
        for row in Meeting.objects.filter(pair_id__in=pair_ids, outcome=MeetingOutcome.HELD)
        .values("pair_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    }
    charters = set(
        KickoffConfirmation.objects.filter(pair_id__in=pair_ids, charter_accepted=True).values_list(
            "pair_id", "member_id"
        )
    )
    answered = set(
        Response.objects.filter(
            pair_id__in=pair_ids, survey__program=program, survey__kind=SurveyKind.END
        ).values_list("pair_id", "respondent_id")
    )
    required = {
        role: set(
            Requirement.objects.filter(
                program=program, role=role, module__status=ModuleStatus.PUBLISHED
            ).values_list("module_id", flat=True)
        )
        for role in ROLES
    }
    module_ids = required[ParticipantRole.MENTOR] | required[ParticipantRole.MENTEE]
    people = {p.mentor_id for p in pair_list} | {p.mentee_id for p in pair_list}
    completed = (
        set(
            Progress.objects.filter(
                employee_id__in=people, module_id__in=module_ids, completed_at__isnull=False
            ).values_list("employee_id", "module_id")
        )
        if module_ids
        else set()
    )
    issued = {
        (holder, role): pk
        for pk, holder, role in Certificate.objects.filter(program=program).values_list(
            "pk", "holder_id", "role"
        )
    }
    latest: dict[tuple[int, str], Candidate] = {}
    for pair in pair_list:
        meetings, minutes = held.get(pair.pk, (0, 0))
        for role, employee in (
            (ParticipantRole.MENTOR, pair.mentor),
            (ParticipantRole.MENTEE, pair.mentee),
        ):
            criteria = config.criteria(role)
            missing = []
            if criteria["charter_confirmed"] and (pair.pk, employee.pk) not in charters:
                missing.append(_("charter not confirmed"))
            if meetings < criteria["min_meetings"]:
                missing.append(
                    ngettext(
                        "%(held)s meeting held of %(needed)s",
                        "%(held)s meetings held of %(needed)s",
                        meetings,
                    )
                    % {"held": meetings, "needed": criteria["min_meetings"]}
                )
            if criteria["end_evaluation"] and (pair.pk, employee.pk) not in answered:
                missing.append(_("end evaluation not answered"))
            if criteria["training_done"] and any(
                (employee.pk, module) not in completed for module in required[role]
            ):
                missing.append(_("required training not completed"))
            if criteria["not_ended_early"] and ended_early(pair, program):
                missing.append(_("pair ended early"))
            latest[(employee.pk, role)] = Candidate(
                employee=employee,
                role=role,
                pair=pair,
                meetings=meetings,
                minutes=minutes,
                missing=missing,
                certificate_id=issued.get((employee.pk, role)),
            )
    candidates = sorted(latest.values(), key=lambda c: (c.employee.last_name, c.role, c.pair.pk))
    return Eligibility(
        program=program, candidates=candidates, warnings=warnings(program, config, candidates)
    )


def warnings(
    program: Program, config: CertificateSettings, candidates: list[Candidate]
) -> list[str]:
    """Why nobody (or no one of a role) can get a certificate, said before issuing."""
    found = []
    possible = possible_meetings(program)
    for role in ROLES:
        needed = config.criteria(role)["min_meetings"]
        if needed > possible:
            found.append(
                _(
                    "%(role)s: %(needed)s meetings are required, but the program's calendar "
                    "allows about %(possible)s at most. Nobody in this role can meet the criteria."
                )
                % {"role": ParticipantRole(role).label, "needed": needed, "possible": possible}
            )
    if candidates and not any(c.eligible for c in candidates):
        found.append(_("Nobody meets the criteria: no certificate would be issued."))
    if not candidates:
        found.append(_("The program has no pairs: no certificate would be issued."))
    return found


# --- Verification --------------------------------------------------------------------------------


@dataclass
class Verification:
    """What /verify/<code> shows: "valid", "revoked" or "unknown" (unknown also when the
    holder does not let others verify their certificates)."""

    state: str
    certificate: Certificate | None = None
    # The partners' endorsements of its digital credential (name, text), when the holder
    # shows them.
    endorsements: list[dict[str, str]] = field(default_factory=list)


def _endorsements(certificate_id: int) -> list[dict[str, str]]:
    # Read through the reverse relations only (the credentials app sits above this one).
    rows = (
        Certificate.objects.filter(pk=certificate_id, credential__endorsements__isnull=False)
        .order_by("credential__endorsements__created_at", "credential__endorsements__id")
        .values_list("credential__endorsements__endorser_name", "credential__endorsements__text")
    )
    return [{"name": name, "text": text} for name, text in rows]


def verify(code: str | None) -> Verification:
    # The same queries whatever the answer: an unknown code and a holder who opted out take
    # the same time and give the same page (the endorsements are read for no certificate).
    certificate = Certificate.objects.filter(code=code or "-").first()
    allowed, shown = preference(certificate.holder_id if certificate else -1)
    visible = certificate is not None and allowed
    endorsements = _endorsements(certificate.pk if visible and shown else -1)
    if not visible:
        return Verification("unknown")
    state = "revoked" if certificate.is_revoked else "valid"
    return Verification(state, certificate, endorsements if state == "valid" else [])


def revocations_count(program: Program) -> int:
    return Certificate.objects.filter(program=program).filter(~Q(revoked_at=None)).count()
