"""Personal data of the pairing app: the person's pairs and self-match requests (see
bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

Pairs stay after an erasure, with the anonymous row in place of the person: the programs'
counts and the rule against pairing two people twice still hold.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from bascule.pairing.explain import explain
from bascule.pairing.models import MentorRequest, Pair, PairEndCause, PairStatus, RequestStatus
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
from bascule.programs.models import ApplicationStatus, ParticipantRole, Program

COVERS = {
    "pairing.Pair.mentor": SUBJECT,
    "pairing.Pair.mentee": SUBJECT,
    "pairing.Pair.published_by": ACTOR,
    "pairing.Pair.ended_by": ACTOR,
    "pairing.Pair.paused_by": ACTOR,
    "pairing.MatchRun.run_by": ACTOR,
    "pairing.MatchRun.published_by": ACTOR,
    "pairing.PairRule.created_by": ACTOR,
}

KINDS = {
    "pairs_ended": gettext_lazy("active pairs ended"),
    "pairs": gettext_lazy("pairs: reasons for ending or pausing deleted"),
    "mentor_requests": gettext_lazy("mentor requests: messages deleted"),
}


def person_pairs(person: Person) -> QuerySet[Pair]:
    """Return the pairs `person` is a member of (none without an employee record)."""
    if person.employee is None:
        return Pair.objects.none()
    return Pair.objects.filter(Q(mentor=person.employee) | Q(mentee=person.employee))


def _requests(person: Person) -> QuerySet[MentorRequest]:
    if person.employee is None:
        return MentorRequest.objects.none()
    return MentorRequest.objects.filter(
        Q(mentee_application__employee=person.employee)
        | Q(mentor_application__employee=person.employee)
    )


def export(person: Person, *, audience: Audience) -> list[Section]:
    if person.employee is None:
        return []
    pairs = Section(key="pairs", title=_("Pairs"))
    if audience == Audience.SELF:
        pairs.note = _(
            "The reason HR gave for pausing a pair, and a partner's reason for withdrawing, "
            "stay with HR: they may concern the partner."
        )
    rows = (
        person_pairs(person)
        .select_related("program", "mentor", "mentee", "mentor_application", "mentee_application")
        .order_by("published_at", "id")
    )
    for pair in rows:
        is_mentor = pair.mentor_id == person.employee_id
        partner = pair.mentee if is_mentor else pair.mentor
        role = ParticipantRole.MENTOR if is_mentor else ParticipantRole.MENTEE
        items = [
            item("program", _("Program"), pair.program.name),
            item("role", _("Role"), role, str(ParticipantRole(role).label)),
            item("partner", _("Partner"), partner.full_name),
            item(
                "explanation",
                _("Why this pair was proposed"),
                explain(
                    pair.reasons,
                    get_language() or "fr",
                    pair.mentor.full_name,
                    pair.mentee.full_name,
                ),
            ),
        ]
        items += model_items(
            pair, ["status", "origin", "published_at", "ended_at", "end_cause", "paused_at"]
        )
        own = pair.mentor_application if is_mentor else pair.mentee_application
        if (
            audience == Audience.HR
            or pair.end_cause == PairEndCause.HR
            or own.status == ApplicationStatus.WITHDRAWN
        ):
            # The members read HR's reason in the e-mail that ended the pair; a partner's
            # reason for withdrawing stays theirs.
            items += model_items(pair, ["end_reason"])
        if audience == Audience.HR:
            items += model_items(pair, ["pause_reason"])
        pairs.records.append(Record(f"{pair.program.name} — {partner.full_name}", items))

    requests = Section(key="mentor_requests", title=_("Requests to a mentor"))
    rows = _requests(person).select_related(
        "program", "mentee_application__employee", "mentor_application__employee"
    )
    for request in rows.order_by("created_at", "id"):
        mentee = request.mentee_application.employee
        mentor = request.mentor_application.employee
        items = [
            item("program", _("Program"), request.program.name),
            item("mentee", _("Mentee"), mentee.full_name),
            item("mentor", _("Mentor"), mentor.full_name),
        ]
        items += model_items(request, ["status", "message", "answer", "created_at", "answered_at"])
        requests.records.append(Record(f"{request.program.name} — {mentor.full_name}", items))
    return [pairs, requests]


def erasure_plan(person: Person) -> Plan:
    if person.employee is None:
        return Plan()
    pairs = person_pairs(person)
    active = list(pairs.filter(status=PairStatus.ACTIVE).select_related("mentor", "mentee"))
    plan = Plan(
        erase=[
            _(
                "HR's reasons for ending or pausing the person's pairs, and the messages they "
                "wrote when asking a mentor or answering a mentee."
            )
        ],
        keep=[
            ngettext(
                "%(count)s pair, with “Erased person” in place of the name: the programs' "
                "counts stay right, and the two are never paired again.",
                "%(count)s pairs, with “Erased person” in place of the name: the programs' "
                "counts stay right, and the two are never paired again.",
                pairs.count(),
            )
            % {"count": pairs.count()}
        ],
    )
    for pair in active:
        partner = pair.mentee if pair.mentor_id == person.employee_id else pair.mentor
        plan.consequences.append(
            _(
                "The active pair with %(partner)s ends now, and their meetings to come are "
                "cancelled. Nobody is e-mailed: tell %(partner)s yourself, and offer them a "
                "new partner from the program's rematch page."
            )
            % {"partner": partner.full_name}
        )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.employee is None:
        return {}
    recorded = actor if getattr(actor, "is_authenticated", False) else None
    ended = (
        person_pairs(person)
        .filter(status=PairStatus.ACTIVE)
        .update(status=PairStatus.ENDED, ended_at=now, ended_by=recorded, end_cause=PairEndCause.HR)
    )
    reasons = person_pairs(person).update(end_reason="", pause_reason="")
    requests = _requests(person)
    requests.filter(status=RequestStatus.PENDING).update(
        status=RequestStatus.DECLINED, answered_at=now
    )
    as_mentee = requests.filter(mentee_application__employee=person.employee).update(message="")
    as_mentor = requests.filter(mentor_application__employee=person.employee).update(answer="")
    return {"pairs_ended": ended, "pairs": reasons, "mentor_requests": as_mentee + as_mentor}


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Delete the reasons for ending or pausing `program`'s pairs, and the self-match
    messages."""
    pairs = Pair.objects.filter(program=program).exclude(end_reason="", pause_reason="")
    requests = MentorRequest.objects.filter(program=program).exclude(message="", answer="")
    if dry_run:
        return {"pairs": pairs.count(), "mentor_requests": requests.count()}
    return {
        "pairs": pairs.update(end_reason="", pause_reason=""),
        "mentor_requests": requests.update(message="", answer=""),
    }
