"""Personal data of the workshops app: the person's places at workshops, their attendance and
their feedback (see bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

Feedback is read in aggregate only (from five answers): the person's own export has theirs,
HR's export never does. After an erasure, or once the retention period of a workshop's
program is over, the ratings stay (they still count in the averages) and the comments go.
"""

import datetime as dt
from typing import Any

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
)
from bascule.programs.models import Program
from bascule.workshops.models import Feedback, Registration

COVERS = {
    "workshops.Registration.employee": SUBJECT,
    "workshops.Feedback.employee": SUBJECT,
    "workshops.Workshop.facilitator": ACTOR,
    "workshops.Workshop.created_by": ACTOR,
}

KINDS = {
    "workshop_feedback": gettext_lazy("workshop feedback: comments deleted"),
}


def export(person: Person, *, audience: Audience) -> list[Section]:
    places = Section(key="workshops", title=_("Workshops"))
    feedback = Section(key="workshop_feedback", title=_("Workshop feedback"))
    if person.employee is None:
        return [places, feedback]
    registrations = (
        Registration.objects.filter(employee=person.employee)
        .select_related("workshop")
        .order_by("workshop__starts_at", "id")
    )
    for registration in registrations:
        workshop = registration.workshop
        items = [
            item("starts_at", _("Starts"), workshop.starts_at),
            item("status", _("Place"), registration.status, registration.get_status_display()),
        ]
        if registration.attendance:
            items.append(
                item(
                    "attendance",
                    _("Attendance"),
                    registration.attendance,
                    registration.get_attendance_display(),
                )
            )
        places.records.append(Record(workshop.title, items))
    if audience == Audience.HR:
        feedback.note = _(
            "Workshop feedback is confidential: it is only in the person's own export."
        )
        return [places, feedback]
    for answer in Feedback.objects.filter(employee=person.employee).select_related("workshop"):
        feedback.records.append(
            Record(
                answer.workshop.title,
                [
                    item("rating", _("Rating"), answer.rating),
                    item("comment", _("Comment"), answer.comment),
                    item("given", _("Given"), answer.created_at),
                ],
            )
        )
    return [places, feedback]


def erasure_plan(person: Person) -> Plan:
    if person.employee is None:
        return Plan()
    comments = Feedback.objects.filter(employee=person.employee).exclude(comment="").count()
    places = Registration.objects.filter(employee=person.employee).count()
    if not comments and not places:
        return Plan()
    return Plan(
        erase=[
            ngettext(
                "The comment of %(count)s workshop feedback.",
                "The comments of %(count)s workshop feedback answers.",
                comments,
            )
            % {"count": comments}
        ]
        if comments
        else [],
        keep=[
            _(
                "Their workshop places, attendance and ratings, with no name: the seats, the "
                "modules completed and the averages still add up."
            )
        ],
    )


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.employee is None:
        return {}
    comments = Feedback.objects.filter(employee=person.employee).exclude(comment="")
    return {"workshop_feedback": comments.update(comment="")}


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Delete the comments of the feedback on the program's workshops; the ratings stay."""
    comments = Feedback.objects.filter(workshop__programs=program).exclude(comment="")
    if dry_run:
        return {"workshop_feedback": comments.count()}
    return {
        "workshop_feedback": Feedback.objects.filter(pk__in=list(comments.values("pk"))).update(
            comment=""
        )
    }
