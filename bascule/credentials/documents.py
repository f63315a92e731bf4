"""The Open Badges 3.0 documents, as the JSON that is signed: the issuer's profile, the
OpenBadgeCredential of a certificate or a badge, the EndorsementCredential of a partner's
sentence and the revocation status list (W3C Bitstring Status List).

Data model: W3C Verifiable Credentials 2.0 with the Open Badges 3.0 context. The holder is
identified by a salted SHA-256 hash of their e-mail address (`identityType` emailAddress) and
their name; the achievement carries its criteria in words and, for a certificate, an alignment
to each skill that has an ESCO URI.
"""

import base64
import datetime as dt
import gzip
import hashlib
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from bascule.certificates.models import Certificate, CertificateSettings
from bascule.credentials.addresses import absolute
from bascule.programs.models import ParticipantRole
from bascule.recognition.badges import art
from bascule.recognition.models import BadgeAward

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
# One status list holds this many credentials (the W3C minimum, for herd privacy).
STATUS_LIST_SIZE = 131072


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def email_hash(email: str, salt: str) -> str:
    normalised = (email or "").strip().lower()
    return "sha256$" + hashlib.sha256((normalised + salt).encode()).hexdigest()


def issuer() -> dict[str, Any]:
    return {
        "id": absolute("issuer"),
        "type": ["Profile"],
        "name": settings.ORGANISATION_NAME,
        "url": settings.SITE_URL.rstrip("/") + "/",
    }


def issuer_profile() -> dict[str, Any]:
    """The profile served at the issuer's id, with where its keys are."""
    return {"@context": CONTEXT, **issuer(), "publicKey": absolute("keys")}


def status_entry(index: int) -> dict[str, Any]:
    number, position = divmod(index, STATUS_LIST_SIZE)
    url = absolute("status", number=number)
    return {
        "id": f"{url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def encode_bits(revoked: set[int]) -> str:
    """The list as the W3C encodes it: bit i (first bit the most significant of the first
    byte) set when position i is revoked, GZIP-compressed, base64url, multibase prefix 'u'."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for position in revoked:
        bits[position // 8] |= 0x80 >> (position % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_bits(encoded: str) -> bytes:
    data = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bits: bytes, position: int) -> bool:
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list(number: int, revoked: set[int], now: dt.datetime) -> dict[str, Any]:
    url = absolute("status", number=number)
    return {
        "@context": CONTEXT[:1],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer(),
        "validFrom": iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(revoked),
        },
    }


def _subject(*, name: str, email: str, salt: str, achievement: dict) -> dict[str, Any]:
    return {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": email_hash(email, salt),
                "salt": salt,
            },
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": name,
            },
        ],
        "achievement": achievement,
    }


def _credential(
    *, urn: str, index: int, name: str, valid_from: dt.datetime, subject: dict, extra: dict
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer(),
        "validFrom": iso(valid_from),
        "credentialSubject": subject,
        "credentialStatus": status_entry(index),
        **extra,
    }


def _criteria(config: CertificateSettings | None, role: str) -> str:
    if config is None:
        return _("Took part in the program to its end.")
    c = config.criteria(role)
    parts = []
    if c["charter_confirmed"]:
        parts.append(_("confirmed the pair's charter"))
    if c["min_meetings"]:
        parts.append(_("held at least %(count)s meetings") % {"count": c["min_meetings"]})
    if c["end_evaluation"]:
        parts.append(_("answered the end evaluation"))
    if c["training_done"]:
        parts.append(_("completed the program's required training"))
    if c["not_ended_early"]:
        parts.append(_("kept the pair to the program's end"))
    if not parts:
        return _("Took part in the program to its end.")
    return _("Awarded to a participant who %(criteria)s.") % {"criteria": ", ".join(parts)}


def achievement_name(certificate: Certificate) -> str:
    if certificate.role == ParticipantRole.MENTOR:
        return _("Reverse mentor — %(program)s") % {"program": certificate.program_name}
    return _("Mentee in reverse mentoring — %(program)s") % {"program": certificate.program_name}


def certificate_credential(
    certificate: Certificate,
    *,
    urn: str,
    index: int,
    email: str,
    salt: str,
    extra: dict,
    config: CertificateSettings | None | bool = False,
) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate, written in the holder's language. `config`:
    the program's settings when the caller has read them (None: it has none)."""
    language = certificate.language if certificate.language in ("fr", "en") else "fr"
    if config is False:
        config = CertificateSettings.objects.filter(program_id=certificate.program_id).first()
    with translation.override(language):
        name = achievement_name(certificate)
        skills = [*certificate.skills_shared, *certificate.skills_developed]
        alignment = [
            {
                "type": ["Alignment"],
                "targetName": s.get(language) or s.get("fr") or s.get("en") or "",
                "targetUrl": s["uri"],
                "targetFramework": "ESCO",
                "targetType": "ext:ESCOSkill",
            }
            for s in skills
            if str(s.get("uri", "")).startswith(("http://", "https://"))
        ]
        description = (certificate.wording or {}).get(language) or _(
            "Completion of the reverse mentoring program %(program)s, from %(start)s to %(end)s."
        ) % {
            "program": certificate.program_name,
            "start": certificate.starts_on.isoformat(),
            "end": certificate.ends_on.isoformat(),
        }
        achievement: dict[str, Any] = {
            "id": absolute(
                "program_achievement", program_id=certificate.program_id, role=certificate.role
            ),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": name,
            "description": description,
            "criteria": {"narrative": _criteria(config, certificate.role)},
            "inLanguage": language,
        }
        if alignment:
            achievement["alignment"] = alignment
        tags = [s.get(language) or "" for s in skills if s.get(language)]
        if tags:
            achievement["tag"] = tags
        evidence = [
            {
                "type": ["Evidence"],
                "name": _("Meetings held"),
                "narrative": _("%(count)s meetings held, %(hours)s hours in all.")
                % {"count": certificate.meetings_held, "hours": certificate.hours},
            }
        ]
        subject = _subject(
            name=certificate.holder_name, email=email, salt=salt, achievement=achievement
        )
    return _credential(
        urn=urn,
        index=index,
        name=name,
        valid_from=certificate.issued_at,
        subject=subject,
        extra={"evidence": evidence, **extra},
    )


def badge_image(award: BadgeAward, language: str) -> dict[str, Any]:
    svg = str(art.badge_svg(award.badge, name=award.badge.name_in(language), size=256)).encode()
    return {
        "id": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
        "type": "Image",
    }


def badge_credential(
    award: BadgeAward,
    *,
    urn: str,
    index: int,
    holder_name: str,
    email: str,
    salt: str,
    language: str,
    extra: dict,
) -> dict[str, Any]:
    badge = award.badge
    achievement = {
        "id": absolute("badge_achievement", slug=badge.slug),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge.name_in(language),
        "description": badge.description_in(language) or badge.name_in(language),
        "criteria": {"narrative": badge.criteria_in(language) or award.reason or "-"},
        "image": badge_image(award, language),
        "inLanguage": language,
    }
    subject = _subject(name=holder_name, email=email, salt=salt, achievement=achievement)
    return _credential(
        urn=urn,
        index=index,
        name=badge.name_in(language),
        valid_from=award.awarded_at,
        subject=subject,
        extra=extra,
    )


def endorsement_credential(
    *, urn: str, endorsed_urn: str, endorser_name: str, text: str, created: dt.datetime
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": urn,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": _("Endorsement by %(name)s") % {"name": endorser_name},
        "issuer": issuer(),
        "validFrom": iso(created),
        "credentialSubject": {
            "id": endorsed_urn,
            "type": ["EndorsementSubject"],
            "endorsementComment": text,
        },
    }
