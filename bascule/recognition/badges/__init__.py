"""Badges earned from real activity (docs/recognition.md, "Badges")."""
