"""A program that closes issues its certificates (when its settings say so), in a background
job queued in the closing's transaction."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

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


def closing_note(program) -> list[str]:
    """What closing `program` does with certificates, for the closing's confirmation page:
    how many will be issued, and the criteria nobody can meet."""
    config = CertificateSettings.objects.filter(program=program).first()
    if config is None or not config.issue_at_close:
        return []
    from bascule.certificates import selectors

    found = selectors.eligibility(program)
    notes = [
        _(
            "%(total)s certificates will be issued (%(mentors)s mentors, %(mentees)s mentees); "
            "%(missing)s people do not meet the criteria."
        )
        % {
            "total": len(found.to_issue),
            "mentors": found.count("mentor"),
            "mentees": found.count("mentee"),
            "missing": len(found.not_eligible),
        }
    ]
    return notes + list(found.warnings)
