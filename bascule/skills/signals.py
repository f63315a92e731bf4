"""Signals the skills app sends, for the apps that use the taxonomy (the programs app moves
its applications' skills on a merge). Receivers run inside the sender's transaction."""

from django.dispatch import Signal

# Sent by services.skill_merge once both skills are locked and the merge is allowed, before
# `source` points at `target`; arguments: actor, source, target. A receiver moves what
# uses `source` over to `target` and returns a dict of counts (e.g. {"applications_moved":
# 3}), added to the merge's audit entry and result.
skill_merged = Signal()
