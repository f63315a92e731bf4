"""Personal data of the credentials app: the person's signed credentials (of their badges and
certificates), the endorsements they received and those they wrote (see bascule/privacy/base.py
for the contract, docs/privacy.md for the rules).

An erasure deletes the person's credentials (their ids then read as revoked in the status
list, so a copy kept elsewhere no longer verifies) and the endorsements they wrote; the
credentials that carried those are signed again without them.
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.credentials import services
from bascule.credentials.models import Credential, Endorsement
from bascule.privacy.base import SUBJECT, Audience, Person, Plan, Record, Section, item

COVERS = {
    "credentials.Credential.holder": SUBJECT,
    "credentials.Endorsement.endorser": SUBJECT,
}

KINDS = {
    "credentials": gettext_lazy("digital credentials: deleted"),
    "endorsements": gettext_lazy("endorsements written: deleted"),
}


def export(person: Person, *, audience: Audience) -> list[Section]:
    if person.employee is None:
        return []
    held = Section(key="credentials", title=_("Digital credentials (Open Badges)"))
    for c in (
        Credential.objects.filter(holder=person.employee)
        .prefetch_related("endorsements")
        .order_by("created_at", "id")
    ):
        items = [
            item("id", _("Identifier"), c.urn),
            item("kind", _("Kind"), c.kind, c.get_kind_display()),
            item("valid_from", _("Valid from"), c.valid_from),
        ]
        for e in c.endorsements.all():
            items.append(
                item(
                    "endorsement", _("Endorsement by %(name)s") % {"name": e.endorser_name}, e.text
                )
            )
        held.records.append(Record(c.urn, items))
    written = Section(key="endorsements", title=_("Endorsements I wrote"))
    for e in Endorsement.objects.filter(endorser=person.employee).select_related(
        "credential__holder"
    ):
        written.records.append(
            Record(
                e.credential.holder.full_name,
                [
                    item("text", _("Endorsement"), e.text),
                    item("created_at", _("Written"), e.created_at),
                ],
            )
        )
    return [held, written]


def erasure_plan(person: Person) -> Plan:
    plan = Plan()
    if person.employee is None:
        return plan
    held = Credential.objects.filter(holder=person.employee).count()
    plan.erase_if(
        held,
        ngettext(
            "%(count)s digital credential (it then verifies as revoked).",
            "%(count)s digital credentials (they then verify as revoked).",
            held,
        )
        % {"count": held},
    )
    written = Endorsement.objects.filter(endorser=person.employee).count()
    plan.erase_if(
        written,
        ngettext(
            "%(count)s endorsement written for a partner (their credential is signed again "
            "without it).",
            "%(count)s endorsements written for partners (their credentials are signed again "
            "without them).",
            written,
        )
        % {"count": written},
    )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.employee is None:
        return {}
    written = list(
        Endorsement.objects.filter(endorser=person.employee).select_related("credential")
    )
    touched = {e.credential for e in written}
    Endorsement.objects.filter(pk__in=[e.pk for e in written]).delete()
    for credential in touched:
        if credential.holder_id != person.employee.pk:
            services.resign(credential)
    held = Credential.objects.filter(holder=person.employee)
    count = held.count()
    held.delete()
    return {"credentials": count, "endorsements": len(written)}
