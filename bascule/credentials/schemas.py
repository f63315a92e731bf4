"""The shapes of the credentials API (bascule/credentials/api.py)."""

import datetime as dt

from ninja import Field, Schema

from bascule.credentials.models import ENDORSEMENT_MAX

# A signed credential with its endorsements is a few kilobytes; far more is not one.
CREDENTIAL_MAX = 100_000


class CredentialOut(Schema):
    id: str = Field(description="The credential's id", examples=["urn:uuid:0b7d1c9e-…"])
    kind: str = Field(description="certificate or badge", examples=["certificate"])
    jwt: str = Field(description="The signed OpenBadgeCredential (VC-JWT, compact form)")
    valid_from: dt.datetime


class EndorsableOut(Schema):
    certificate_id: int
    holder: str = Field(examples=["Léa Martin"])
    program: str = Field(examples=["Mentorat inversé 2026"])
    role: str = Field(description="mentor or mentee", examples=["mentor"])
    issued_at: dt.datetime
    endorsed: bool = Field(description="Whether the caller has endorsed it already")


class EndorseIn(Schema):
    text: str = Field(
        max_length=ENDORSEMENT_MAX * 4,
        description=f"What the partner brought you ({ENDORSEMENT_MAX} characters at most)",
        examples=["Léa showed me how our clients use the app, with patience and humour."],
    )


class EndorsementOut(Schema):
    id: str = Field(description="The endorsement's id", examples=["urn:uuid:5f0c…"])
    credential_id: str = Field(description="The id of the credential endorsed")
    endorser_name: str
    text: str
    created_at: dt.datetime


class VerifyIn(Schema):
    credential: str = Field(
        max_length=CREDENTIAL_MAX,
        description="The signed credential (VC-JWT, compact form)",
        examples=["eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6IkpXVCJ9.eyJ…"],
    )
    email: str | None = Field(
        None,
        max_length=254,
        description="Optional: the holder's e-mail address, checked against the credential",
        examples=["lea.martin@example.com"],
    )


class CheckOut(Schema):
    name: str = Field(
        description="format, algorithm, issuer_key, signature, claims, structure, dates, "
        "status or holder",
        examples=["signature"],
    )
    passed: bool
    detail: str = ""


class EndorsementShownOut(Schema):
    name: str
    text: str


class VerifyOut(Schema):
    status: str = Field(
        description="valid, revoked, expired, not_yet_valid, wrong_holder, invalid, foreign or "
        "unreadable",
        examples=["valid"],
    )
    checks: list[CheckOut]
    holder_name: str = ""
    achievement: str = ""
    issuer_name: str = ""
    valid_from: dt.datetime | None = None
    endorsements: list[EndorsementShownOut] = []
