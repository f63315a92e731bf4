"""What the evaluations app does when the programs app says something happened."""

from typing import Any

from django.dispatch import receiver

from bascule.evaluations import services
from bascule.programs.signals import program_status_changed


@receiver(program_status_changed, dispatch_uid="evaluations.prepare_surveys")
def prepare_surveys(sender: Any, *, program: Any, **kwargs: Any) -> None:
    """A program moved on (enrollment opened, its pairs were published…): its four surveys
    exist from then on, made from the defaults and the program's dates of that moment."""
    services.ensure_program_surveys(program)
