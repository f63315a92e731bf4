"""Signals the programs app sends, for the apps built on it (the pairing app ends the pairs
of a participant who withdraws). Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# Sent by enrollment_services.application_withdraw once the application is withdrawn;
# arguments: actor, application.
application_withdrawn = Signal()
