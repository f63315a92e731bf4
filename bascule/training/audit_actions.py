"""The audit actions recorded by training, learner's side: the catalog installed, sections
read, quiz attempts, reflections (named, never quoted: a reflection is its author's only)."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import (
    Detail,
    describe_action,
    describe_object,
    field_names,
    number,
)

describe_object("training.module", parts=lambda module: {"module": module.slug})
describe_object(
    "training.progress",
    parts=lambda progress: {"module": progress.module.slug},
    related=("module",),
)
describe_object(
    "training.reflection",
    parts=lambda reflection: {"module": reflection.module.slug},
    related=("module",),
)

describe_action(
    "training.module_installed",
    label=_("Training module installed"),
    sentence=_("%(actor)s installed the training module “%(module)s”"),
    details={"version": Detail(_("Version"), number)},
)
describe_action(
    "training.module_updated",
    label=_("Training module updated"),
    sentence=_("%(actor)s updated the training module “%(module)s”"),
    details={
        "version": Detail(_("Version published"), number),
        "fields": Detail(_("Changed"), field_names("training.module")),
    },
)
describe_action(
    "training.section_read",
    label=_("Training section read"),
    sentence=_("%(actor)s read section %(section)s of the training module “%(module)s”"),
    details={
        "section": Detail(_("Section"), number),
        "completed": Detail(_("Module completed")),
    },
)
describe_action(
    "training.quiz_submitted",
    label=_("Training quiz taken"),
    sentence=_("%(actor)s took the quiz of the training module “%(module)s” (attempt %(attempt)s)"),
    details={
        "attempt": Detail(_("Attempt"), number),
        "score": Detail(_("Score (%)"), number),
        "passed": Detail(_("Passed")),
        "completed": Detail(_("Module completed")),
    },
)
describe_action(
    "training.reflection_saved",
    label=_("Training reflection saved"),
    sentence=_("%(actor)s saved their reflection on the training module “%(module)s”"),
    details={"shared": Detail(_("“One thing I will try” shared with a pair"))},
)

# HR's authoring (bascule/training/authoring/): the module's slug and version, never its text.
describe_action(
    "training.module_created",
    label=_("Training module created"),
    sentence=_("%(actor)s created the training module “%(module)s”"),
    details={"version": Detail(_("Version"), number), "language": Detail(_("Language"))},
)
describe_action(
    "training.module_edited",
    label=_("Training module draft saved"),
    sentence=_("%(actor)s saved the draft of the training module “%(module)s”"),
    details={
        "version": Detail(_("Version"), number),
        "language": Detail(_("Language")),
        "new_draft": Detail(_("New draft")),
    },
)
describe_action(
    "training.module_published",
    label=_("Training module published"),
    sentence=_("%(actor)s published the training module “%(module)s”"),
    details={"version": Detail(_("Version published"), number)},
)
describe_action(
    "training.module_duplicated",
    label=_("Training module duplicated"),
    sentence=_("%(actor)s made the training module “%(module)s” as a copy"),
    details={"source": Detail(_("Copied from"))},
)
describe_action(
    "training.module_retired",
    label=_("Training module retired"),
    sentence=_("%(actor)s retired the training module “%(module)s”"),
)
describe_action(
    "training.module_unretired",
    label=_("Training module brought back"),
    sentence=_("%(actor)s brought the training module “%(module)s” back into the library"),
)
