"""Nothing of the mentoring journey is registered in the admin, on purpose.

A pair's kickoff, goals and notes belong to its two members: HR reads activity (the audit
log), never content, and a private note is read by its author only — not by an administrator
either. The admin therefore has no page for these models; the audit log's entries about them
hold the action and the pair, never a text (see docs/journey.md).
"""
