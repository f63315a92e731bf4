"""API token values: how they are made and how they are stored (a SHA-256 hash only)."""

import hashlib
import secrets


def hash_token(token: str) -> str:
    """Return the stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token_value() -> str:
    """Return a fresh random API token value."""
    return "bsc_" + secrets.token_urlsafe(32)
