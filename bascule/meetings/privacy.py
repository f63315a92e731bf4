"""Personal data of the meetings app: the meetings of the person's pairs and their private
calendar feed (see bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

HR's export has what HR reads on the pair health page: the dates and outcomes, never the
place, the agenda or the log (docs/journey.md).
"""

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.meetings.models import CalendarFeed, Meeting, MeetingStatus
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
    readable,
)
from bascule.programs.models import Program

COVERS = {
    "meetings.Meeting.organiser": ACTOR,
    "meetings.Meeting.outcome_by": ACTOR,
    "meetings.CalendarFeed.user": SUBJECT,
}

KINDS = {
    "meetings": gettext_lazy("meetings: place, agenda and notes deleted"),
    "meetings_cancelled": gettext_lazy("meetings to come cancelled"),
    "calendar_feeds": gettext_lazy("calendar addresses revoked"),
}

WRITTEN_EMPTY = {
    "location": "",
    "video_url": "",
    "agenda": "",
    "cancel_message": "",
    "outcome_log": "",
}


def _meetings(person: Person) -> QuerySet[Meeting]:
    return Meeting.objects.filter(pair__in=person_pairs(person))


def export(person: Person, *, audience: Audience) -> list[Section]:
    sections = []
    meetings = Section(key="meetings", title=_("Meetings"))
    fields = ["starts_at", "time_zone", "duration_minutes", "status", "outcome"]
    if audience == Audience.SELF:
        fields += ["location", "video_url", "agenda", "cancel_message", "outcome_log"]
    else:
        meetings.note = _(
            "The place, the agenda and the notes of a meeting are read by the pair only."
        )
    rows = (
        _meetings(person).select_related("pair__program", "organiser").order_by("starts_at", "id")
    )
    for meeting in rows:
        items = [item("program", _("Program"), meeting.pair.program.name)]
        items += model_items(meeting, fields)
        if meeting.organiser_id is not None:
            items.append(
                item(
                    "organised_by_them",
                    _("Organised by this person"),
                    meeting.organiser_id == person.user_id,
                )
            )
        meetings.records.append(Record(readable(meeting.starts_at), items))
    sections.append(meetings)
    if person.user is not None:
        feed = CalendarFeed.objects.filter(user=person.user).first()
        calendar = Section(
            key="calendar_feed",
            title=_("Private calendar address"),
            note=_("Only a fingerprint of the address is kept; the address itself never."),
        )
        if feed is not None:
            calendar.records.append(
                Record(
                    _("Private calendar address"), model_items(feed, ["created_at", "last_used_at"])
                )
            )
        sections.append(calendar)
    return sections


def _to_come(person: Person, now: dt.datetime) -> QuerySet[Meeting]:
    return _meetings(person).filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now)


def erasure_plan(person: Person) -> Plan:
    plan = Plan()
    if person.user is not None:
        written = Meeting.objects.filter(organiser=person.user).count()
        plan.erase_if(
            written,
            ngettext(
                "The place, video link, agenda and cancellation message of %(count)s meeting "
                "they organised, and the notes they recorded after meetings.",
                "The place, video link, agenda and cancellation message of %(count)s meetings "
                "they organised, and the notes they recorded after meetings.",
                written,
            )
            % {"count": written},
        )
        plan.erase_if(
            CalendarFeed.objects.filter(user=person.user).count(),
            _("Their private calendar address, which stops working."),
        )
    plan.keep.append(_("The meetings' dates, length, status and outcome."))
    to_come = _to_come(person, timezone.now()).count()
    if to_come:
        plan.consequences.append(
            ngettext(
                "%(count)s meeting to come is cancelled.",
                "%(count)s meetings to come are cancelled.",
                to_come,
            )
            % {"count": to_come}
        )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    counts = {
        "meetings_cancelled": _to_come(person, now).update(
            status=MeetingStatus.CANCELLED,
            cancelled_at=now,
            sequence=F("sequence") + 1,
            version=F("version") + 1,
        )
    }
    if person.user is not None:
        organised = Meeting.objects.filter(organiser=person.user).update(
            location="", video_url="", agenda="", cancel_message=""
        )
        logged = Meeting.objects.filter(outcome_by=person.user).update(outcome_log="")
        counts["meetings"] = organised + logged
        counts["calendar_feeds"] = CalendarFeed.objects.filter(user=person.user).delete()[0]
    return counts


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Delete the place, agenda and notes of `program`'s meetings."""
    meetings = Meeting.objects.filter(pair__program=program).exclude(**WRITTEN_EMPTY)
    if dry_run:
        return {"meetings": meetings.count()}
    return {"meetings": meetings.update(**WRITTEN_EMPTY)}
