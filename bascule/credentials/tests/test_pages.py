"""The credentials' pages and API: the public /ob/ documents and verification, the holder's
downloads, the partner's endorsement, the certificate verification page showing the
endorsements when the holder allows it."""

import jwt
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from bascule.accounts.models import User
from bascule.certificates import pdf
from bascule.certificates import services as certificate_services
from bascule.credentials import keys
from bascule.credentials.models import Credential, Endorsement

pytestmark = pytest.mark.django_db


def _client(employee) -> Client:
    client = Client()
    client.force_login(User.objects.get(employee=employee))
    return client


def _credential(certificate) -> Credential:
    return Credential.objects.get(certificate=certificate)


# --- Public documents ----------------------------------------------------------------------------


def test_the_public_documents(client, issued):
    profile = client.get("/ob/issuer/")
    assert profile.status_code == 200 and "Profile" in profile.json()["type"]
    assert profile["Content-Type"].startswith("application/ld+json")
    key_set = client.get("/ob/keys/").json()
    token = _credential(issued["mentor_certificate"]).token
    header = jwt.get_unverified_header(token)
    jwk = next(k for k in key_set["keys"] if header["kid"].endswith(f"/{k['kid']}/"))
    claims = jwt.decode(
        token,
        jwt.PyJWK(jwk, algorithm=header["alg"]),
        algorithms=[header["alg"]],
        options={"verify_nbf": False},
    )
    assert claims["id"] == _credential(issued["mentor_certificate"]).urn
    assert client.get("/ob/keys/unknown/").status_code == 404
    assert client.get(f"/ob/keys/{jwk['kid']}/").json() == jwk
    assert client.get("/ob/status/0/").status_code == 200
    assert client.get("/ob/status/999/").status_code == 404


def test_the_credential_page(client, issued):
    credential = _credential(issued["mentor_certificate"])
    url = f"/ob/credentials/{credential.uuid}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Valid credential" in page.content.decode()
    raw = client.get(url, HTTP_ACCEPT="application/vc+jwt")
    assert raw["Content-Type"] == "application/vc+jwt"
    assert raw.content.decode() == credential.token
    certificate_services.preference_set(
        actor=None, employee_id=issued["mentor"].pk, verification_allowed=False
    )
    hidden = client.get(url).content.decode()
    assert "No credential can be shown" in hidden and issued["mentor"].full_name not in hidden
    certificate_services.preference_set(
        actor=None, employee_id=issued["mentor"].pk, verification_allowed=True
    )
    certificate_services.revoke(
        actor=None, certificate_id=issued["mentor_certificate"].pk, reason="Error", tell=False
    )
    assert "has been revoked" in client.get(url).content.decode()


# --- /ob/verify/ ---------------------------------------------------------------------------------


def test_verify_a_certificate_pdf(client, issued):
    data = pdf.render_pdf(issued["mentor_certificate"], "en")
    page = client.post(
        "/ob/verify/", {"file": SimpleUploadedFile("certificate.pdf", data, "application/pdf")}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Valid: signed by this organisation" in text
    assert issued["mentor"].full_name in text


def test_verify_a_pasted_token_with_a_wrong_email_and_a_tampered_one(client, issued):
    token = _credential(issued["mentee_certificate"]).token
    wrong = client.post("/ob/verify/", {"text": token, "email": "someone@example.com"})
    assert "not issued to the e-mail address given" in wrong.content.decode()
    head, body, signature = token.split(".")
    flipped = body[:60] + ("A" if body[60] != "A" else "B") + body[61:]
    tampered = client.post("/ob/verify/", {"text": f"{head}.{flipped}.{signature}"})
    assert tampered.status_code == 200
    assert "Valid:" not in tampered.content.decode()


def test_verify_refuses_bad_input_with_a_message(client, issued):
    empty = client.post("/ob/verify/", {})
    assert empty.status_code == 200
    assert "Choose a file or paste a credential." in empty.content.decode()
    binary = client.post("/ob/verify/", {"file": SimpleUploadedFile("x.jwt", b"\xff\xfe\x00\x81")})
    assert binary.status_code == 200
    assert "No digital credential was found" in binary.content.decode()
    big = SimpleUploadedFile("big.jwt", b"a" * (5 * 1024 * 1024 + 10))
    oversized = client.post("/ob/verify/", {"file": big})
    assert oversized.status_code == 200
    assert "This file is too large" in oversized.content.decode()


@override_settings(VERIFY_ATTEMPTS=2)
def test_verify_is_rate_limited(client, issued):
    token = _credential(issued["mentor_certificate"]).token
    for _ in range(2):
        assert client.post("/ob/verify/", {"text": token}).status_code == 200
    refused = client.post("/ob/verify/", {"text": token})
    assert refused.status_code == 429 and refused["Retry-After"]


def test_verify_needs_the_csrf_token(issued):
    strict = Client(enforce_csrf_checks=True)
    token = _credential(issued["mentor_certificate"]).token
    assert strict.post("/ob/verify/", {"text": token}).status_code == 403


# --- Holders and partners ------------------------------------------------------------------------


def test_the_holder_downloads_their_credential_and_not_someone_elses(issued, award):
    mentor = _client(issued["mentor"])
    mine = reverse("credentials:certificate", args=[issued["mentor_certificate"].pk])
    response = mentor.get(mine)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode() == _credential(issued["mentor_certificate"]).token
    other = reverse("credentials:certificate", args=[issued["mentee_certificate"].pk])
    assert mentor.get(other).status_code == 404
    badge = mentor.get(reverse("credentials:badge", args=[award.pk]))
    assert badge.status_code == 200 and badge["Content-Type"] == "application/vc+jwt"
    mentee = _client(issued["mentee"])
    assert mentee.get(reverse("credentials:badge", args=[award.pk])).status_code == 404


def test_the_links_to_the_credentials(issued, award):
    mentor = _client(issued["mentor"])
    mine = mentor.get(reverse("certificates:mine")).content.decode()
    assert reverse("credentials:certificate", args=[issued["mentor_certificate"].pk]) in mine
    assert reverse("credentials:endorsements") in mine
    assert 'name="endorsements_shown"' in mine
    badges = mentor.get(reverse("recognition:mine")).content.decode()
    assert reverse("credentials:badge", args=[award.pk]) in badges
    verify = Client().get(reverse("verify:form")).content.decode()
    assert reverse("ob:verify") in verify


def test_the_partner_endorses_once(issued):
    mentee = _client(issued["mentee"])
    url = reverse("credentials:endorse", args=[issued["mentor_certificate"].pk])
    assert mentee.get(url).status_code == 200
    response = mentee.post(url, {"text": "She made the tools simple."})
    assert response.status_code == 302
    credential = _credential(issued["mentor_certificate"])
    payload = jwt.decode(credential.token, options={"verify_signature": False})
    assert len(payload["endorsementJwt"]) == 1
    again = mentee.post(url, {"text": "Twice."})
    assert again.status_code == 200
    assert "You have already endorsed this credential." in again.content.decode()
    assert Endorsement.objects.count() == 1
    mine = reverse("credentials:endorse", args=[issued["mentee_certificate"].pk])
    assert mentee.get(mine).status_code == 404


def test_a_non_partner_cannot_endorse(issued, company):
    outsider = Client()
    outsider.force_login(company.lea_user)
    url = reverse("credentials:endorse", args=[issued["mentor_certificate"].pk])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"text": "Hello"}).status_code == 404


def test_the_verification_page_shows_endorsements_only_when_the_holder_allows(client, issued):
    _client(issued["mentee"]).post(
        reverse("credentials:endorse", args=[issued["mentor_certificate"].pk]),
        {"text": "She made the tools simple."},
    )
    url = reverse("verify:code", args=[issued["mentor_certificate"].display_code])
    assert "She made the tools simple." not in client.get(url).content.decode()
    mentor = _client(issued["mentor"])
    mentor.post(
        reverse("certificates:preference"),
        {"verification_allowed": "yes", "endorsements_shown": "yes"},
    )
    assert "She made the tools simple." in client.get(url).content.decode()
    api = client.get(f"/api/verify/{issued['mentor_certificate'].display_code}").json()
    assert [e["text"] for e in api["endorsements"]] == ["She made the tools simple."]
    mentor.post(reverse("certificates:preference"), {"verification_allowed": "no"})
    hidden = client.get(url).content.decode()
    assert "She made the tools simple." not in hidden
    assert "No certificate can be shown" in hidden


def test_verify_takes_the_same_queries_for_an_unknown_code_and_an_opted_out_holder(
    client, issued, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bascule.certificates import selectors

    certificate_services.preference_set(
        actor=None,
        employee_id=issued["mentor"].pk,
        verification_allowed=False,
        endorsements_shown=True,
    )
    with CaptureQueriesContext(connection) as unknown:
        selectors.verify("NOSUCHCODE")
    with CaptureQueriesContext(connection) as hidden:
        assert selectors.verify(issued["mentor_certificate"].code).state == "unknown"
    assert len(unknown) == len(hidden)


# --- API -----------------------------------------------------------------------------------------


def test_the_api_for_holders_and_partners(issued, award, company):
    mentor, mentee = _client(issued["mentor"]), _client(issued["mentee"])
    mine = mentor.get(f"/api/credentials/certificates/{issued['mentor_certificate'].pk}")
    assert mine.status_code == 200
    body = mine.json()
    assert body["kind"] == "certificate"
    assert body["id"] == _credential(issued["mentor_certificate"]).urn
    assert body["jwt"].count(".") == 2
    badge = mentor.get(f"/api/credentials/badges/{award.pk}")
    assert badge.status_code == 200 and badge.json()["kind"] == "badge"
    assert mentee.get(f"/api/credentials/badges/{award.pk}").status_code == 404
    other = f"/api/credentials/certificates/{issued['mentee_certificate'].pk}"
    assert mentor.get(other).status_code == 404
    sponsor = Client()
    sponsor.force_login(company.sophie)
    assert sponsor.get("/api/credentials/endorsable").status_code == 403
    endorsable = mentee.get("/api/credentials/endorsable").json()
    assert [e["certificate_id"] for e in endorsable] == [issued["mentor_certificate"].pk]
    assert endorsable[0]["endorsed"] is False
    url = f"/api/credentials/endorsements/{issued['mentor_certificate'].pk}"
    for text in ("", "   ", "x" * 501):
        refused = mentee.post(url, {"text": text}, content_type="application/json")
        assert refused.status_code == 422, text
    made = mentee.post(url, {"text": "Patient."}, content_type="application/json")
    assert made.status_code == 201 and made.json()["text"] == "Patient."
    again = mentee.post(url, {"text": "Again."}, content_type="application/json")
    assert again.status_code == 409
    assert mentee.get("/api/credentials/endorsable").json()[0]["endorsed"] is True
    mine_to_endorse = f"/api/credentials/endorsements/{issued['mentee_certificate'].pk}"
    assert (
        mentee.post(mine_to_endorse, {"text": "Me."}, content_type="application/json").status_code
        == 404
    )
    certificate_services.revoke(
        actor=None, certificate_id=issued["mentor_certificate"].pk, reason="Error", tell=False
    )
    revoked = f"/api/credentials/certificates/{issued['mentor_certificate'].pk}"
    assert mentor.get(revoked).status_code == 404


def test_the_public_verification_api(client, issued):
    _client(issued["mentee"]).post(
        reverse("credentials:endorse", args=[issued["mentor_certificate"].pk]),
        {"text": "She made the tools simple."},
    )
    token = _credential(issued["mentor_certificate"]).token
    answer = client.post(
        "/api/credentials/verify",
        {"credential": token, "email": issued["mentor"].email},
        content_type="application/json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "valid"
    assert body["holder_name"] == issued["mentor"].full_name
    assert body["endorsements"] == [
        {"name": body["endorsements"][0]["name"], "text": "She made the tools simple."}
    ]
    assert all(c["passed"] for c in body["checks"])
    for odd in ("", "a.b.c", "x" * 200, "é.é.é", "eyJhbGciOlsiYSJdfQ.eyJ9.x"):
        outcome = client.post(
            "/api/credentials/verify", {"credential": odd}, content_type="application/json"
        )
        assert outcome.status_code == 200 and outcome.json()["status"] != "valid", odd
    for refused in ('{"credential": "a\\u0000b"}', '{"credential": "\\ud800"}'):
        answer = client.post("/api/credentials/verify", refused, content_type="application/json")
        assert answer.status_code == 422
    huge = client.post(
        "/api/credentials/verify", {"credential": "a" * 100_001}, content_type="application/json"
    )
    assert huge.status_code == 422


@override_settings(VERIFY_ATTEMPTS=1)
def test_the_verification_api_is_rate_limited(client, issued):
    def ask():
        return client.post(
            "/api/credentials/verify", {"credential": "a.b.c"}, content_type="application/json"
        )

    assert ask().status_code == 200
    assert ask().status_code == 429


def test_a_header_with_an_odd_kid_or_algorithm_is_refused_not_an_error(client, issued):
    private = keys.private_key(keys.signing_key())
    for headers in ({"kid": "a\x00b"}, {"kid": "x" * 1000}):
        token = jwt.encode({"a": 1}, private, algorithm="EdDSA", headers=headers)
        outcome = client.post("/ob/verify/", {"file": SimpleUploadedFile("x.jwt", token.encode())})
        assert outcome.status_code == 200
        assert "Not signed by this organisation" in outcome.content.decode()
