"""Writes to programs: creation (from a template or blank), settings, lifecycle, duplication.

Who may call what is checked by the views and API handlers (`access_*`); the services refuse
the HR-only operations themselves (creation, duplication, choosing the managers).

Settings frozen along the lifecycle:
- from matching on, the reverse rule (levels, years, gap, departments), the kind and the
  mentor capacity are fixed: applications were approved and pairs are formed under them;
- a closed program cannot be changed at all.
"""

import datetime as dt
from copy import deepcopy as copy_value
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bascule.accounts.models import Role, User
from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN, Department
from bascule.programs import rules, selectors, templates_catalog
from bascule.programs.countries import supported_countries
from bascule.programs.languages import unknown_languages
from bascule.programs.models import (
    PROGRAM_TRANSITIONS,
    MeetingFormat,
    Program,
    ProgramKind,
    ProgramStatus,
)
from bascule.programs.signals import program_status_changed

# Dates outside this range are typing mistakes (a year of 20255, or 1025).
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
MAX_LEVEL_GAP = SENIORITY_LEVEL_MAX - SENIORITY_LEVEL_MIN
MAX_EXPERIENCE_YEARS = 60
MAX_OBJECTIVES = 12

SCALAR_FIELDS = (
    "name",
    "description",
    "objectives",
    "charter",
    "kind",
    "starts_on",
    "ends_on",
    "enrollment_closes_on",
    "open_enrollment",
    "meeting_every_weeks",
    "meeting_minutes",
    "checkin_every_weeks",
    "format",
    "country",
    "languages",
    "mentor_capacity",
    "mentor_max_level",
    "mentor_max_experience_years",
    "mentee_min_level",
    "mentee_min_experience_years",
    "min_level_gap",
)
RELATION_FIELDS = ("managers", "mentor_departments", "mentee_departments")
# The matching settings (set on the workbench), copied by a duplication with the rest.
MATCHING_FIELDS = (
    "matching_weights",
    "reporting_line_depth",
    "forbid_same_manager",
    "prefer_different_department",
    "allow_previous_pairs",
    "self_match",
)
EDITABLE_FIELDS = (*SCALAR_FIELDS, *RELATION_FIELDS)
RULE_FIELDS = (
    "mentor_max_level",
    "mentor_max_experience_years",
    "mentee_min_level",
    "mentee_min_experience_years",
    "min_level_gap",
    "mentor_departments",
    "mentee_departments",
)
# Fixed once matching starts (see the module docstring).
FROZEN_FROM_MATCHING = (*RULE_FIELDS, "kind", "mentor_capacity")
FROZEN_STATUSES = (ProgramStatus.MATCHING, ProgramStatus.RUNNING, ProgramStatus.CLOSED)
REQUIRED_FIELDS = ("name", "starts_on", "ends_on")


def field_label(name: str) -> str:
    """Return the translated label of the Program field `name`."""
    return capfirst(str(Program._meta.get_field(name).verbose_name))


def frozen_fields(program: Program) -> tuple[str, ...]:
    """Return the fields of `program` that can no longer change at its current status."""
    if program.status == ProgramStatus.CLOSED:
        return EDITABLE_FIELDS
    if program.status in FROZEN_STATUSES:
        return FROZEN_FROM_MATCHING
    return ()


# --- Validation --------------------------------------------------------------------------------


def _in_range(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def program_errors(values: dict[str, Any], *, partial: bool = False) -> dict[str, list[str]]:
    """Return what is wrong with program settings `values`, field by field; empty if nothing.

    With `partial`, missing required fields are not reported (the form reports them itself).
    Shared by the services, the forms and the API so that all say the same thing.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not partial:
        for name in REQUIRED_FIELDS:
            if values.get(name) in (None, ""):
                add(name, _("%(field)s is required.") % {"field": field_label(name)})
    if "name" in values and values["name"] is not None and len(values["name"]) > 200:
        add("name", _("The name is too long: 200 characters at most."))

    for name in ("starts_on", "ends_on", "enrollment_closes_on"):
        date = values.get(name)
        if date is not None and not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
            add(
                name,
                _("%(field)s must be between %(first)s and %(last)s: check the year.")
                % {"field": field_label(name), "first": EARLIEST_YEAR, "last": LATEST_YEAR},
            )
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    closes_on = values.get("enrollment_closes_on")
    if starts_on and ends_on and ends_on < starts_on and "ends_on" not in errors:
        add("ends_on", _("The end date must be on or after the start date."))
    if closes_on and ends_on and closes_on > ends_on and "enrollment_closes_on" not in errors:
        add(
            "enrollment_closes_on",
            _("Enrollment must close on or before the end date of the program."),
        )

    if "kind" in values and values["kind"] not in ProgramKind.values:
        add("kind", _("Choose reverse or reciprocal mentoring."))
    if "format" in values and values["format"] not in MeetingFormat.values:
        add("format", _("Choose in person, virtual or hybrid."))
    country = values.get("country")
    if country and country.upper() not in supported_countries():
        add("country", _("Choose a country from the list, or none."))
    languages = values.get("languages") or []
    unknown = unknown_languages(languages)
    if unknown:
        add(
            "languages",
            _("These language codes are not offered: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    if len(values.get("objectives") or []) > MAX_OBJECTIVES:
        add(
            "objectives",
            _("Write %(count)s objectives at most.") % {"count": MAX_OBJECTIVES},
        )

    ranges = {
        "meeting_every_weeks": (1, 52, _("Meetings take place every 1 to 52 weeks.")),
        "meeting_minutes": (10, 480, _("A meeting lasts between 10 and 480 minutes.")),
        "checkin_every_weeks": (1, 52, _("Check-ins take place every 1 to 52 weeks.")),
        "mentor_capacity": (1, 10, _("A mentor takes between 1 and 10 mentees.")),
        "min_level_gap": (
            0,
            MAX_LEVEL_GAP,
            _("The gap is between 0 and %(max)s levels.") % {"max": MAX_LEVEL_GAP},
        ),
    }
    for name, (low, high, message) in ranges.items():
        if name in values and not _in_range(values[name], low, high):
            add(name, message)
    for name in ("mentor_max_level", "mentee_min_level"):
        value = values.get(name)
        if value is not None and not _in_range(value, SENIORITY_LEVEL_MIN, SENIORITY_LEVEL_MAX):
            add(
                name,
                _("Seniority levels run from %(low)s to %(high)s.")
                % {"low": SENIORITY_LEVEL_MIN, "high": SENIORITY_LEVEL_MAX},
            )
    for name in ("mentor_max_experience_years", "mentee_min_experience_years"):
        value = values.get(name)
        if value is not None and not _in_range(value, 0, MAX_EXPERIENCE_YEARS):
            add(
                name,
                _("Years of experience run from 0 to %(max)s.") % {"max": MAX_EXPERIENCE_YEARS},
            )
    if "min_level_gap" in values and "min_level_gap" not in errors:
        for message in rules.rule_contradictions(min_level_gap=values["min_level_gap"]):
            add("min_level_gap", message)
    return errors


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Return `values` restricted to the editable fields, texts trimmed, lists de-duplicated."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            continue
        if name in ("name", "description", "charter") and isinstance(value, str):
            value = value.strip()
        elif name in ("description", "charter") and value is None:
            value = ""
        elif name == "objectives":
            value = [line.strip() for line in value or [] if line and line.strip()]
        elif name == "languages":
            value = list(dict.fromkeys(code.strip().lower() for code in value or []))
        elif name == "country":
            value = (value or "").strip().upper()
        elif name in RELATION_FIELDS:
            value = sorted({getattr(item, "pk", item) for item in value or []})
        clean[name] = value
    return clean


def _check_relations(values: dict[str, Any]) -> dict[str, list[str]]:
    """Return errors for manager and department ids that do not exist or may not be used."""
    errors: dict[str, list[str]] = {}
    if "managers" in values:
        found = set(
            User.objects.filter(
                pk__in=values["managers"], role=Role.PROGRAM_MANAGER, is_active=True
            ).values_list("pk", flat=True)
        )
        if found != set(values["managers"]):
            errors["managers"] = [
                _("Program managers must be active users with the program manager role.")
            ]
    for name in ("mentor_departments", "mentee_departments"):
        if name in values:
            found = set(Department.objects.filter(pk__in=values[name]).values_list("pk", flat=True))
            if found != set(values[name]):
                errors[name] = [_("One of the departments chosen does not exist.")]
    return errors


def _validate(values: dict[str, Any], *, relations: dict[str, Any]) -> None:
    """Raise ValidationFailed for bad `values` or unknown ids among the new `relations`."""
    errors = program_errors(values)
    for name in SCALAR_FIELDS:
        if name in errors or values.get(name, "") is not None:
            continue
        if not Program._meta.get_field(name).null:
            errors.setdefault(name, []).append(
                _("%(field)s cannot be empty.") % {"field": field_label(name)}
            )
    for name, messages in _check_relations(relations).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationFailed(errors)


def _require_hr_admin(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_hr_admin):
        raise PermissionDenied


def _set_relations(program: Program, values: dict[str, Any]) -> None:
    for name in RELATION_FIELDS:
        if name in values:
            getattr(program, name).set(values[name])


def _relation_ids(program: Program, name: str) -> list[int]:
    return sorted(getattr(program, name).values_list("pk", flat=True))


def _auditable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- Create, update ----------------------------------------------------------------------------


def program_create(
    *,
    actor: Any,
    values: dict[str, Any] | None = None,
    template: str = "",
    language: str | None = None,
    submission: idempotency.Submission | None = None,
) -> Program:
    """Return a new draft program. HR admins only.

    `template` (a key of templates_catalog) pre-fills every field but the dates, its texts in
    `language` (default: the actor's language); `values` override any of them. Raise
    ValidationFailed (422) listing every problem, DomainError for an unknown template, and
    AlreadySubmitted for the same `submission` sent again.
    """
    _require_hr_admin(actor)
    base: dict[str, Any] = {}
    if template and template != templates_catalog.BLANK:
        if not templates_catalog.is_template(template):
            raise DomainError(
                _("There is no program template “%(key)s”.") % {"key": template},
                code="unknown_template",
            )
        base = templates_catalog.template_fields(
            template, language=language or getattr(actor, "language", None)
        )
    merged = _normalise({**base, **(values or {})})
    _validate(merged, relations=merged)
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope="programs.create", submission=submission)
        program = Program.objects.create(
            **{name: value for name, value in merged.items() if name in SCALAR_FIELDS},
            template=template if templates_catalog.is_template(template) else "",
            created_by=actor,
        )
        _set_relations(program, merged)
        claim.done(program)
        audit_record(
            actor=actor,
            action="program.created",
            target=program,
            changes={"template": program.template, "name": program.name},
        )
    return program


def _check_version(program: Program, version: int | None) -> None:
    if version is None or int(version) != program.version:
        raise ConflictError(
            _(
                "Someone else changed this program while you were working on it, so nothing "
                "was saved. Check the program as it is now, then try again."
            ),
            code="stale_version",
        )


def program_update(
    *, actor: Any, program: Program, version: int | None, values: dict[str, Any]
) -> Program:
    """Return `program` with `values` applied (only the fields given change).

    `version` is the version the user started from: if the program changed meanwhile, raise
    ConflictError (409). Raise DomainError for a field frozen at the current status,
    ValidationFailed for bad values, PermissionDenied when someone other than an HR admin
    changes the managers.
    """
    changes_in = _normalise(values)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        _check_version(locked, version)
        current = {name: getattr(locked, name) for name in SCALAR_FIELDS}
        current.update({name: _relation_ids(locked, name) for name in RELATION_FIELDS})
        changed = {name: value for name, value in changes_in.items() if current.get(name) != value}
        if not changed:
            return locked
        if "managers" in changed and not actor.is_hr_admin:
            raise PermissionDenied
        if locked.status == ProgramStatus.CLOSED:
            raise DomainError(
                _("This program is closed: its settings can no longer change."), code="closed"
            )
        frozen = [name for name in changed if name in frozen_fields(locked)]
        if frozen:
            raise DomainError(
                _(
                    "Matching has started: the rule, the kind and the number of mentees per "
                    "mentor can no longer change (%(fields)s)."
                )
                % {"fields": ", ".join(field_label(name) for name in frozen)},
                code="frozen",
            )
        _validate({**current, **changed}, relations=changed)
        scalars = [name for name in changed if name in SCALAR_FIELDS]
        for name in scalars:
            setattr(locked, name, changed[name])
        locked.version += 1
        locked.save(update_fields=[*scalars, "version", "updated_at"])
        _set_relations(locked, changed)
        audit_record(
            actor=actor,
            action="program.updated",
            target=locked,
            changes={
                name: {"old": _auditable(current[name]), "new": _auditable(value)}
                for name, value in changed.items()
            },
        )
    return locked


# --- Lifecycle ---------------------------------------------------------------------------------


def status_label(status: str) -> str:
    return str(ProgramStatus(status).label) if status in ProgramStatus.values else status


def enrollment_problems(program: Program, *, today: dt.date | None = None) -> list[str]:
    """Return why enrollment cannot open for `program`, in words; empty if it can."""
    today = today or timezone.localdate()
    problems = list(rules.rule_contradictions(min_level_gap=program.min_level_gap))
    population = selectors.rule_population(program=program)
    counts = {"mentors": population.mentors, "mentees": population.mentees}
    if population.mentors == 0:
        problems.append(
            _(
                "Nobody in the directory fits the rule for mentors (eligible mentors: "
                "%(mentors)s, eligible mentees: %(mentees)s). Widen the rule or complete the "
                "directory."
            )
            % counts
        )
    if population.mentees == 0:
        problems.append(
            _(
                "Nobody in the directory fits the rule for mentees (eligible mentors: "
                "%(mentors)s, eligible mentees: %(mentees)s). Widen the rule or complete the "
                "directory."
            )
            % counts
        )
    if population.mentors and population.mentees and not population.gap_possible:
        problems.append(
            _(
                "No eligible mentor is %(gap)s levels below an eligible mentee (eligible "
                "mentors: %(mentors)s, eligible mentees: %(mentees)s). Lower the gap or widen "
                "the rule."
            )
            % {**counts, "gap": program.min_level_gap}
        )
    if program.ends_on < today:
        problems.append(_("The program's end date has passed: change the dates first."))
    if program.enrollment_closes_on and program.enrollment_closes_on < today:
        problems.append(_("The enrollment closing date has passed: change it first."))
    return problems


def program_transition(
    *, actor: Any, program: Program, to_status: str, version: int | None
) -> Program:
    """Return `program` moved to `to_status`, one of the moves PROGRAM_TRANSITIONS allows.

    Raise ConflictError when `version` is stale, DomainError for a move that is not allowed
    or, when opening enrollment, for a rule nobody can satisfy or impossible dates.
    """
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        _check_version(locked, version)
        current = locked.status
        if to_status not in ProgramStatus.values:
            raise DomainError(
                _("“%(status)s” is not a program status.") % {"status": to_status},
                code="unknown_status",
            )
        allowed = PROGRAM_TRANSITIONS[current]
        if to_status not in allowed:
            if not allowed:
                message = _("This program is %(current)s: its status can no longer change.")
            else:
                message = _(
                    "This program is %(current)s: it cannot move to %(target)s. It can move "
                    "to: %(allowed)s."
                )
            raise DomainError(
                message
                % {
                    "current": status_label(current),
                    "target": status_label(to_status),
                    "allowed": ", ".join(status_label(s) for s in allowed),
                },
                code="transition_not_allowed",
            )
        if current == ProgramStatus.DRAFT and to_status == ProgramStatus.ENROLLING:
            problems = enrollment_problems(locked)
            if problems:
                raise DomainError(
                    _("Enrollment cannot open yet.") + " " + " ".join(problems),
                    code="not_ready",
                )
        locked.status = to_status
        locked.status_changed_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "status_changed_at", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="program.transition",
            target=locked,
            changes={"from": current, "to": to_status},
        )
        program_status_changed.send(
            sender=Program, actor=actor, program=locked, from_status=current, to_status=to_status
        )
    return locked


# --- Duplicate ---------------------------------------------------------------------------------


def program_duplicate(
    *, actor: Any, program: Program, submission: idempotency.Submission | None = None
) -> Program:
    """Return a new draft copying `program`'s settings (matching settings included),
    managers and departments. HR only.

    Invitations and applications are not copied. The name is "Copy of …" in the actor's
    language. The same `submission` sent again raises AlreadySubmitted.
    """
    _require_hr_admin(actor)
    with translation.override(getattr(actor, "language", None) or translation.get_language()):
        name = _("Copy of %(name)s") % {"name": program.name}
    with transaction.atomic():
        claim = idempotency.claim(actor=actor, scope="programs.duplicate", submission=submission)
        copy = Program.objects.create(
            **{field: getattr(program, field) for field in SCALAR_FIELDS if field != "name"},
            **{field: copy_value(getattr(program, field)) for field in MATCHING_FIELDS},
            name=name[:200],
            template=program.template,
            created_by=actor,
        )
        for relation in RELATION_FIELDS:
            getattr(copy, relation).set(getattr(program, relation).all())
        claim.done(copy)
        audit_record(
            actor=actor,
            action="program.duplicated",
            target=copy,
            changes={"source_id": program.pk, "source": program.name},
        )
    return copy
