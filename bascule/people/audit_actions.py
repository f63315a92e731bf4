"""The audit actions recorded by people: the HR file import and the skills taxonomy."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bascule.core.audit_registry import (
    Detail,
    changed,
    choice,
    describe_action,
    describe_object,
    labelled,
    number,
    plain,
)

describe_object(
    "people.employee",
    parts=lambda employee: {"name": employee.full_name},
    recorded_part="name",
)
describe_object(
    "people.department",
    parts=lambda department: {"department": department.name},
    recorded_part="department",
)
describe_object(
    "people.employeeimport",
    parts=lambda employee_import: {"file": employee_import.filename},
)
describe_object("people.skill", parts=lambda skill: {"skill": skill.label}, recorded_part="skill")
describe_object(
    "people.skillcategory",
    parts=lambda category: {"category": category.name},
    recorded_part="category",
)

IMPORT_COUNTS = {
    "new": _("new records"),
    "updated": _("updated records"),
    "unchanged": _("unchanged records"),
    "left": _("left the company"),
    "errors": _("rows with errors"),
}
SKILL_COUNTS = {
    "new": _("new skills"),
    "updated": _("updated skills"),
    "unchanged": _("unchanged skills"),
    "errors": _("rows with errors"),
}
SKILL_LAYOUTS = [("bascule", _("Bascule's own columns")), ("esco", _("ESCO export"))]
LANGUAGES = [("fr", _("French")), ("en", _("English"))]

describe_action(
    "people.import_uploaded",
    label=_("HR file uploaded"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s uploaded the HR file “%(filename)s” (%(rows)s row)",
            "%(actor)s uploaded the HR file “%(filename)s” (%(rows)s rows)",
            p.count("rows"),
        )
        % p
    ),
    details={"filename": Detail(_("File")), "rows": Detail(_("Rows"), number)},
)
describe_action(
    "people.import_mapped",
    label=_("HR file columns matched"),
    sentence=_("%(actor)s matched the columns of the HR file “%(file)s”"),
    details={"column_mapping": Detail(_("Columns"))},
)
describe_action(
    "people.import_committed",
    label=_("HR file imported"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s imported the HR file “%(filename)s” (%(rows)s row)",
            "%(actor)s imported the HR file “%(filename)s” (%(rows)s rows)",
            p.count("rows"),
        )
        % p
    ),
    details={
        "filename": Detail(_("File")),
        "rows": Detail(_("Rows"), number),
        "full_export": Detail(_("Full export of the company")),
        "clear_blank_cells": Detail(_("Blank cells erase what Bascule has")),
        "confirmed_leavers": Detail(_("Leavers confirmed by typing their number"), number),
        "counts": Detail(_("Result"), labelled(IMPORT_COUNTS)),
    },
)
describe_action(
    "people.import_options_changed",
    label=_("HR file options changed"),
    sentence=_("%(actor)s changed the options of the HR file “%(file)s” before importing it"),
    details={
        "full_export": Detail(_("Full export of the company")),
        "clear_blank_cells": Detail(_("Blank cells erase what Bascule has")),
    },
)

SKILL_FIELDS = {
    name: Detail(show=changed(plain, as_list=True))
    for name in ("label_fr", "label_en", "description_fr", "description_en", "category")
}
describe_action(
    "people.skill_created",
    label=_("Skill created"),
    sentence=_("%(actor)s created the skill “%(skill)s”"),
    details={"slug": Detail(_("Code")), **SKILL_FIELDS},
)
describe_action(
    "people.skill_updated",
    label=_("Skill changed"),
    sentence=_("%(actor)s changed the skill “%(skill)s”"),
    details=SKILL_FIELDS,
)
describe_action(
    "people.skill_merged",
    label=_("Skill merged"),
    sentence=_("%(actor)s merged the skill “%(skill)s” into “%(merged_into)s”"),
    details={
        "merged_into": Detail(_("Merged into (code)")),
        "applications_moved": Detail(_("Applications moved to the other skill"), number),
        "applications_combined": Detail(_("Applications that already had it"), number),
    },
)
describe_action(
    "people.skill_retired",
    label=_("Skill retired"),
    sentence=_("%(actor)s retired the skill “%(skill)s”: it is no longer offered"),
)
describe_action(
    "people.skill_restored",
    label=_("Skill offered again"),
    sentence=_("%(actor)s offered the skill “%(skill)s” again"),
)
describe_action(
    "people.skills_imported",
    label=_("Skills imported"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s imported skills from the file “%(filename)s” (%(rows)s row)",
            "%(actor)s imported skills from the file “%(filename)s” (%(rows)s rows)",
            p.count("rows"),
        )
        % p
    ),
    details={
        "filename": Detail(_("File")),
        "layout": Detail(_("Columns"), choice(SKILL_LAYOUTS)),
        "language": Detail(_("Language"), choice(LANGUAGES)),
        "rows": Detail(_("Rows"), number),
        "counts": Detail(_("Result"), labelled(SKILL_COUNTS)),
    },
)
