"""The audit actions recorded by the core: the administration site and the demo data.

The details of a change in the administration site are the fields changed, named by the
changed object's own field labels (see audit_registry).
"""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import Detail, describe_action, number

describe_action(
    "admin.add",
    label=_("Added in the administration site"),
    sentence=_("%(actor)s added %(object)s in the administration site"),
)
describe_action(
    "admin.change",
    label=_("Changed in the administration site"),
    sentence=_("%(actor)s changed %(object)s in the administration site"),
)
describe_action(
    "admin.delete",
    label=_("Deleted in the administration site"),
    sentence=_("%(actor)s deleted %(object)s in the administration site"),
)
describe_action(
    "demo.seeded",
    label=_("Demo data created"),
    sentence=_(
        "%(actor)s created the demo company: %(employees)s employees, %(programs)s programs"
    ),
    details={
        "employees": Detail(_("Employees"), number),
        "programs": Detail(_("Programs"), number),
        "seed": Detail(_("Random seed")),
    },
)
