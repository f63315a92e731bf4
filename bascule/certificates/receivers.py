"""A program that closes issues its certificates (when its settings say so), in a background
job queued in the closing's transaction."""

from django.dispatch import receiver

from bascule.certificates.models import CertificateSettings
from bascule.programs.models import ProgramStatus
from bascule.programs.signals import program_status_changed


@receiver(program_status_changed, dispatch_uid="certificates.issue_at_close")
def issue_at_close(sender, *, actor, program, from_status, to_status, **kwargs) -> None:
    if to_status != ProgramStatus.CLOSED:
        return
    config = CertificateSettings.objects.filter(program=program).first()
    if config is None or not config.issue_at_close:
        return
    from bascule.certificates import services

    services.run_start(actor=actor, program=program)
