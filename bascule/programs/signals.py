"""Signals the programs app sends, for the apps built on it (the pairing app ends the pairs
of a participant who withdraws, the evaluations app prepares a program's surveys when it
moves on). Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# Sent by enrollment_services.application_withdraw once the application is withdrawn;
# arguments: actor, application.
application_withdrawn = Signal()

# Sent by services.program_transition once the program has moved; arguments: actor, program,
# from_status, to_status.
program_status_changed = Signal()
