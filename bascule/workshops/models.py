"""Workshops: live training sessions with registration, a waitlist and attendance."""
