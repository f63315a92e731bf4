"""Personal data of the certificates app: the person's certificates (the facts printed on
them, frozen when issued) and whether others may verify them (see bascule/privacy/base.py for
the contract, docs/privacy.md for the rules).

An erasure deletes the person's certificates: their codes then verify as unknown.
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.certificates.models import Certificate, HolderPreference
from bascule.certificates.selectors import verification_allowed
from bascule.privacy.base import ACTOR, SUBJECT, Audience, Person, Plan, Record, Section, item

COVERS = {
    "certificates.Certificate.holder": SUBJECT,
    "certificates.Certificate.issued_by": ACTOR,
    "certificates.Certificate.revoked_by": ACTOR,
    "certificates.HolderPreference.employee": SUBJECT,
    "certificates.IssueRun.started_by": ACTOR,
}

KINDS = {"certificates": gettext_lazy("certificates: deleted")}


def export(person: Person, *, audience: Audience) -> list[Section]:
    section = Section(key="certificates", title=_("Certificates"))
    if person.employee is None:
        return [section]
    allowed = verification_allowed(person.employee.pk)
    section.records.append(
        Record(
            _("Verification"),
            [item("verification_allowed", _("Others may verify my certificates"), allowed)],
        )
    )
    for c in Certificate.objects.filter(holder=person.employee).order_by("issued_at", "id"):
        items = [
            item("program", _("Program"), c.program_name),
            item("role", _("Role"), c.role, c.get_role_display()),
            item("code", _("Verification code"), c.display_code),
            item("starts_on", _("Start date"), c.starts_on),
            item("ends_on", _("End date"), c.ends_on),
            item("meetings_held", _("Meetings held"), c.meetings_held),
            item("issued_at", _("Issued"), c.issued_at),
        ]
        if c.revoked_at:
            items.append(item("revoked_at", _("Revoked"), c.revoked_at))
            items.append(item("revoked_reason", _("Reason for revoking"), c.revoked_reason))
        section.records.append(Record(c.holder_name, items))
    return [section]


def erasure_plan(person: Person) -> Plan:
    plan = Plan()
    if person.employee is None:
        return plan
    count = Certificate.objects.filter(holder=person.employee).count()
    plan.erase_if(
        count,
        ngettext(
            "%(count)s certificate (its code then verifies as unknown).",
            "%(count)s certificates (their codes then verify as unknown).",
            count,
        )
        % {"count": count},
    )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.employee is None:
        return {}
    deleted, _by_model = Certificate.objects.filter(holder=person.employee).delete()
    HolderPreference.objects.filter(employee=person.employee).delete()
    return {"certificates": deleted}
