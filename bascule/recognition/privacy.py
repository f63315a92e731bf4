"""Personal data of the recognition app: the kudos a person received and sent (a kudos's
message is personal data of both), and who may see what they receive (see
bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

The reason HR hid a kudos is read by HR and the recipient only: it is in the recipient's
export, never the sender's. After an erasure, the messages the person received or sent are
emptied and their choice of visibility goes; the rows stay, nameless, for the counts.
"""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from bascule.privacy.base import (
    ACTOR,
    REDACTED,
    SUBJECT,
    Audience,
    Person,
    Plan,
    Record,
    Section,
    item,
)
from bascule.programs.models import Program
from bascule.recognition.models import BadgeAward, Kudos, RecognitionPreference

COVERS = {
    "recognition.Kudos.recipient": SUBJECT,
    "recognition.Kudos.sender": SUBJECT,
    "recognition.Kudos.hidden_by": ACTOR,
    "recognition.RecognitionPreference.employee": SUBJECT,
    "recognition.BadgeAward.employee": SUBJECT,
    "recognition.BadgeAward.awarded_by": ACTOR,
    "recognition.BadgeAward.revoked_by": ACTOR,
}

KINDS = {
    "kudos_messages": gettext_lazy("kudos: messages erased"),
    "recognition_preferences": gettext_lazy("recognition preferences deleted"),
    "badge_reasons": gettext_lazy("badges: reasons erased"),
}


def _mine(person: Person) -> Q:
    q = Q(pk__in=[])
    if person.employee is not None:
        q |= Q(recipient=person.employee)
    if person.user is not None:
        q |= Q(sender=person.user)
    return q


def export(person: Person, *, audience: Audience) -> list[Section]:
    received = Section(key="kudos_received", title=_("Kudos received"))
    sent = Section(key="kudos_sent", title=_("Kudos sent"))
    if person.employee is not None:
        preference = RecognitionPreference.objects.filter(employee=person.employee).first()
        if preference is not None:
            received.records.append(
                Record(
                    _("Who may see the kudos I receive"),
                    [
                        item(
                            "cap",
                            _("Who may see them"),
                            preference.cap,
                            preference.get_cap_display(),
                        )
                    ],
                )
            )
        for kudos in Kudos.objects.filter(recipient=person.employee).select_related(
            "program", "sender__employee"
        ):
            items = [
                item("from", _("From"), kudos.sender_name),
                item("message", _("Message"), kudos.message),
                item(
                    "visibility",
                    _("Visibility asked"),
                    kudos.visibility,
                    kudos.get_visibility_display(),
                ),
                item("on_wall", _("On the wall"), kudos.on_wall),
                item("sent", _("Sent"), kudos.created_at),
            ]
            if kudos.hidden_at is not None:
                items.append(item("hidden_reason", _("Reason for hiding"), kudos.hidden_reason))
            received.records.append(Record(kudos.program.name, items))
    if person.user is not None:
        for kudos in Kudos.objects.filter(sender=person.user).select_related(
            "program", "recipient"
        ):
            sent.records.append(
                Record(
                    kudos.program.name,
                    [
                        item("to", _("To"), kudos.recipient.full_name),
                        item("message", _("Message"), kudos.message),
                        item("sent", _("Sent"), kudos.created_at),
                    ],
                )
            )
    return [received, sent, _badges(person)]


def _badges(person: Person) -> Section:
    """The person's badges, revoked ones with HR's reason (the holder reads it)."""
    section = Section(key="badges", title=_("Badges"))
    if person.employee is None:
        return section
    for award in BadgeAward.objects.filter(employee=person.employee).select_related(
        "badge", "program"
    ):
        items = [
            item("badge", _("Badge"), award.badge.slug, award.badge.name_in(get_language())),
            item("program", _("Program"), award.program.name if award.program else ""),
            item("awarded", _("Awarded"), award.awarded_at),
            item("automatic", _("Awarded automatically"), award.awarded_by_id is None),
            item("reason", _("Reason"), award.reason),
        ]
        if award.revoked_at is not None:
            items.append(item("revoked", _("Revoked"), award.revoked_at))
            items.append(item("revoked_reason", _("Reason for revoking"), award.revoked_reason))
        section.records.append(Record(award.badge.name_in(get_language()), items))
    return section


def _reasons(awards):
    return awards.exclude(reason="", revoked_reason="")


def erasure_plan(person: Person) -> Plan:
    messages = Kudos.objects.filter(_mine(person)).exclude(message=REDACTED).count()
    reasons = (
        _reasons(BadgeAward.objects.filter(employee=person.employee)).count()
        if person.employee is not None
        else 0
    )
    plan = Plan()
    if messages:
        plan.erase.append(
            ngettext(
                "The message of %(count)s kudos received or sent.",
                "The messages of %(count)s kudos received or sent.",
                messages,
            )
            % {"count": messages}
        )
        plan.keep.append(
            _("The kudos themselves, with no message: the program's counts still add up.")
        )
    if reasons:
        plan.erase.append(
            ngettext(
                "The reasons given with %(count)s badge.",
                "The reasons given with %(count)s badges.",
                reasons,
            )
            % {"count": reasons}
        )
        plan.keep.append(_("The badges themselves, with no reason: the counts still add up."))
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    erased = Kudos.objects.filter(_mine(person)).exclude(message=REDACTED)
    counts = {"kudos_messages": erased.update(message=REDACTED, hidden_reason="", on_wall=False)}
    if person.employee is not None:
        counts["badge_reasons"] = _reasons(
            BadgeAward.objects.filter(employee=person.employee)
        ).update(reason="", revoked_reason="")
        counts["recognition_preferences"] = RecognitionPreference.objects.filter(
            employee=person.employee
        ).delete()[0]
    return counts


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Erase the messages and hiding reasons of the program's kudos and the reasons of its
    badges; the rows stay."""
    held = Kudos.objects.filter(program=program).exclude(message=REDACTED)
    reasons = _reasons(BadgeAward.objects.filter(program=program))
    if dry_run:
        return {"kudos_messages": held.count(), "badge_reasons": reasons.count()}
    return {
        "kudos_messages": held.update(message=REDACTED, hidden_reason="", on_wall=False),
        "badge_reasons": reasons.update(reason="", revoked_reason=""),
    }
