"""Writes of the mentoring journey: kickoff, goals, notes. Each is atomic with one audit row.

Who may call what is checked by the views and API handlers (`access_pair_space` with
`active=True`: only the two members of an active pair write). Audit entries record the action,
the pair and the fields changed, never a text a member wrote (titles, notes).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.journey.gates import check_kickoff_gates
from bascule.journey.models import (
    Goal,
    GoalDirection,
    GoalStatus,
    KickoffConfirmation,
    MeetingChannel,
    MeetingFrequency,
    Milestone,
    PrivateNote,
    SharedNote,
)
from bascule.journey.selectors import member_role, pair_started_at
from bascule.pairing.models import Pair
from bascule.programs.models import Program
from bascule.skills.models import Skill

TITLE_MAX = 200
NOTE_MAX = 5000
MILESTONES_MAX = 10


# --- Kickoff -----------------------------------------------------------------------------------


def kickoff_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not values.get("charter_accepted"):
        errors["charter_accepted"] = [_("Please confirm that you accept the program's charter.")]
    if values.get("meeting_frequency") not in MeetingFrequency.values:
        errors["meeting_frequency"] = [_("Please choose how often you will meet.")]
    if values.get("channel") not in MeetingChannel.values:
        errors["channel"] = [_("Please choose how you will meet.")]
    if not values.get("confidentiality"):
        errors["confidentiality"] = [
            _("Please confirm that you will keep what you share confidential.")
        ]
    return errors


@dataclass
class KickoffResult:
    confirmation: KickoffConfirmation
    started_now: bool


def kickoff_confirm(*, actor: Any, pair: Pair, values: dict[str, Any]) -> KickoffResult:
    """Record that `actor`, a member of `pair`, confirms the charter and their agreements.

    Confirming again updates the agreements. `started_now` is True when this confirmation is
    the second one: the pair has started. A first confirmation is refused (DomainError
    "kickoff_blocked") while a kickoff gate (bascule/journey/gates.py) names something the
    member must do first.
    """
    errors = kickoff_errors(values)
    if errors:
        raise ValidationFailed(errors)
    if not KickoffConfirmation.objects.filter(pair=pair, member_id=actor.employee_id).exists():
        check_kickoff_gates(pair=pair, employee=actor.employee)
    with transaction.atomic():
        # Serialise the two members' confirmations, so that "started" is recorded once.
        locked = Pair.objects.select_for_update().get(pk=pair.pk)
        was_started = pair_started_at(pair=locked) is not None
        confirmation, created = KickoffConfirmation.objects.update_or_create(
            pair=locked,
            member_id=actor.employee_id,
            defaults={
                "confirmed_by": actor,
                "charter_accepted": True,
                "meeting_frequency": values["meeting_frequency"],
                "channel": values["channel"],
                "confidentiality": True,
            },
            create_defaults={
                "confirmed_by": actor,
                "charter_accepted": True,
                "meeting_frequency": values["meeting_frequency"],
                "channel": values["channel"],
                "confidentiality": True,
                "confirmed_at": timezone.now(),
            },
        )
        started_now = not was_started and pair_started_at(pair=locked) is not None
        audit_record(
            actor=actor,
            action="journey.kickoff_confirmed" if created else "journey.kickoff_updated",
            target=confirmation,
            changes={
                "pair": locked.pk,
                "role": member_role(pair=locked, user=actor),
                "pair_started": started_now or was_started,
            },
        )
        if started_now:
            audit_record(actor=actor, action="journey.pair_started", target=locked)
    return KickoffResult(confirmation=confirmation, started_now=started_now)


# --- Goals -------------------------------------------------------------------------------------


def _date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def target_date_error(program: Program, target: dt.date | None) -> str | None:
    """Return why `target` cannot be a goal's target date in `program`, or None."""
    if target is None:
        return _("Please give a target date.")
    if target < program.starts_on or target > program.ends_on:
        return _("The target date must fall within the program, between %(start)s and %(end)s.") % {
            "start": _date(program.starts_on),
            "end": _date(program.ends_on),
        }
    return None


def progress_error(progress: Any) -> str | None:
    if not isinstance(progress, int) or isinstance(progress, bool):
        return _("Progress is a whole number between 0 and 100.")
    if progress < 0 or progress > 100:
        return _("Progress is a percentage: a whole number between 0 and 100.")
    return None


def milestone_due_error(
    program: Program, target: dt.date | None, due: dt.date | None
) -> str | None:
    """Return why `due` cannot be a milestone's due date, or None (no date is fine)."""
    if due is None:
        return None
    if due < program.starts_on or due > program.ends_on:
        return _("The due date must fall within the program, between %(start)s and %(end)s.") % {
            "start": _date(program.starts_on),
            "end": _date(program.ends_on),
        }
    if target is not None and due > target:
        return _("A milestone cannot be due after the goal's target date (%(target)s).") % {
            "target": _date(target)
        }
    return None


def goal_errors(
    *, program: Program, values: dict[str, Any], milestones: list[dict[str, Any]]
) -> dict[str, list[str]]:
    """Return the problems with a goal's values and milestones, field by field."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str | None) -> None:
        if message:
            errors.setdefault(name, []).append(message)

    if values.get("direction") not in GoalDirection.values:
        add("direction", _("Please say whose goal this is."))
    title = (values.get("title") or "").strip()
    if not title:
        add("title", _("Please give the goal a short title."))
    elif len(title) > TITLE_MAX:
        add("title", _("The title is too long: %(max)s characters at most.") % {"max": TITLE_MAX})
    if not (values.get("success_criteria") or "").strip():
        add("success_criteria", _("Please say how you will both know the goal is reached."))
    add("target_date", target_date_error(program, values.get("target_date")))
    if values.get("status") not in GoalStatus.values:
        add("status", _("Please choose a status."))
    add("progress", progress_error(values.get("progress")))
    if len(milestones) > MILESTONES_MAX:
        add(
            "milestones",
            _("A goal has %(max)s milestones at most.") % {"max": MILESTONES_MAX},
        )
    for number, milestone in enumerate(milestones, start=1):
        milestone_title = (milestone.get("title") or "").strip()
        if not milestone_title:
            add("milestones", _("Milestone %(n)s: please give it a title.") % {"n": number})
        elif len(milestone_title) > TITLE_MAX:
            add(
                "milestones",
                _("Milestone %(n)s: the title is too long (%(max)s characters at most).")
                % {"n": number, "max": TITLE_MAX},
            )
        message = milestone_due_error(program, values.get("target_date"), milestone.get("due_on"))
        if message:
            add("milestones", _("Milestone %(n)s: %(error)s") % {"n": number, "error": message})
    return errors


GOAL_FIELDS = ("direction", "title", "success_criteria", "target_date", "status", "progress")


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values.get(name) for name in GOAL_FIELDS}
    cleaned["title"] = (cleaned["title"] or "").strip()
    cleaned["success_criteria"] = (cleaned["success_criteria"] or "").strip()
    return cleaned


def _resolve_skills(skill_ids: list[int], keep: set[int] = frozenset()) -> list[Skill]:
    """Return the skills named; a retired or merged one is refused unless already linked."""
    skills = list(Skill.objects.filter(pk__in=set(skill_ids)))
    unknown = set(skill_ids) - {skill.pk for skill in skills}
    unusable = [skill for skill in skills if not skill.is_usable and skill.pk not in keep]
    if unknown or unusable:
        names = ", ".join(skill.label for skill in unusable) or ", ".join(map(str, unknown))
        raise ValidationFailed(
            {"skills": [_("These skills can no longer be chosen: %(names)s.") % {"names": names}]}
        )
    return skills


def _set_milestones(goal: Goal, milestones: list[dict[str, Any]]) -> None:
    goal.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(
            goal=goal,
            title=(item.get("title") or "").strip(),
            due_on=item.get("due_on"),
            done=bool(item.get("done")),
            position=position,
        )
        for position, item in enumerate(milestones)
    )


def goal_create(
    *,
    actor: Any,
    pair: Pair,
    values: dict[str, Any],
    skill_ids: list[int] = (),
    milestones: list[dict[str, Any]] = (),
    submission: idempotency.Submission | None = None,
) -> Goal:
    """Return a new goal of `pair`, proposed by `actor` (either member).

    The same `submission` sent again creates nothing: it raises AlreadySubmitted.
    """
    values = _clean_values(values)
    milestones = list(milestones)
    errors = goal_errors(program=pair.program, values=values, milestones=milestones)
    if errors:
        raise ValidationFailed(errors)
    skills = _resolve_skills(list(skill_ids))
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope="journey.goal_create", submission=submission)
        goal = Goal.objects.create(pair=pair, created_by=actor, updated_by=actor, **values)
        goal.skills.set(skills)
        _set_milestones(goal, milestones)
        claim.done(goal)
        audit_record(
            actor=actor,
            action="journey.goal_created",
            target=goal,
            changes={
                "pair": pair.pk,
                "direction": goal.direction,
                "status": goal.status,
                "progress": goal.progress,
                "milestones": len(milestones),
            },
        )
    return goal


def person_name(user: Any) -> str:
    """Return the name a member knows `user` by: their directory name, else their account's."""
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    return employee.full_name if employee is not None else str(user)


def _check_version(goal: Goal, version: int | None) -> None:
    if version is None or int(version) != goal.version:
        raise ConflictError(
            _(
                "%(who)s changed this goal while you were editing it, so your changes were not "
                "saved."
            )
            % {"who": person_name(goal.updated_by) or _("Your partner")},
            code="stale_version",
        )


def _milestone_rows(goal: Goal) -> list[tuple[str, Any, bool]]:
    return [(m.title, m.due_on, m.done) for m in goal.milestones.order_by("position", "id")]


def goal_update(
    *,
    actor: Any,
    goal: Goal,
    version: int | None,
    values: dict[str, Any],
    skill_ids: list[int] = (),
    milestones: list[dict[str, Any]] = (),
) -> Goal:
    """Return `goal` with `values`, its skills and milestones replaced by those given.

    `version` is the version the member started from: if the goal changed meanwhile, raise
    ConflictError (409) and change nothing.
    """
    values = _clean_values(values)
    milestones = list(milestones)
    errors = goal_errors(program=goal.pair.program, values=values, milestones=milestones)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = (
            Goal.objects.select_for_update(of=("self",))
            .select_related("updated_by__employee")
            .get(pk=goal.pk)
        )
        _check_version(locked, version)
        current_skills = set(locked.skills.values_list("pk", flat=True))
        skills = _resolve_skills(list(skill_ids), keep=current_skills)
        changed = [name for name in GOAL_FIELDS if getattr(locked, name) != values[name]]
        if current_skills != {skill.pk for skill in skills}:
            changed.append("skills")
        new_rows = [
            ((m.get("title") or "").strip(), m.get("due_on"), bool(m.get("done")))
            for m in milestones
        ]
        if _milestone_rows(locked) != new_rows:
            changed.append("milestones")
        if not changed:
            return locked
        old_status, old_progress = locked.status, locked.progress
        for name in GOAL_FIELDS:
            setattr(locked, name, values[name])
        locked.updated_by = actor
        locked.version += 1
        locked.save(update_fields=[*GOAL_FIELDS, "updated_by", "version", "updated_at"])
        locked.skills.set(skills)
        if "milestones" in changed:
            _set_milestones(locked, milestones)
        details: dict[str, Any] = {"pair": locked.pair_id, "fields": changed}
        if old_status != locked.status:
            details["status"] = {"old": old_status, "new": locked.status}
        if old_progress != locked.progress:
            details["progress"] = {"old": old_progress, "new": locked.progress}
        audit_record(actor=actor, action="journey.goal_updated", target=locked, changes=details)
    return locked


def goal_delete(*, actor: Any, goal: Goal, version: int | None) -> None:
    """Delete `goal` and its milestones (either member, active pairs). Refused with a
    ConflictError when the goal changed since `version`: the member decides again on what
    it is now. The audit entry keeps the direction, never the wording."""
    with transaction.atomic():
        locked = (
            Goal.objects.select_for_update(of=("self",))
            .select_related("updated_by__employee")
            .filter(pk=goal.pk)
            .first()
        )
        if locked is None:
            raise ConflictError(_("This goal was already deleted."), code="already_deleted")
        _check_version(locked, version)
        audit_record(
            actor=actor,
            action="journey.goal_deleted",
            target=locked,
            changes={"pair": locked.pair_id, "direction": locked.direction},
        )
        locked.delete()


# --- Notes -------------------------------------------------------------------------------------


def note_errors(body: Any) -> dict[str, list[str]]:
    text = (body or "").strip() if isinstance(body, str) else ""
    if not text:
        return {"body": [_("The note is empty: write something first.")]}
    if len(text) > NOTE_MAX:
        return {
            "body": [_("The note is too long: %(max)s characters at most.") % {"max": NOTE_MAX}]
        }
    return {}


def shared_note_add(
    *, actor: Any, pair: Pair, body: str, submission: idempotency.Submission | None = None
) -> SharedNote:
    """Return a new note both members of `pair` read. The audit entry holds no text."""
    errors = note_errors(body)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        claim = idempotency.claim(
            actor=actor, scope="journey.shared_note_add", submission=submission
        )
        note = SharedNote.objects.create(pair=pair, author=actor, body=body.strip())
        claim.done(note)
        audit_record(
            actor=actor, action="journey.shared_note_added", target=note, changes={"pair": pair.pk}
        )
    return note


def _locked_own_shared_note(actor: Any, note: SharedNote, version: int | None) -> SharedNote:
    locked = SharedNote.objects.select_for_update().filter(pk=note.pk).first()
    if locked is None:
        raise ConflictError(_("This note was already deleted."), code="already_deleted")
    if locked.author_id != actor.pk:
        raise DomainError(
            _("Only the author of a shared note can change or delete it."), code="not_author"
        )
    if version is None or int(version) != locked.version:
        raise ConflictError(
            _(
                "This note changed since you opened it (in another window?), so your changes "
                "were not saved."
            ),
            code="stale_version",
        )
    return locked


def shared_note_update(
    *, actor: Any, note: SharedNote, body: str, version: int | None
) -> SharedNote:
    """Return the shared note with its new text (its author only, active pairs)."""
    errors = note_errors(body)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = _locked_own_shared_note(actor, note, version)
        if locked.body == body.strip():
            return locked
        locked.body = body.strip()
        locked.edited_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["body", "edited_at", "version"])
        audit_record(
            actor=actor,
            action="journey.shared_note_edited",
            target=locked,
            changes={"pair": locked.pair_id},
        )
    return locked


def shared_note_delete(*, actor: Any, note: SharedNote, version: int | None) -> None:
    """Delete a shared note (its author only)."""
    with transaction.atomic():
        locked = _locked_own_shared_note(actor, note, version)
        audit_record(
            actor=actor,
            action="journey.shared_note_deleted",
            target=locked,
            changes={"pair": locked.pair_id},
        )
        locked.delete()


def private_note_add(
    *, actor: Any, pair: Pair, body: str, submission: idempotency.Submission | None = None
) -> PrivateNote:
    """Return a new note only `actor` reads. The audit entry holds no text."""
    errors = note_errors(body)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        claim = idempotency.claim(
            actor=actor, scope="journey.private_note_add", submission=submission
        )
        note = PrivateNote.objects.create(pair=pair, author=actor, body=body.strip())
        claim.done(note)
        audit_record(
            actor=actor,
            action="journey.private_note_added",
            target=note,
            changes={"pair": pair.pk},
        )
    return note


def private_note_delete(*, actor: Any, note: PrivateNote) -> None:
    """Delete a private note of `actor` (fetched with `access_private_note`)."""
    if note.author_id != actor.pk:
        raise DomainError(_("Only the author of a private note can delete it."), code="not_author")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="journey.private_note_deleted",
            target=note,
            changes={"pair": note.pair_id},
        )
        note.delete()
