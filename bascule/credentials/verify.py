"""Verifying an Open Badges credential, as `manage.py verify_credential` and the /ob/verify/
page do: the steps of the Open Badges 3.0 verification (section "Verification") that apply to
a VC-JWT issued by this organisation.

1. Read the token: a compact JWT, as text, in a JSON file (`{"jwt": …}` or a list), or embedded
   in a certificate PDF (its `credential.jwt` attachment).
2. The key: the header's `kid` must name a key this issuer publishes (a withdrawn key, or a
   key of another issuer, is refused), with its own algorithm (EdDSA or RS256; never "none").
3. The signature over the header and payload (PyJWT with `cryptography`).
4. The payload: an OpenBadgeCredential (or AchievementCredential, or the VCDM 1.1 `vc` claim),
   the JWT claims agreeing with the credential (`iss` = issuer id = this issuer, `jti` = id,
   `nbf` = validFrom), a subject identified by `id` or `identifier`.
5. The dates: not before `validFrom`, not after `validUntil`.
6. The status: revoked when its bit is set in this issuer's status list (read from the
   database here, which is what /ob/status/<n> serves).
7. Optionally the holder: the e-mail given, hashed with the credential's salt, must match.
8. The endorsements it carries are each verified the same way (2 to 5).

The outcome is one word (`valid`, `revoked`, `expired`, `not_yet_valid`, `invalid`,
`foreign`, `unreadable`) with the checks made, each passed or not, and what the credential
says (holder, achievement, issuer, dates, endorsements) when its signature holds.
"""

import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

import jwt
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.credentials import documents, selectors
from bascule.credentials.models import SigningKey

MAX_INPUT = 5 * 1024 * 1024
TYPES = {"OpenBadgeCredential", "AchievementCredential"}
ALGORITHMS = {"EdDSA", "RS256"}


@dataclass
class Check:
    name: str
    passed: bool
    detail: str = ""


@dataclass
class Outcome:
    status: str
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    holder_name: str = ""
    achievement: str = ""
    issuer_name: str = ""
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    credential_id: str = ""
    email_matches: bool | None = None
    endorsements: list[dict[str, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    def failed(self, status: str, name: str, detail: str) -> "Outcome":
        self.checks.append(Check(name, False, detail))
        self.status = status
        return self


def extract_token(data: bytes) -> str | None:
    """The compact JWT in `data` (text, JSON or PDF), or None."""
    if len(data) > MAX_INPUT:
        return None
    if data.startswith(b"%PDF"):
        return _from_pdf(data)
    try:
        text = data.decode("utf-8").strip().lstrip("\ufeff")
    except UnicodeDecodeError:
        return None
    if text.startswith(("{", "[")):
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        if isinstance(parsed, list) and parsed:
            parsed = parsed[0]
        if isinstance(parsed, str):
            text = parsed
        elif isinstance(parsed, dict):
            text = str(parsed.get("jwt") or parsed.get("token") or parsed.get("credential") or "")
        else:
            return None
    parts = text.split(".")
    if len(parts) != 3 or not all(parts[:2]) or any(c.isspace() for c in text):
        return None
    return text


def _from_pdf(data: bytes) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        attachments = PdfReader(io.BytesIO(data)).attachments
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    for name, contents in attachments.items():
        if name.endswith(".jwt") and contents:
            return extract_token(contents[0])
    return None


def _key_for(header: dict[str, Any]) -> SigningKey | None:
    kid = str(header.get("kid") or "")
    if "\x00" in kid or len(kid) > 300:
        return None
    prefix = documents.absolute("keys")
    if kid.startswith(prefix):
        kid = kid[len(prefix) :].strip("/")
    elif "/" in kid or ":" in kid:
        return None
    return SigningKey.objects.filter(kid=kid, withdrawn_at=None).first() if kid else None


def _signed_payload(token: str, outcome: Outcome) -> dict[str, Any] | None:
    """Steps 2 and 3: the payload when the signature holds with one of this issuer's keys."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        outcome.failed("unreadable", "format", _("This is not a signed credential (VC-JWT)."))
        return None
    if not isinstance(header.get("alg"), str) or header["alg"] not in ALGORITHMS:
        outcome.failed("invalid", "algorithm", _("The signature's algorithm is not accepted."))
        return None
    key = _key_for(header)
    if key is None or key.algorithm != header.get("alg"):
        outcome.failed(
            "foreign",
            "issuer_key",
            _(
                "It was not signed with a key of this organisation (another issuer, or a key "
                "withdrawn)."
            ),
        )
        return None
    outcome.checks.append(Check("issuer_key", True, key.kid))
    try:
        public = jwt.PyJWK(key.public_jwk, algorithm=key.algorithm)
        payload = jwt.decode(
            token,
            public,
            algorithms=[key.algorithm],
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
                "require": ["iss", "jti", "nbf"],
            },
        )
    except jwt.MissingRequiredClaimError as exc:
        outcome.failed("invalid", "claims", str(exc))
        return None
    except jwt.InvalidTokenError:
        outcome.failed(
            "invalid", "signature", _("The signature does not match: the credential was altered.")
        )
        return None
    outcome.checks.append(Check("signature", True))
    return payload


def _when(value: Any) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _structure(payload: dict[str, Any], outcome: Outcome, expected: set[str]) -> dict | None:
    """Step 4: the credential inside the payload, agreeing with the JWT's claims."""
    document = payload.get("vc") if isinstance(payload.get("vc"), dict) else payload
    types = document.get("type") or []
    types = [types] if isinstance(types, str) else types
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    subject = document.get("credentialSubject")
    problems = []
    if not expected & set(types):
        problems.append(_("it is not an Open Badges credential"))
    if issuer_id != documents.absolute("issuer") or payload.get("iss") != issuer_id:
        problems.append(_("its issuer is not this organisation"))
    if payload.get("jti") != document.get("id"):
        problems.append(_("its identifier does not match"))
    valid_from = _when(document.get("validFrom"))
    if valid_from is None or int(valid_from.timestamp()) != payload.get("nbf"):
        problems.append(_("its start date does not match"))
    if not isinstance(subject, dict) or not (subject.get("id") or subject.get("identifier")):
        problems.append(_("it does not say whom it was issued to"))
    if problems:
        outcome.failed("invalid", "structure", "; ".join(str(p) for p in problems))
        return None
    outcome.checks.append(Check("structure", True))
    return document


def _dates(document: dict[str, Any], outcome: Outcome, now: dt.datetime) -> bool:
    valid_from = _when(document.get("validFrom"))
    valid_until = _when(document["validUntil"]) if document.get("validUntil") else None
    outcome.valid_from, outcome.valid_until = valid_from, valid_until
    if valid_from and now < valid_from:
        outcome.failed("not_yet_valid", "dates", _("It is not valid yet."))
        return False
    if valid_until and now > valid_until:
        outcome.failed("expired", "dates", _("It has expired."))
        return False
    outcome.checks.append(Check("dates", True))
    return True


def _status(document: dict[str, Any], outcome: Outcome) -> bool:
    entry = document.get("credentialStatus")
    if not entry:
        outcome.checks.append(Check("status", True, _("no status list")))
        return True
    try:
        url = str(entry["statusListCredential"])
        position = int(entry["statusListIndex"])
        prefix = documents.absolute("status", number=0)[: -len("0/")]
        number = int(url[len(prefix) :].strip("/")) if url.startswith(prefix) else -1
    except (KeyError, TypeError, ValueError):
        number, position = -1, -1
    if number < 0 or not 0 <= position < documents.STATUS_LIST_SIZE:
        outcome.failed("invalid", "status", _("Its revocation list is not this issuer's."))
        return False
    index = number * documents.STATUS_LIST_SIZE + position
    if selectors.is_revoked(index, urn=str(document.get("id", ""))):
        outcome.failed("revoked", "status", _("It has been revoked."))
        return False
    outcome.checks.append(Check("status", True))
    return True


def _identity(document: dict[str, Any], outcome: Outcome, email: str | None) -> None:
    identifiers = (document.get("credentialSubject") or {}).get("identifier") or []
    for found in identifiers:
        if not isinstance(found, dict):
            continue
        if found.get("identityType") == "name" and not found.get("hashed"):
            outcome.holder_name = str(found.get("identityHash", ""))
        if email is not None and found.get("identityType") == "emailAddress":
            expected = str(found.get("identityHash", ""))
            salt = str(found.get("salt", ""))
            if found.get("hashed"):
                algorithm, _sep, digest = expected.partition("$")
                if algorithm.lower() != "sha256":
                    continue
                given = hashlib.sha256(((email or "").strip().lower() + salt).encode())
                outcome.email_matches = given.hexdigest() == digest.lower()
            else:
                outcome.email_matches = expected.strip().lower() == email.strip().lower()
    if email is not None:
        outcome.checks.append(
            Check(
                "holder",
                bool(outcome.email_matches),
                "" if outcome.email_matches else _("The e-mail address given is not the holder's."),
            )
        )


def _endorsements(document: dict[str, Any], outcome: Outcome, now: dt.datetime) -> None:
    for token in document.get("endorsementJwt") or []:
        inner = Outcome(status="valid")
        payload = _signed_payload(str(token), inner)
        found = payload and _structure(payload, inner, {"EndorsementCredential"})
        if not found or not _dates(found, inner, now):
            continue
        subject = found.get("credentialSubject") or {}
        if subject.get("id") != document.get("id"):
            continue
        outcome.endorsements.append(
            {"name": str(found.get("name", "")), "text": str(subject.get("endorsementComment", ""))}
        )


def verify(
    token: str | None, *, email: str | None = None, now: dt.datetime | None = None
) -> Outcome:
    now = now or timezone.now()
    outcome = Outcome(status="valid")
    if not token:
        return outcome.failed(
            "unreadable", "format", _("No signed credential (VC-JWT) was found in what was given.")
        )
    payload = _signed_payload(token, outcome)
    if payload is None:
        return outcome
    document = _structure(payload, outcome, TYPES)
    if document is None:
        return outcome
    outcome.credential = document
    outcome.credential_id = str(document.get("id", ""))
    issuer = document.get("issuer")
    outcome.issuer_name = str(issuer.get("name", "")) if isinstance(issuer, dict) else ""
    achievement = (document.get("credentialSubject") or {}).get("achievement") or {}
    outcome.achievement = str(achievement.get("name") or document.get("name") or "")
    _identity(document, outcome, email)
    if not _dates(document, outcome, now) or not _status(document, outcome):
        return outcome
    _endorsements(document, outcome, now)
    if email is not None and not outcome.email_matches:
        outcome.status = "wrong_holder"
    return outcome


def verify_bytes(data: bytes, *, email: str | None = None) -> Outcome:
    return verify(extract_token(data), email=email)
