"""HR's side of training: what each program requires of its mentors and mentees, the kickoff
gate, the completion report with its exports (CSV, XLSX, xAPI) and the reminders sent to
people late (docs/training.md)."""
