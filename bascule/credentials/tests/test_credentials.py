"""Signed Open Badges credentials: what is signed, what verifies, and each tampering refused
(a character of the subject, an expired date, a revoked id, a key of another issuer)."""

import base64
import datetime as dt
import hashlib
import io
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.core.management import call_command
from django.test import override_settings
from pypdf import PdfReader

from bascule.certificates import pdf
from bascule.certificates import services as certificate_services
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.credentials import documents, keys, selectors, services, tokens, verify
from bascule.credentials.models import Algorithm, Credential, SigningKey

pytestmark = pytest.mark.django_db


def _payload(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _resign_with(payload: dict, private, kid: str, alg: str = "EdDSA") -> str:
    return jwt.encode(payload, private, algorithm=alg, headers={"kid": kid, "typ": "JWT"})


def test_issuing_a_certificate_signs_its_open_badge(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    header = jwt.get_unverified_header(credential.token)
    assert set(header) == {"alg", "kid", "typ"}
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    assert header["kid"] == documents.absolute("key", kid=credential.key.kid)
    body = _payload(credential.token)
    assert body["@context"] == documents.CONTEXT
    assert body["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert body["id"] == body["jti"] == credential.urn
    assert body["iss"] == body["issuer"]["id"] == documents.absolute("issuer")
    assert body["nbf"] == int(credential.valid_from.timestamp())
    subject = body["credentialSubject"]
    email = next(i for i in subject["identifier"] if i["identityType"] == "emailAddress")
    digest = hashlib.sha256((issued["mentor"].email.lower() + email["salt"]).encode())
    assert email["identityHash"] == "sha256$" + digest.hexdigest()
    assert issued["mentor"].email not in credential.token
    assert subject["achievement"]["criteria"]["narrative"]
    assert body["credentialStatus"]["statusListIndex"] == str(credential.pk)
    assert verify.verify(credential.token).status == "valid"


def test_the_holder_email_is_checked_when_given(issued):
    token = Credential.objects.get(certificate=issued["mentee_certificate"]).token
    right = verify.verify(token, email=issued["mentee"].email.upper())
    assert right.status == "valid" and right.email_matches is True
    wrong = verify.verify(token, email=issued["mentor"].email)
    assert wrong.status == "wrong_holder" and wrong.email_matches is False


def test_one_character_of_the_subject_changed_is_refused(issued):
    token = Credential.objects.get(certificate=issued["mentor_certificate"]).token
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    name = claims["credentialSubject"]["identifier"][1]
    name["identityHash"] = "X" + name["identityHash"][1:]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    outcome = verify.verify(f"{head}.{forged}.{signature}")
    assert outcome.status == "invalid"
    assert [c.name for c in outcome.checks if not c.passed] == ["signature"]
    # And one character of the token itself.
    flipped = body[:40] + ("A" if body[40] != "A" else "B") + body[41:]
    assert verify.verify(f"{head}.{flipped}.{signature}").status in {"invalid", "unreadable"}


def test_expired_and_not_yet_valid_credentials_are_refused(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    document = services.document(credential)
    document["validUntil"] = "2020-01-01T00:00:00Z"
    expired = tokens.sign(document, credential.key)
    assert verify.verify(expired).status == "expired"
    document = services.document(credential)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    outcome = verify.verify(credential.token, now=later - dt.timedelta(days=3650))
    assert outcome.status == "not_yet_valid"
    assert verify.verify(credential.token, now=later).status == "valid"


def test_a_revoked_certificate_revokes_its_credential_and_the_status_list_says_so(
    issued, company, client
):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    other = Credential.objects.get(certificate=issued["mentee_certificate"])
    certificate_services.revoke(
        actor=company.alice,
        certificate_id=issued["mentor_certificate"].pk,
        reason="Erreur de saisie",
        tell=False,
    )
    assert verify.verify(credential.token).status == "revoked"
    assert verify.verify(other.token).status == "valid"
    response = client.get("/ob/status/0/")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    status = jwt.decode(
        response.content,
        jwt.PyJWK(credential.key.public_jwk, algorithm="EdDSA"),
        algorithms=["EdDSA"],
        options={"verify_nbf": False},
    )
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    bits = documents.decode_bits(status["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == documents.STATUS_LIST_SIZE
    assert documents.is_set(bits, credential.pk) and not documents.is_set(bits, other.pk)


def test_an_erased_holder_credential_verifies_as_revoked(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    token, index = credential.token, credential.pk
    issued["mentor_certificate"].delete()
    assert not Credential.objects.filter(pk=index).exists()
    assert verify.verify(token).status == "revoked"
    assert index in selectors.revoked_positions(0)


def test_a_key_of_another_issuer_is_refused(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    stranger = ed25519.Ed25519PrivateKey.generate()
    body = _payload(credential.token)
    # Signed by another key that claims to be ours: the signature fails.
    ours = jwt.get_unverified_header(credential.token)["kid"]
    impostor = verify.verify(_resign_with(body, stranger, ours))
    assert impostor.status == "invalid"
    # Signed by another issuer's key, named as theirs: not this organisation's.
    foreign = verify.verify(_resign_with(body, stranger, "https://elsewhere.example/keys/1"))
    assert foreign.status == "foreign"
    # The algorithm "none" is never accepted.
    unsigned = jwt.encode(body, None, algorithm="none", headers={"kid": ours})
    assert verify.verify(unsigned).status == "invalid"


def test_another_issuer_named_in_the_credential_is_refused_even_if_signed_by_us(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    document = services.document(credential)
    document["issuer"] = {**document["issuer"], "id": "https://elsewhere.example/issuer"}
    outcome = verify.verify(tokens.sign(document, credential.key))
    assert outcome.status == "invalid"
    assert "issuer" in next(c.detail for c in outcome.checks if not c.passed)


def test_the_vcdm_1_1_vc_claim_is_read_too(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    body = _payload(credential.token)
    wrapped = {k: body[k] for k in ("iss", "jti", "nbf")} | {"vc": body}
    token = _resign_with(
        wrapped,
        keys.private_key(credential.key),
        jwt.get_unverified_header(credential.token)["kid"],
    )
    assert verify.verify(token).status == "valid"


def test_rotation_keeps_old_credentials_valid_and_withdrawal_does_not(issued, award):
    old = Credential.objects.get(certificate=issued["mentor_certificate"])
    new_key = keys.rotate(Algorithm.RS256)
    fresh = services.for_award(award)
    assert fresh.key == new_key and jwt.get_unverified_header(fresh.token)["alg"] == "RS256"
    assert verify.verify(fresh.token).status == "valid"
    assert verify.verify(old.token).status == "valid"
    assert {k.kid for k in keys.published()} == {old.key.kid, new_key.kid}
    keys.withdraw(old.key.kid)
    assert verify.verify(old.token).status == "foreign"
    assert verify.verify(fresh.token).status == "valid"


def test_the_private_key_is_stored_encrypted_and_needs_the_secret(issued):
    key = SigningKey.objects.get()
    stored = bytes(key.private_key)
    assert stored.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert keys.private_key(key) is not None
    with (
        override_settings(CREDENTIAL_KEY_SECRET="another secret"),
        pytest.raises(DomainError) as refused,
    ):
        keys.private_key(key)
    assert refused.value.code == "key_locked"


def test_the_certificate_pdf_carries_its_credential(issued):
    data = pdf.render_pdf(issued["mentor_certificate"], "fr")
    reader = PdfReader(io.BytesIO(data))
    assert list(reader.attachments) == ["credential.jwt"]
    token = reader.attachments["credential.jwt"][0].decode()
    assert token == Credential.objects.get(certificate=issued["mentor_certificate"]).token
    outcome = verify.verify_bytes(data, email=issued["mentor"].email)
    assert outcome.status == "valid"
    assert outcome.holder_name == issued["mentor_certificate"].holder_name


def test_a_badge_credential_is_signed_once(award):
    first = services.for_award(award)
    again = services.for_award(award)
    assert first.pk == again.pk and first.token == again.token
    body = _payload(first.token)
    achievement = body["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Badge"
    assert achievement["image"]["id"].startswith("data:image/svg+xml;base64,")
    assert verify.verify(first.token).status == "valid"
    award.revoked_at = dt.datetime.now(dt.UTC)
    award.save()
    assert verify.verify(first.token).status == "revoked"


def test_the_partner_endorses_once_and_the_credential_carries_it(issued, company):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    before = credential.token
    services.endorse(
        actor=company.alice,
        credential=credential,
        endorser=issued["mentee"],
        text="  Patient, clair, il m'a appris à utiliser l'IA au quotidien.\x00 ",
    )
    credential.refresh_from_db()
    assert credential.token != before
    assert verify.verify(before).status == "valid"
    outcome = verify.verify(credential.token)
    assert outcome.status == "valid"
    assert outcome.endorsements == [
        {
            "name": f"Endorsement by {issued['mentee'].full_name}",
            "text": "Patient, clair, il m'a appris à utiliser l'IA au quotidien.",
        }
    ]
    with pytest.raises(ConflictError):
        services.endorse(
            actor=company.alice, credential=credential, endorser=issued["mentee"], text="Encore"
        )
    with pytest.raises(ValidationFailed):
        services.endorse(
            actor=company.alice, credential=credential, endorser=issued["mentor"], text=" \x00 "
        )


def test_a_forged_endorsement_is_left_out(issued):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    stranger = ed25519.Ed25519PrivateKey.generate()
    fake = jwt.encode(
        {"type": ["EndorsementCredential"], "credentialSubject": {"id": credential.urn}},
        stranger,
        algorithm="EdDSA",
    )
    document = services.document(credential)
    document["endorsementJwt"] = [fake]
    outcome = verify.verify(tokens.sign(document, credential.key))
    assert outcome.status == "valid" and outcome.endorsements == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02",
        b"\xff\xfe bad utf-8",
        b"not.a.jwt",
        b"%PDF-1.7 broken",
        b'{"jwt": 5}',
        b"[]",
        "a.\ud800.b".encode("utf-8", "surrogatepass"),
        b"e30.e30.e30",
    ],
)
def test_garbage_is_unreadable_or_invalid_never_an_error(issued, data):
    outcome = verify.verify_bytes(data)
    assert outcome.status in {"unreadable", "invalid", "foreign"}
    assert not outcome.valid


def test_the_verify_command(issued, tmp_path, capsys):
    credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    good = tmp_path / "credential.jwt"
    good.write_text(credential.token)
    call_command("verify_credential", str(good), "--email", issued["mentor"].email)
    out = capsys.readouterr().out
    assert "result: valid" in out and "ok   signature" in out
    bad = tmp_path / "tampered.jwt"
    bad.write_text(credential.token[:-3] + ("AAA" if credential.token[-3:] != "AAA" else "BBB"))
    with pytest.raises(SystemExit) as failed:
        call_command("verify_credential", str(bad))
    assert failed.value.code == 1
    assert "result: invalid" in capsys.readouterr().out
    the_pdf = tmp_path / "certificate.pdf"
    the_pdf.write_bytes(pdf.render_pdf(issued["mentor_certificate"], "en"))
    call_command("verify_credential", str(the_pdf))
    assert "result: valid" in capsys.readouterr().out


def test_the_keys_command_rotates_and_guards_withdrawal(issued, capsys):
    first = SigningKey.objects.get()
    call_command("credential_keys", "rotate", "--algorithm", "RS256")
    assert "RS256" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("credential_keys", "withdraw", first.kid)
    assert SigningKey.objects.get(pk=first.pk).withdrawn_at is None
    call_command("credential_keys", "withdraw", first.kid, "--yes")
    assert "2 credentials no longer verify" in capsys.readouterr().out


def test_the_data_export_and_the_erasure(issued, company):
    from bascule.privacy import services as privacy_services
    from bascule.privacy.base import Audience, Person
    from bascule.privacy.selectors import person_export

    mentor_credential = Credential.objects.get(certificate=issued["mentor_certificate"])
    services.endorse(
        actor=company.alice,
        credential=mentor_credential,
        endorser=issued["mentee"],
        text="Une aide précieuse.",
    )
    mentee = Person.of(employee=issued["mentee"])
    sections = {s.key: s for s in person_export(person=mentee, audience=Audience.SELF).sections}
    assert len(sections["credentials"].records) == 1
    assert sections["endorsements"].records[0].items[0].value == "Une aide précieuse."
    mentee_token = Credential.objects.get(certificate=issued["mentee_certificate"]).token
    privacy_services.person_erase(
        actor=company.alice, person=mentee, confirmation=mentee.confirmation_text
    )
    assert verify.verify(mentee_token).status == "revoked"
    mentor_credential.refresh_from_db()
    outcome = verify.verify(mentor_credential.token)
    assert outcome.status == "valid" and outcome.endorsements == []
