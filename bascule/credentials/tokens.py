"""Signing a credential as a VC-JWT (Open Badges 3.0, section 8.2) and reading one back.

The JWT's payload is the credential itself, with the registered claims it implies: `iss` the
issuer's id, `jti` the credential's id, `nbf` its `validFrom` (and `exp` its `validUntil`,
`sub` its subject's id, when it has them). The JOSE header names the key by a URL that serves
its JWK (`kid`), with `alg` and `typ` "JWT" and nothing else.
"""

import datetime as dt
from typing import Any

import jwt

from bascule.credentials import keys
from bascule.credentials.addresses import absolute
from bascule.credentials.models import SigningKey


def _seconds(value: str) -> int:
    return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def claims(document: dict[str, Any]) -> dict[str, Any]:
    payload = dict(document)
    payload["iss"] = document["issuer"]["id"]
    payload["jti"] = document["id"]
    payload["nbf"] = _seconds(document["validFrom"])
    if document.get("validUntil"):
        payload["exp"] = _seconds(document["validUntil"])
    subject_id = (document.get("credentialSubject") or {}).get("id")
    if subject_id:
        payload["sub"] = subject_id
    return payload


def key_url(key: SigningKey) -> str:
    return absolute("key", kid=key.kid)


def sign(document: dict[str, Any], key: SigningKey, private: Any | None = None) -> str:
    """`private`: the opened private key, when the caller signs many documents in a row."""
    return jwt.encode(
        claims(document),
        private if private is not None else keys.private_key(key),
        algorithm=key.algorithm,
        headers={"kid": key_url(key), "typ": "JWT"},
    )
