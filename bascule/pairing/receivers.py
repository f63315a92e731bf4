"""What the pairing app does when the programs app says something happened."""

from typing import Any

from django.dispatch import receiver

from bascule.pairing import lifecycle
from bascule.programs.signals import application_withdrawn


@receiver(application_withdrawn, dispatch_uid="pairing.end_pairs_on_withdrawal")
def end_pairs_on_withdrawal(sender: Any, *, actor: Any, application: Any, **kwargs: Any) -> None:
    """A participant of a published pair withdrew: the pair ends, the partner and HR are
    told, and the partner can be rematched."""
    lifecycle.pairs_end_on_withdrawal(actor=actor, application=application)
