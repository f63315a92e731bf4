"""The PDF read back: its text in French and English (name, program, code, the verification
address), its PDF/A-3b metadata, no remote resource; and its first page as a picture."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from bascule.certificates import pdf, selectors, services
from bascule.certificates.models import Certificate, CertificateSettings
from bascule.certificates.tests.helpers import make_pair, make_people, make_program


@pytest.fixture
def certificate(company, django_capture_on_commit_callbacks) -> Certificate:
    program = make_program("Mentorat inversé — numérique")
    a, b = make_people(2)
    make_pair(program, a, b, meetings=4)
    CertificateSettings.objects.create(
        program=program,
        wording_fr="Pour avoir partagé ses savoirs.",
        wording_en="For sharing knowledge.",
        signatory_name="Claire Dumas",
        signatory_title="DRH",
        company_name="Exemple SA",
    )
    services.issue_candidates(
        actor=company.alice, program=program, candidates=selectors.eligibility(program).candidates
    )
    return Certificate.objects.get(holder=a)


def _text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages), reader


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Certificat de participation", "Pour avoir partagé ses savoirs."]),
        ("en", ["Certificate of completion", "For sharing knowledge."]),
    ],
)
def test_the_pdf_says_who_what_and_the_code(certificate, language, words):
    text, reader = _text(pdf.render_pdf(certificate, language))
    flat = " ".join(text.split())
    assert certificate.holder_name in flat
    assert "Mentorat inversé — numérique" in flat
    assert certificate.display_code in flat
    assert f"/verify/{certificate.code}/" in flat
    for word in words:
        assert word in flat
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape


def test_the_pdf_declares_pdf_a_3b(certificate):
    _text_, reader = _text(pdf.render_pdf(certificate, "fr"))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in raw or 'pdfaid:part="3"' in raw
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in raw or 'pdfaid:conformance="B"' in raw
    assert certificate.holder_name in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_nothing_remote_is_fetched(certificate):
    html = pdf.render_html(certificate, "en")
    assert re.findall(r'(?:src|href)="([^"]*)"', html) == [
        re.search(r'src="(data:[^"]*)"', html)[1]
    ]
    with pytest.raises(Exception, match="protocol"):
        pdf.fetcher().fetch("https://example.com/logo.png")
    with pytest.raises(Exception, match="protocol"):
        pdf.fetcher().fetch("file:///etc/passwd")


def test_the_first_page_renders_as_a_picture(certificate, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the picture is not made")
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf.render_pdf(certificate, "fr"))
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "50", "-singlefile", str(source), str(tmp_path / "page")],  # noqa: S607
        check=True,
    )
    picture = (tmp_path / "page.png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 5000


@pytest.mark.parametrize(
    ("language", "written"),
    [("fr", "au 1er juillet 2026"), ("en", "to July 1, 2026")],
)
def test_the_first_of_a_month_is_1er_in_french(certificate, language, written):
    import datetime as dt

    Certificate.objects.filter(pk=certificate.pk).update(
        starts_on=dt.date(2026, 1, 12), ends_on=dt.date(2026, 7, 1)
    )
    certificate.refresh_from_db()
    text, _reader = _text(pdf.render_pdf(certificate, language))
    flat = " ".join(text.split())
    assert written in flat
    assert "12 janvier 2026" in flat if language == "fr" else "January 12, 2026" in flat
