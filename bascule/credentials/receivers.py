"""What the credentials app does for certificates (registered in apps.py): sign the
credentials of the certificates just issued, and embed a certificate's credential in its PDF."""

from typing import Any

from django.utils.translation import gettext as _

from bascule.credentials import services


def certificates_issued(certificates: list[Any]) -> None:
    services.for_certificates(certificates)


def certificate_attachments(certificate: Any) -> list[tuple[str, bytes, str, str]]:
    credential = services.for_certificate(certificate)
    return [
        (
            "credential.jwt",
            credential.token.encode(),
            _("The certificate as a signed Open Badges 3.0 credential (VC-JWT)"),
            "application/vc+jwt",
        )
    ]
