"""What the programs app does when the skills app says something happened."""

from typing import Any

from django.dispatch import receiver

from bascule.programs.enrollment import services as enrollment_services
from bascule.skills.signals import skill_merged


@receiver(skill_merged, dispatch_uid="programs.move_application_skills_on_merge")
def move_application_skills_on_merge(
    sender: Any, *, source: Any, target: Any, **kwargs: Any
) -> dict[str, int]:
    """A skill was merged into another: the applications that have it get the other one."""
    return enrollment_services.application_skills_merge(source=source, target=target)
