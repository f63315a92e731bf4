"""Verification codes: 20 characters of base32 (100 random bits from `secrets`), printed in
four groups of five for reading aloud. Typed codes are read leniently: spaces, dashes and
case are ignored, and the digits people confuse with letters (0, 1, 8) read as O, I, B."""

import secrets

from bascule.certificates.models import CODE_LENGTH

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def grouped(code: str) -> str:
    return "-".join(code[i : i + 5] for i in range(0, len(code), 5))


def normalise(typed: str) -> str | None:
    """The code as stored, or None when `typed` cannot be a code (never looked up)."""
    cleaned = "".join(ch for ch in (typed or "")[:64] if ch not in " -\t").upper()
    cleaned = cleaned.translate(_LOOK_ALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned
