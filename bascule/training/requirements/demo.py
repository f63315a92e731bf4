"""The demo's training requirements: the pilot asks its mentors to take reverse mentoring,
mentoring a senior colleague and active listening, its mentees reverse mentoring, learning
from a junior colleague, active listening and feedback; active listening before the
kickoff for both; everything due 21 days after the program's start. The modules come from
the built-in catalog (installed first); a module missing is skipped."""

from bascule.programs.models import Program
from bascule.training.models import DueAnchor, Module, Requirement

MENTORS = ("reverse-mentoring", "mentoring-a-senior-colleague", "active-listening")
MENTEES = (
    "reverse-mentoring",
    "learning-from-a-junior-colleague",
    "active-listening",
    "feedback",
)
BEFORE_KICKOFF = {"active-listening"}
DUE_DAYS = 21


def require_pilot_training(*, program: Program) -> int:
    """Add the pilot's requirements (those missing); return how many exist for it."""
    modules = {m.slug: m for m in Module.objects.filter(slug__in={*MENTORS, *MENTEES})}
    for role, slugs in (("mentor", MENTORS), ("mentee", MENTEES)):
        for slug in slugs:
            module = modules.get(slug)
            if module is None:
                continue
            Requirement.objects.get_or_create(
                program=program,
                module=module,
                role=role,
                defaults={
                    "due_days": DUE_DAYS,
                    "anchor": DueAnchor.PROGRAM_START,
                    "gates_kickoff": slug in BEFORE_KICKOFF,
                },
            )
    return Requirement.objects.filter(program=program).count()
