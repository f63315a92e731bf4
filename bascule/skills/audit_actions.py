"""The audit actions recorded by the skills taxonomy.

Their names start with "people." because the taxonomy was part of the people app when they
were first recorded; the entries already in the log keep them.
"""

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

describe_object("skills.skill", parts=lambda skill: {"skill": skill.label}, recorded_part="skill")
describe_object(
    "skills.skillcategory",
    parts=lambda category: {"category": category.name},
    recorded_part="category",
)

SKILL_COUNTS = {
    "new": _("new skills"),
    "updated": _("updated skills"),
    "unchanged": _("unchanged skills"),
    "errors": _("rows with errors"),
}
SKILL_LAYOUTS = [("bascule", _("Bascule's own columns")), ("esco", _("ESCO export"))]
LANGUAGES = [("fr", _("French")), ("en", _("English"))]

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
