"""Writes for matching: settings, runs, locks, exclusions, manual pairs, publication.

Each function runs in one transaction with the program row locked (select_for_update), writes
one audit entry, and refuses with a translated DomainError what cannot be done. Who may call
them is checked by the views and API handlers (`selectors.access_*`).
"""

import time
from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.pairing import inputs, lifecycle
from bascule.pairing.lifecycle import lock_program, recorded_actor
from bascule.pairing.models import (
    MatchRun,
    Pair,
    PairRule,
    Proposal,
    RuleKind,
    RunStatus,
)
from bascule.pairing.selectors import latest_run, stale_reasons
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.programs.services import program_transition
from bascule_matching import COMPONENTS, MatchingError, match

MAX_WEIGHT = 100
EDITABLE_STATUSES = (ProgramStatus.DRAFT, ProgramStatus.ENROLLING, ProgramStatus.MATCHING)


def _require_matching(program: Program) -> None:
    if program.status != ProgramStatus.MATCHING:
        raise DomainError(
            _(
                "Matching is only possible while the program is in the “Matching” status "
                "(it is “%(status)s”)."
            )
            % {"status": program.get_status_display()},
            code="not_matching",
        )


# --- Settings ----------------------------------------------------------------------------------


def settings_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """Return what is wrong with matching settings `values`, field by field."""
    errors: dict[str, list[str]] = {}
    weights = values.get("weights")
    if weights is not None:
        unknown = sorted(set(weights) - set(COMPONENTS))
        if unknown:
            errors.setdefault("weights", []).append(
                _("Unknown score components: %(names)s.") % {"names": ", ".join(unknown)}
            )
        for name, value in weights.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                errors.setdefault(name, []).append(_("Enter a number."))
            elif value < 0 or value > MAX_WEIGHT:
                errors.setdefault(name, []).append(
                    _("A weight is between 0 and %(max)s.") % {"max": MAX_WEIGHT}
                )
        numbers = [v for v in weights.values() if isinstance(v, int | float)]
        if not errors and sum(numbers) <= 0:
            errors.setdefault("weights", []).append(_("At least one weight must be above zero."))
    depth = values.get("reporting_line_depth")
    if depth is not None and (not isinstance(depth, int) or not 0 <= depth <= 20):
        errors.setdefault("reporting_line_depth", []).append(
            _("The depth is between 0 and 20 levels, or empty for the whole chain.")
        )
    return errors


SETTINGS_FIELDS = (
    "reporting_line_depth",
    "forbid_same_manager",
    "prefer_different_department",
    "allow_previous_pairs",
    "self_match",
)


def matching_settings_update(*, actor: Any, program: Program, values: dict[str, Any]) -> Program:
    """Save the program's matching weights and constraints (before publication only).

    `values` may hold "weights" (component → non-negative number, not all zero; the ones left
    out take the kind's defaults) and any of SETTINGS_FIELDS.
    """
    errors = settings_errors(values)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = lock_program(program)
        if locked.status not in EDITABLE_STATUSES:
            raise DomainError(
                _("The pairs are published: the matching settings can no longer change."),
                code="frozen",
            )
        before = {**inputs.program_parameters(locked), "self_match": locked.self_match}
        if "weights" in values:
            weights = {name: float(value) for name, value in values["weights"].items()}
            defaults = inputs.default_weights(locked)
            locked.matching_weights = {
                name: value for name, value in weights.items() if value != defaults.get(name)
            }
        fields = [name for name in SETTINGS_FIELDS if name in values]
        for name in fields:
            setattr(locked, name, values[name])
        after = {**inputs.program_parameters(locked), "self_match": locked.self_match}
        if after == before:
            return locked
        if "weights" in values:
            fields.append("matching_weights")
        locked.version += 1
        locked.save(update_fields=[*fields, "version", "updated_at"])
        audit_record(
            actor=actor,
            action="program.matching_settings",
            target=locked,
            changes={"old": before, "new": after},
        )
    return locked


# --- Runs --------------------------------------------------------------------------------------


# The fields _figures sets, named by every save that follows it.
FIGURE_FIELDS = ("matched", "total_score", "unmatched")


def _figures(run: MatchRun) -> None:
    """Recompute a run's figures from its proposals (after a change by hand)."""
    proposals = list(run.proposals.all())
    run.matched = len(proposals)
    run.total_score = sum(p.score for p in proposals)
    run.unmatched = sum(1 for u in run.unmatched_people if u.get("side") == "mentee")


def run_matching(
    *, actor: Any, program: Program, submission: idempotency.Submission | None = None
) -> MatchRun:
    """Run the engine on the program's approved applications and record the proposals.

    Locked pairs are kept (those breaking a constraint, made by hand, are kept as they are);
    excluded pairs are never proposed. Only while the program is in the "matching" status.
    The same `submission` sent again runs nothing: it raises AlreadySubmitted.
    """
    with transaction.atomic():
        locked = lock_program(program)
        claim = idempotency.claim(actor=actor, scope="matching.run", submission=submission)
        _require_matching(locked)
        data = inputs.build_input(locked)
        if not data.participants and not data.outside:
            raise DomainError(
                _("There is no approved application to match yet."), code="nobody_to_match"
            )
        started_at = timezone.now()
        clock = time.perf_counter()
        try:
            try:
                result = match(data.participants, data.engine_program)
            except MatchingError:
                if not data.locked:
                    raise
                # The engine refused a lock: keep every lock as it is, outside the engine.
                data = inputs.build_input(locked, locks_outside=True)
                result = match(data.participants, data.engine_program)
        except MatchingError as exc:
            raise DomainError(
                _("The matching could not run: %(error)s") % {"error": str(exc)},
                code="matching_error",
            ) from exc
        mentors = [p for p in data.participants if p.side == "mentor"]
        mentees = [p for p in data.participants if p.side == "mentee"]
        duration_ms = int((time.perf_counter() - clock) * 1000)

        by_employee = data.applications
        outside_total = 0.0
        rows: list[Proposal] = []
        run = MatchRun(
            program=locked,
            run_by=recorded_actor(actor),
            started_at=started_at,
            duration_ms=duration_ms,
            parameters={
                **data.parameters,
                "locks": len(data.locked) + len(data.outside),
                "exclusions": len(data.engine_program.exclusions),
                "applications": data.fingerprint,
            },
        )
        locked_apps = set(data.locked)
        for pair in result.pairs:
            mentee = by_employee[pair.mentee_id]
            mentor = by_employee[pair.mentor_id]
            rows.append(
                Proposal(
                    mentee_application=mentee,
                    mentor_application=mentor,
                    score=float(pair.score),
                    breakdown=dict(pair.breakdown),
                    reasons=[dict(r) for r in pair.reasons],
                    locked=pair.locked or (mentee.pk, mentor.pk) in locked_apps,
                    manual=(mentee.pk, mentor.pk) in data.manual_locks,
                )
            )
        for pair in data.outside:
            score, breakdown, reasons = inputs.score_pair(locked, pair.mentee, pair.mentor)
            outside_total += score
            rows.append(
                Proposal(
                    mentee_application=pair.mentee,
                    mentor_application=pair.mentor,
                    score=score,
                    breakdown=breakdown,
                    reasons=reasons,
                    locked=True,
                    manual=pair.manual,
                    warnings=pair.warnings,
                )
            )
        mentor_load = Counter(p.mentor_application.pk for p in rows)
        unmatched = []
        for person in result.unmatched:
            application = by_employee[person.participant_id]
            if person.side == "mentor" and mentor_load[application.pk]:
                continue  # took a mentee outside the engine (a manual pair)
            unmatched.append(
                {
                    "application_id": application.pk,
                    "side": person.side,
                    "reasons": [dict(r) for r in person.reasons],
                }
            )
        for application in data.skipped:
            unmatched.append(
                {
                    "application_id": application.pk,
                    "side": application.role,
                    "reasons": [{"code": inputs.NO_LEVEL}],
                }
            )
        certificate = result.certificate
        run.mentors_count = len(mentors) + sum(
            1 for a in data.skipped if a.role == ParticipantRole.MENTOR
        )
        run.mentees_count = (
            len(mentees)
            + len(data.outside)
            + sum(1 for a in data.skipped if a.role == ParticipantRole.MENTEE)
        )
        run.capacity = locked.mentor_capacity * run.mentors_count
        run.matched = len(rows)
        run.unmatched = sum(1 for u in unmatched if u["side"] == "mentee")
        run.total_score = float(certificate.total_score) + outside_total
        run.upper_bound = float(certificate.upper_bound) + outside_total
        run.gap_percent = (
            100 * (run.upper_bound - run.total_score) / run.upper_bound
            if run.upper_bound > 0
            else 0.0
        )
        run.max_matched_proven = bool(certificate.max_matched_proven)
        run.unmatched_people = unmatched
        run.save()  # new row
        for row in rows:
            row.run = run
        Proposal.objects.bulk_create(rows)
        claim.done(run)
        audit_record(
            actor=actor,
            action="matching.run",
            target=locked,
            changes={
                "run_id": run.pk,
                "matched": run.matched,
                "unmatched": run.unmatched,
                "total_score": round(run.total_score, 4),
                "gap_percent": round(run.gap_percent, 4),
                "parameters": data.parameters,
            },
        )
    return run


# --- Locks and exclusions ----------------------------------------------------------------------


def _editable_proposal(proposal: Proposal) -> tuple[Program, MatchRun]:
    program = lock_program(proposal.run.program)
    _require_matching(program)
    run = MatchRun.objects.select_for_update().get(pk=proposal.run_id)
    return program, run


def proposal_lock(*, actor: Any, proposal: Proposal) -> Proposal:
    """Keep this pair in every later run (it replaces the mentee's previous lock, if any)."""
    with transaction.atomic():
        program, _run = _editable_proposal(proposal)
        PairRule.objects.filter(
            program=program, kind=RuleKind.LOCK, mentee_application=proposal.mentee_application
        ).delete()
        PairRule.objects.create(
            program=program,
            mentee_application=proposal.mentee_application,
            mentor_application=proposal.mentor_application,
            kind=RuleKind.LOCK,
            manual=proposal.manual,
            created_by=recorded_actor(actor),
        )
        Proposal.objects.filter(pk=proposal.pk).update(locked=True)
        audit_record(
            actor=actor,
            action="matching.lock",
            target=program,
            changes=_pair_changes(proposal),
        )
    proposal.locked = True
    return proposal


def proposal_unlock(*, actor: Any, proposal: Proposal) -> Proposal:
    """Let the next run choose freely for this mentee again."""
    with transaction.atomic():
        program, _run = _editable_proposal(proposal)
        deleted, _detail = PairRule.objects.filter(
            program=program,
            kind=RuleKind.LOCK,
            mentee_application=proposal.mentee_application,
            mentor_application=proposal.mentor_application,
        ).delete()
        Proposal.objects.filter(pk=proposal.pk).update(locked=False)
        if deleted:
            audit_record(
                actor=actor,
                action="matching.unlock",
                target=program,
                changes=_pair_changes(proposal),
            )
    proposal.locked = False
    return proposal


def _pair_changes(pair: Any) -> dict[str, Any]:
    return {
        "mentee_application_id": pair.mentee_application_id,
        "mentor_application_id": pair.mentor_application_id,
        "mentee": pair.mentee_application.employee.full_name,
        "mentor": pair.mentor_application.employee.full_name,
    }


def _exclude(actor: Any, program: Program, mentee: Application, mentor: Application) -> None:
    PairRule.objects.filter(
        program=program,
        kind=RuleKind.LOCK,
        mentee_application=mentee,
        mentor_application=mentor,
    ).delete()
    PairRule.objects.get_or_create(
        program=program,
        kind=RuleKind.EXCLUDE,
        mentee_application=mentee,
        mentor_application=mentor,
        defaults={"created_by": recorded_actor(actor)},
    )
    run = latest_run(program)
    if run is None or run.status != RunStatus.PROPOSED:
        return
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    removed, _detail = Proposal.objects.filter(
        run=run, mentee_application=mentee, mentor_application=mentor
    ).delete()
    if removed:
        reason = [{"code": inputs.EXCLUDED_BY_HAND}]
        added = [{"application_id": mentee.pk, "side": "mentee", "reasons": reason}]
        if not run.proposals.filter(mentor_application=mentor).exists():
            added.append({"application_id": mentor.pk, "side": "mentor", "reasons": reason})
        run.unmatched_people = [*run.unmatched_people, *added]
        run.edited = True
        _figures(run)
        run.save(update_fields=["unmatched_people", "edited", *FIGURE_FIELDS])


def proposal_exclude(
    *, actor: Any, proposal: Proposal, submission: idempotency.Submission | None = None
) -> None:
    """Never propose this pair again; it leaves the latest run's proposals. The same
    `submission` sent again (the proposal is gone by then) raises AlreadySubmitted."""
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope="matching.exclude", submission=submission)
        program, _run = _editable_proposal(proposal)
        _exclude(actor, program, proposal.mentee_application, proposal.mentor_application)
        claim.done(program)
        audit_record(
            actor=actor, action="matching.exclude", target=program, changes=_pair_changes(proposal)
        )


def rule_delete(*, actor: Any, rule: PairRule) -> None:
    """Remove a lock or an exclusion: the next run decides freely for this pair."""
    with transaction.atomic():
        program = lock_program(rule.program)
        _require_matching(program)
        changes = {**_pair_changes(rule), "kind": rule.kind}
        kind = rule.kind
        rule.delete()
        if kind == RuleKind.LOCK:
            Proposal.objects.filter(
                run__program=program,
                run__status=RunStatus.PROPOSED,
                mentee_application_id=changes["mentee_application_id"],
                mentor_application_id=changes["mentor_application_id"],
            ).update(locked=False)
        audit_record(actor=actor, action="matching.rule_removed", target=program, changes=changes)


def program_application(program: Program, application_id: int, role: str) -> Application:
    application = (
        Application.objects.select_related("employee", "employee__department")
        .filter(pk=application_id, program=program)
        .first()
    )
    if application is None or application.status != ApplicationStatus.APPROVED:
        raise DomainError(
            _("Choose someone whose application to this program is approved."),
            code="not_approved",
        )
    if application.role != role:
        if role == ParticipantRole.MENTEE:
            message = _("%(name)s is not a mentee in this program.")
        else:
            message = _("%(name)s is not a mentor in this program.")
        raise DomainError(message % {"name": application.employee.full_name}, code="wrong_role")
    return application


def manual_pair(
    *,
    actor: Any,
    program: Program,
    mentee_application_id: int,
    mentor_application_id: int,
    submission: idempotency.Submission | None = None,
) -> tuple[Proposal | None, list[dict[str, Any]]]:
    """Pair a mentee and a mentor by hand, whatever the constraints; return the proposal
    (in the latest run, if any) and the constraints the pair breaks.

    The pair is locked, so the next runs keep it. It replaces the mentee's proposal in the
    latest run. The same `submission` sent again raises AlreadySubmitted.
    """
    with transaction.atomic():
        locked = lock_program(program)
        claim = idempotency.claim(actor=actor, scope="matching.manual_pair", submission=submission)
        _require_matching(locked)
        mentee = program_application(locked, mentee_application_id, ParticipantRole.MENTEE)
        mentor = program_application(locked, mentor_application_id, ParticipantRole.MENTOR)
        run = latest_run(locked)
        if run is not None and run.status != RunStatus.PROPOSED:
            run = None
        load: Counter[int] = Counter()
        if run is not None:
            run = MatchRun.objects.select_for_update().get(pk=run.pk)
            load = Counter(
                run.proposals.exclude(mentee_application=mentee).values_list(
                    "mentor_application_id", flat=True
                )
            )
        context = inputs.pair_context(locked, load=dict(load))
        warnings = inputs.pair_warnings(context, mentee, mentor)
        PairRule.objects.filter(
            program=locked, kind=RuleKind.LOCK, mentee_application=mentee
        ).delete()
        PairRule.objects.create(
            program=locked,
            mentee_application=mentee,
            mentor_application=mentor,
            kind=RuleKind.LOCK,
            manual=True,
            created_by=recorded_actor(actor),
        )
        proposal = None
        if run is not None:
            score, breakdown, reasons = inputs.score_pair(locked, mentee, mentor)
            previous = run.proposals.filter(mentee_application=mentee).first()
            if previous is not None:
                previous.delete()
            proposal = Proposal.objects.create(
                run=run,
                mentee_application=mentee,
                mentor_application=mentor,
                score=score,
                breakdown=breakdown,
                reasons=reasons,
                locked=True,
                manual=True,
                warnings=warnings,
            )
            gone = {mentee.pk, mentor.pk}
            run.unmatched_people = [
                u for u in run.unmatched_people if u.get("application_id") not in gone
            ]
            left = previous.mentor_application_id if previous is not None else None
            if (
                left
                and left != mentor.pk
                and not run.proposals.filter(mentor_application_id=left).exists()
            ):
                run.unmatched_people.append(
                    {
                        "application_id": left,
                        "side": "mentor",
                        "reasons": [{"code": inputs.REPLACED_BY_HAND}],
                    }
                )
            run.edited = True
            _figures(run)
            run.save(update_fields=["unmatched_people", "edited", *FIGURE_FIELDS])
        claim.done(proposal or locked)
        audit_record(
            actor=actor,
            action="matching.manual_pair",
            target=locked,
            changes={
                "mentee_application_id": mentee.pk,
                "mentor_application_id": mentor.pk,
                "mentee": mentee.employee.full_name,
                "mentor": mentor.employee.full_name,
                "warnings": [w["code"] for w in warnings],
            },
        )
    return proposal, warnings


def _lock_by_hand(actor: Any, program: Program, mentee: Application, mentor: Application) -> None:
    PairRule.objects.filter(program=program, kind=RuleKind.LOCK, mentee_application=mentee).delete()
    PairRule.objects.create(
        program=program,
        mentee_application=mentee,
        mentor_application=mentor,
        kind=RuleKind.LOCK,
        manual=True,
        created_by=recorded_actor(actor),
    )


def swap_mentees(
    *,
    actor: Any,
    program: Program,
    first: Proposal,
    second: Proposal,
    submission: idempotency.Submission | None = None,
) -> tuple[Proposal, Proposal]:
    """Swap the mentors of two proposals of the program's latest run.

    Both new pairs become locked pairs made by hand; each carries the constraints it breaks
    (`Proposal.warnings`), as a pair made by hand does. Refused, with nothing changed, when
    the run is not the latest one or is published, when the two proposals are not in the same
    run, or when they share their mentor. The same `submission` sent again swaps nothing back:
    it raises AlreadySubmitted.
    """
    with transaction.atomic():
        locked = lock_program(program)
        claim = idempotency.claim(actor=actor, scope="matching.swap", submission=submission)
        _require_matching(locked)
        if first.run.program_id != locked.pk or second.run.program_id != locked.pk:
            raise DomainError(_("Both pairs must belong to this program."), code="other_program")
        run = latest_run(locked)
        if run is None or first.run_id != run.pk or second.run_id != run.pk:
            raise ConflictError(
                _("Only the pairs of the latest run can be swapped: run the matching again."),
                code="not_latest_run",
            )
        run = MatchRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.PROPOSED:
            raise ConflictError(
                _("The pairs of this program are already published."), code="already_published"
            )
        rows = {
            p.pk: p
            for p in Proposal.objects.select_for_update(of=("self",))
            .select_related(
                "mentee_application__employee__department",
                "mentor_application__employee__department",
            )
            .filter(pk__in=[first.pk, second.pk], run=run)
        }
        if len(rows) != 2:  # the same proposal twice, or one removed meanwhile
            raise DomainError(
                _("Choose two different pairs of the latest run."), code="same_proposal"
            )
        a, b = rows[first.pk], rows[second.pk]
        if a.mentor_application_id == b.mentor_application_id:
            raise DomainError(
                _(
                    "These two mentees have the same mentor (%(mentor)s): swapping them would "
                    "change nothing."
                )
                % {"mentor": a.mentor_application.employee.full_name},
                code="same_mentor",
            )
        load = Counter(
            run.proposals.exclude(pk__in=[a.pk, b.pk]).values_list(
                "mentor_application_id", flat=True
            )
        )
        context = inputs.pair_context(locked, load=dict(load))
        mentor_a, mentor_b = a.mentor_application, b.mentor_application
        changes: dict[str, Any] = {"run_id": run.pk, "pairs": []}
        for proposal, mentor in ((a, mentor_b), (b, mentor_a)):
            mentee = proposal.mentee_application
            warnings = inputs.pair_warnings(context, mentee, mentor)
            score, breakdown, reasons = inputs.score_pair(locked, mentee, mentor)
            proposal.mentor_application = mentor
            proposal.score = score
            proposal.breakdown = breakdown
            proposal.reasons = reasons
            proposal.locked = True
            proposal.manual = True
            proposal.warnings = warnings
            proposal.save(
                update_fields=[
                    "mentor_application",
                    "score",
                    "breakdown",
                    "reasons",
                    "locked",
                    "manual",
                    "warnings",
                ]
            )
            _lock_by_hand(actor, locked, mentee, mentor)
            changes["pairs"].append(
                {**_pair_changes(proposal), "warnings": [w["code"] for w in warnings]}
            )
        run.edited = True
        _figures(run)
        run.save(update_fields=["edited", *FIGURE_FIELDS])
        claim.done(run)
        audit_record(actor=actor, action="matching.swap", target=locked, changes=changes)
    return a, b


# --- Publication -------------------------------------------------------------------------------


def publish_run(
    *,
    actor: Any,
    run: MatchRun,
    notify: bool = True,
    submission: idempotency.Submission | None = None,
) -> list[Pair]:
    """Turn the run's proposals into pairs, start the program, tell every member by e-mail
    (unless `notify` is false: the demo data, whose addresses are fictional).

    Refused when the program is no longer in "matching" (already published), when the run
    is stale, or has no proposal. Two publications at once: the second waits for the first
    (program row locked), then finds the program running and is refused; the same
    `submission` sent again raises AlreadySubmitted instead.
    """
    with transaction.atomic():
        program = lock_program(run.program)
        claim = idempotency.claim(actor=actor, scope="matching.publish", submission=submission)
        current = MatchRun.objects.select_for_update().get(pk=run.pk)
        published = Pair.objects.filter(program=program).exists()
        if current.status == RunStatus.PUBLISHED or published:
            raise ConflictError(
                _("The pairs of this program are already published."), code="already_published"
            )
        _require_matching(program)
        problems = stale_reasons(current, program)
        if problems:
            raise ConflictError(
                _("This run is out of date, so nothing was published.") + " " + " ".join(problems),
                code="stale_run",
            )
        proposals = list(
            current.proposals.select_related("mentee_application", "mentor_application")
        )
        if not proposals:
            raise DomainError(_("This run has no pair to publish."), code="nothing_to_publish")
        try:
            pairs = lifecycle.pairs_create(
                actor=actor,
                program=program,
                members=[
                    {
                        "mentor_application": p.mentor_application,
                        "mentee_application": p.mentee_application,
                        "score": p.score,
                        "breakdown": p.breakdown,
                        "reasons": p.reasons,
                    }
                    for p in proposals
                ],
                source_run=current,
                notify=notify,
            )
        except IntegrityError as exc:
            raise ConflictError(
                _("The pairs of this program are already published."), code="already_published"
            ) from exc
        current.status = RunStatus.PUBLISHED
        current.published_at = pairs[0].published_at
        current.published_by = pairs[0].published_by
        current.save(update_fields=["status", "published_at", "published_by"])
        claim.done(current)
        program_transition(
            actor=actor, program=program, to_status=ProgramStatus.RUNNING, version=program.version
        )
        audit_record(
            actor=actor,
            action="matching.publish",
            target=program,
            changes={"run_id": current.pk, "pairs": len(pairs)},
        )
    return pairs
