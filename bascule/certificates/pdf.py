"""The certificate as a PDF/A-3b document, rendered from its frozen facts on each download
(so the same certificate gives the same text every time), in French or English.

The page is templates/certificates/pdf.html with its print CSS (A4 landscape), the DejaVu
fonts Debian ships, the QR code (segno, an SVG data URI) pointing to SITE_URL/verify/<code>
and the company's logo as a data URI. Nothing else is fetched: the URL fetcher accepts data
URIs only. WeasyPrint needs Pango: it is imported here, when a PDF is rendered, so the rest
of the application runs without it.
"""

import base64
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from bascule.certificates import extensions
from bascule.certificates.models import Certificate, CertificateSettings

LANGUAGES = ("fr", "en")


def verify_url(certificate: Certificate) -> str:
    path = reverse("verify:code", kwargs={"code": certificate.code})
    return settings.SITE_URL.rstrip("/") + path


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0)


def logo_data_uri(config: CertificateSettings | None) -> str:
    if config is None or not config.logo_type:
        return ""
    data = base64.b64encode(bytes(config.logo)).decode()
    return f"data:image/{config.logo_type};base64,{data}"


def attachments(certificate: Certificate) -> list[Any]:
    """The files embedded in the PDF (PDF/A-3 allows them): what the registered apps give
    (bascule/certificates/extensions.py), e.g. the certificate's signed Open Badge."""
    from weasyprint import Attachment

    return [
        Attachment(
            string=data,
            name=name,
            description=description,
            relationship="Data",
        )
        for name, data, description, _media_type in extensions.attachments(certificate)
    ]


def context(certificate: Certificate, language: str) -> dict[str, Any]:
    config = CertificateSettings.objects.filter(program_id=certificate.program_id).first()
    url = verify_url(certificate)
    return {
        "certificate": certificate,
        "language": language,
        "wording": (certificate.wording or {}).get(language, ""),
        "skills_shared": [s.get(language, "") for s in certificate.skills_shared],
        "skills_developed": [s.get(language, "") for s in certificate.skills_developed],
        "verify_url": url,
        "qr": qr_data_uri(url),
        "logo": logo_data_uri(config),
    }


def render_html(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        return render_to_string("certificates/pdf.html", context(certificate, language))


def fetcher() -> Any:
    """WeasyPrint's URL fetcher for the certificate: data URIs only, nothing remote."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(certificate: Certificate, language: str) -> bytes:
    import weasyprint

    html = render_html(certificate, language)
    return weasyprint.HTML(string=html, url_fetcher=fetcher()).write_pdf(
        pdf_variant="pdf/a-3b", attachments=attachments(certificate)
    )


def filename(certificate: Certificate, language: str) -> str:
    return f"certificate-{certificate.code[:5].lower()}-{language}.pdf"
