"""What other apps add to certificates without certificates importing them (the apps depend
one way, pyproject.toml): files embedded in the PDF (a signed credential, say) and what to do
once certificates are issued (sign their credentials)."""

from collections.abc import Callable, Iterable
from typing import Any

# Each gives (file name, bytes, description, MIME type) for a certificate.
Attachment = tuple[str, bytes, str, str]
_attachments: list[Callable[[Any], Iterable[Attachment]]] = []
_issued: list[Callable[[list[Any]], None]] = []


def register_attachments(provider: Callable[[Any], Iterable[Attachment]]) -> None:
    if provider not in _attachments:
        _attachments.append(provider)


def register_issued(listener: Callable[[list[Any]], None]) -> None:
    if listener not in _issued:
        _issued.append(listener)


def attachments(certificate: Any) -> list[Attachment]:
    return [found for provider in _attachments for found in provider(certificate)]


def issued(certificates: list[Any]) -> None:
    """Called in the issuing transaction: a failure undoes the issuing."""
    for listener in _issued:
        listener(certificates)
