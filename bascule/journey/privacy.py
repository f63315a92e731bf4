"""Personal data of the journey app: kickoffs, goals, shared and private notes, check-ins
(see bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

HR's export follows what HR may read of a pair (docs/journey.md): the dates, the goals'
status and progress, who answered a check-in and the message addressed to HR — never the
goals' wording, a note, a pulse or what is blocking. The person's own export has everything,
their private notes included; nobody else's export ever has them.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.journey.models import (
    CheckIn,
    Goal,
    KickoffConfirmation,
    Milestone,
    PrivateNote,
    SharedNote,
)
from bascule.pairing.privacy import person_pairs
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
from bascule.programs.models import Program

COVERS = {
    "journey.KickoffConfirmation.member": SUBJECT,
    "journey.KickoffConfirmation.confirmed_by": ACTOR,
    "journey.Goal.created_by": ACTOR,
    "journey.Goal.updated_by": ACTOR,
    "journey.SharedNote.author": SUBJECT,
    "journey.PrivateNote.author": SUBJECT,
    "journey.CheckIn.member": SUBJECT,
    "journey.CheckIn.author": ACTOR,
}

KINDS = {
    "goals": gettext_lazy("goals: wording deleted"),
    "milestones": gettext_lazy("milestones: wording deleted"),
    "shared_notes": gettext_lazy("shared notes deleted"),
    "private_notes": gettext_lazy("private notes deleted"),
    "checkins": gettext_lazy("check-ins: comments deleted"),
}

# Stored in place of a goal's or milestone's deleted wording (the fields are required): the
# pages show a dash.
DELETED_WORDING = "—"


def _pair_label(pair: Any, person: Person) -> str:
    partner = pair.mentee if pair.mentor_id == person.employee_id else pair.mentor
    return f"{pair.program.name} — {partner.full_name}"


def export(person: Person, *, audience: Audience) -> list[Section]:
    sections: list[Section] = []
    pairs = {
        pair.pk: pair for pair in person_pairs(person).select_related("program", "mentor", "mentee")
    }
    to_hr = audience == Audience.HR

    kickoffs = Section(key="kickoffs", title=_("Kickoffs"))
    if person.employee is not None:
        rows = KickoffConfirmation.objects.filter(member=person.employee).order_by("confirmed_at")
        for kickoff in rows:
            fields = ["confirmed_at"]
            if not to_hr:
                fields = [
                    "charter_accepted",
                    "meeting_frequency",
                    "channel",
                    "confidentiality",
                    *fields,
                ]
            kickoffs.records.append(
                Record(_pair_label(pairs[kickoff.pair_id], person), model_items(kickoff, fields))
            )
    if to_hr:
        kickoffs.note = _("The agreements each member chose are read by the pair only.")
    sections.append(kickoffs)

    goals = Section(key="goals", title=_("Goals of the pairs"))
    rows = (
        Goal.objects.filter(pair__in=list(pairs))
        .prefetch_related("skills", "milestones")
        .order_by("pair", "direction", "target_date", "id")
    )
    for goal in rows:
        fields = ["direction", "target_date", "status", "progress", "created_at", "updated_at"]
        items = model_items(goal, fields)
        if not to_hr:
            items[1:1] = model_items(goal, ["title", "success_criteria"])
            items.append(item("skills", _("Skills"), [skill.label for skill in goal.skills.all()]))
            items.append(
                item(
                    "milestones",
                    _("Milestones"),
                    [
                        {"title": m.title, "due_on": m.due_on, "done": m.done}
                        for m in goal.milestones.all()
                    ],
                    "; ".join(
                        f"{m.title} ({_('done') if m.done else _('to do')})"
                        for m in goal.milestones.all()
                    )
                    or "—",
                )
            )
        title = goal.title if not to_hr else goal.get_direction_display()
        goals.records.append(Record(f"{_pair_label(pairs[goal.pair_id], person)} — {title}", items))
    if to_hr:
        goals.note = _("The goals' wording and milestones are read by the pair only.")
    sections.append(goals)

    shared = Section(key="shared_notes", title=_("Shared notes you wrote"))
    if to_hr:
        shared.title = _("Shared notes written")
        shared.note = _("The notes' text is read by the pair only: here are their dates.")
    if person.user is not None:
        rows = SharedNote.objects.filter(author=person.user, pair__in=list(pairs))
        for note in rows.order_by("created_at", "id"):
            fields = ["created_at", "edited_at"] if to_hr else ["body", "created_at", "edited_at"]
            shared.records.append(
                Record(_pair_label(pairs[note.pair_id], person), model_items(note, fields))
            )
    sections.append(shared)

    private = Section(key="private_notes", title=_("Private notes"))
    if to_hr:
        private.note = _(
            "Private notes are read by their author only: they are never in HR's export."
        )
    elif person.user is not None:
        rows = PrivateNote.objects.filter(author=person.user).order_by("created_at", "id")
        for note in rows:
            label = _pair_label(pairs[note.pair_id], person) if note.pair_id in pairs else ""
            private.records.append(Record(label, model_items(note, ["body", "created_at"])))
    sections.append(private)

    checkins = Section(key="checkins", title=_("Check-ins"))
    if person.employee is not None:
        rows = CheckIn.objects.filter(member=person.employee).order_by("pair", "period")
        for checkin in rows:
            if to_hr:
                fields = ["period", "message_to_hr", "created_at"]
            else:
                fields = ["period", "pulse", "blocking", "message_to_hr", "goal_progress"]
                fields += ["created_at", "updated_at"]
            checkins.records.append(
                Record(_pair_label(pairs[checkin.pair_id], person), model_items(checkin, fields))
            )
    if to_hr:
        checkins.note = _(
            "How it was going, what was blocking and the progress given are read by the "
            "person only."
        )
    sections.append(checkins)
    return sections


def _goals_written(person: Person) -> QuerySet[Goal]:
    if person.user is None:
        return Goal.objects.none()
    return Goal.objects.filter(created_by=person.user)


def erasure_plan(person: Person) -> Plan:
    plan = Plan()
    goals = _goals_written(person).count()
    shared = SharedNote.objects.filter(author=person.user).count() if person.user else 0
    private = PrivateNote.objects.filter(author=person.user).count() if person.user else 0
    checkins = CheckIn.objects.filter(member=person.employee).count() if person.employee else 0
    plan.erase_if(
        goals,
        ngettext(
            "The wording of %(count)s goal they proposed, and of its milestones.",
            "The wording of %(count)s goals they proposed, and of their milestones.",
            goals,
        )
        % {"count": goals},
    )
    plan.erase_if(
        shared,
        ngettext(
            "%(count)s shared note they wrote, deleted.",
            "%(count)s shared notes they wrote, deleted.",
            shared,
        )
        % {"count": shared},
    )
    plan.erase_if(
        private,
        ngettext(
            "%(count)s private note, deleted unread.",
            "%(count)s private notes, deleted unread.",
            private,
        )
        % {"count": private},
    )
    plan.erase_if(
        checkins,
        ngettext(
            "What is blocking and the message to HR of %(count)s check-in.",
            "What is blocking and the message to HR of %(count)s check-ins.",
            checkins,
        )
        % {"count": checkins},
    )
    plan.keep.append(
        _(
            "The goals' status, progress and dates, the kickoff agreements and each "
            "check-in's pulse: the pair health and the programs' figures stay right."
        )
    )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    goals = _goals_written(person)
    counts["milestones"] = Milestone.objects.filter(goal__in=goals).update(title=DELETED_WORDING)
    counts["goals"] = goals.update(title=DELETED_WORDING, success_criteria=DELETED_WORDING)
    if person.user is not None:
        counts["shared_notes"] = SharedNote.objects.filter(author=person.user).delete()[0]
        counts["private_notes"] = PrivateNote.objects.filter(author=person.user).delete()[0]
    if person.employee is not None:
        counts["checkins"] = CheckIn.objects.filter(member=person.employee).update(
            blocking="", message_to_hr=""
        )
    return counts


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Delete what the members of `program`'s pairs wrote: the goals' and milestones'
    wording, the notes, the check-ins' comments."""
    goals = Goal.objects.filter(pair__program=program).exclude(
        title=DELETED_WORDING, success_criteria=DELETED_WORDING
    )
    milestones = Milestone.objects.filter(goal__pair__program=program).exclude(
        title=DELETED_WORDING
    )
    shared = SharedNote.objects.filter(pair__program=program)
    private = PrivateNote.objects.filter(pair__program=program)
    checkins = CheckIn.objects.filter(pair__program=program).exclude(blocking="", message_to_hr="")
    if dry_run:
        return {
            "goals": goals.count(),
            "milestones": milestones.count(),
            "shared_notes": shared.count(),
            "private_notes": private.count(),
            "checkins": checkins.count(),
        }
    return {
        "goals": goals.update(title=DELETED_WORDING, success_criteria=DELETED_WORDING),
        "milestones": milestones.update(title=DELETED_WORDING),
        "shared_notes": shared.delete()[0],
        "private_notes": private.delete()[0],
        "checkins": checkins.update(blocking="", message_to_hr=""),
    }
