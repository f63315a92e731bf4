"""The training's kickoff gate (bascule/journey/gates.py): a member of a pair confirms the
charter only once they have completed the modules their program requires before the
kickoff of their role."""

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bascule.journey.gates import Blocker
from bascule.training.models import ModuleStatus, Progress, Requirement
from bascule.training.requirements.selectors import module_title
from bascule.training.selectors import due_on


def module_url(slug: str) -> str:
    """The learner's page of a module (the library when the reader is not installed)."""
    try:
        return reverse("training:module", kwargs={"slug": slug})
    except NoReverseMatch:
        return "/training/"


def training_gate(pair: Any, employee: Any) -> list[Blocker]:
    """The modules `employee` must still complete before confirming `pair`'s charter."""
    if employee.pk not in (pair.mentor_id, pair.mentee_id):
        return []
    role = "mentor" if employee.pk == pair.mentor_id else "mentee"
    requirements = list(
        Requirement.objects.filter(
            program_id=pair.program_id,
            role=role,
            gates_kickoff=True,
            module__status=ModuleStatus.PUBLISHED,
        )
        .select_related("module__published", "program")
        .order_by("module__position", "module__slug")
    )
    if not requirements:
        return []
    done = set(
        Progress.objects.filter(
            employee=employee,
            module_id__in=[r.module_id for r in requirements],
            completed_at__isnull=False,
        ).values_list("module_id", flat=True)
    )
    blockers = []
    for requirement in requirements:
        if requirement.module_id in done:
            continue
        title = module_title(requirement.module)
        due = due_on(requirement, requirement.program, pair.published_at)
        message = (
            _("%(module)s (due %(date)s)")
            % {"module": title, "date": date_format(due, "DATE_FORMAT")}
            if due
            else title
        )
        blockers.append(Blocker(message=message, url=module_url(requirement.module.slug)))
    return blockers
