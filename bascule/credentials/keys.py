"""The organisation's signing keys: generated here, kept with the private half encrypted.

The private key is serialised as PKCS #8 PEM encrypted with `BestAvailableEncryption` (AES-256
with a key derived from the passphrase), the passphrase being CREDENTIAL_KEY_SECRET or, when
unset, a value derived from SECRET_KEY (HMAC, never SECRET_KEY itself). So a copy of the
database alone signs nothing, and the key never leaves the server: only public JWKs are served.

`signing_key()` gives the key that signs now, generating an Ed25519 one the first time (a fresh
installation signs without any step); `rotate()` makes a new one and retires the others, which
stay published so that what they signed still verifies; `withdraw()` stops publishing a key
(for a compromised key: what it signed no longer verifies).
"""

import hashlib
import json
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from bascule.core.errors import DomainError
from bascule.credentials.models import Algorithm, SigningKey

RSA_BITS = 2048


def _passphrase() -> bytes:
    secret = settings.CREDENTIAL_KEY_SECRET
    if secret:
        return secret.encode()
    return salted_hmac("bascule.credentials.keys", "private-key-encryption").hexdigest().encode()


def _new_private(algorithm: str) -> Any:
    if algorithm == Algorithm.EDDSA:
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm == Algorithm.RS256:
        return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    raise DomainError(_("Unknown signing algorithm: %(name)s.") % {"name": algorithm})


def public_jwk(private: Any, algorithm: str) -> dict[str, Any]:
    """The public half as a JWK, with its RFC 7638 thumbprint as `kid`."""
    public = private.public_key()
    if algorithm == Algorithm.EDDSA:
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(public))
        required = {k: jwk[k] for k in ("crv", "kty", "x")}
    else:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public))
        required = {k: jwk[k] for k in ("e", "kty", "n")}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode()
    digest = hashlib.sha256(canonical).digest()
    kid = jwt.utils.base64url_encode(digest).decode()
    return {**required, "kid": kid, "alg": algorithm, "use": "sig"}


def create(algorithm: str = Algorithm.EDDSA) -> SigningKey:
    private = _new_private(algorithm)
    jwk = public_jwk(private, algorithm)
    encrypted = private.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.BestAvailableEncryption(_passphrase()),
    )
    return SigningKey.objects.create(
        kid=jwk["kid"], algorithm=algorithm, public_jwk=jwk, private_key=encrypted
    )


def signing_key() -> SigningKey:
    """The newest key neither retired nor withdrawn; a new Ed25519 key when there is none."""
    found = SigningKey.objects.filter(retired_at=None, withdrawn_at=None).first()
    if found is not None:
        return found
    with transaction.atomic():
        # One key even when two requests need the first at once: the second waits here.
        list(SigningKey.objects.select_for_update().all()[:1])
        found = SigningKey.objects.filter(retired_at=None, withdrawn_at=None).first()
        return found or create(Algorithm.EDDSA)


def private_key(key: SigningKey) -> Any:
    try:
        return serialization.load_pem_private_key(bytes(key.private_key), password=_passphrase())
    except (ValueError, TypeError) as exc:
        raise DomainError(
            _(
                "The signing key cannot be opened: CREDENTIAL_KEY_SECRET (or SECRET_KEY) has "
                "changed since it was made. Put the old value back, or make a new key with "
                "'manage.py credential_keys rotate'."
            ),
            code="key_locked",
        ) from exc


def rotate(algorithm: str = Algorithm.EDDSA) -> SigningKey:
    """A new signing key; the others are retired (still published, signing nothing)."""
    with transaction.atomic():
        now = timezone.now()
        SigningKey.objects.filter(retired_at=None).update(retired_at=now)
        return create(algorithm)


def withdraw(kid: str) -> SigningKey:
    with transaction.atomic():
        key = SigningKey.objects.select_for_update().filter(kid=kid).first()
        if key is None:
            raise DomainError(_("No signing key has this identifier."), code="unknown_key")
        now = timezone.now()
        key.retired_at = key.retired_at or now
        key.withdrawn_at = key.withdrawn_at or now
        key.save(update_fields=["retired_at", "withdrawn_at"])
        return key


def published() -> list[SigningKey]:
    return list(SigningKey.objects.filter(withdrawn_at=None).order_by("created_at", "id"))
