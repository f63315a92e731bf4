"""The one way a page offers its table as a file: `export_response(fmt, stem, sheets)` returns
the sheets (title, headers, rows) as CSV (UTF-8 with BOM, `;`) or Excel (.xlsx), written by
`bascule.core.tabular` (which quotes any cell a spreadsheet would run as a formula), with the
content type and an ASCII file name. Any format but "csv" and "xlsx" is a 404. The sheets'
titles are made valid for Excel and unique (`tabular.sheet_titles`: 31 characters at most).

Callers check access first, translate the headers (the reader's language) and give dates
with `iso_date` / `iso_datetime`.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from bascule.core import tabular

FORMATS = ("csv", "xlsx")
Sheet = tuple[str, list[str], Iterable[Iterable[Any]]]


def check_format(fmt: str) -> str:
    """Return `fmt` when it is an export format; raise 404 otherwise (before any work)."""
    if fmt not in FORMATS:
        raise Http404
    return fmt


def ascii_filename(stem: str) -> str:
    """Return `stem` as a file name made of ASCII letters, digits, "-", "_" and "."."""
    decomposed = unicodedata.normalize("NFKD", stem)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_only).strip("-.")
    return cleaned[:100] or "export"


def export_response(fmt: str, stem: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """Return `sheets` as an attachment named `stem`.csv or `stem`.xlsx; 404 for another format."""
    check_format(fmt)
    if fmt == "csv":
        body, content_type = tabular.write_csv(sheets), tabular.CSV_CONTENT_TYPE
    else:
        body, content_type = tabular.write_xlsx(sheets), tabular.XLSX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{ascii_filename(stem)}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def iso_date(value: dt.date | dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """Return the day of `value` as YYYY-MM-DD (a moment read in `tz`), "" for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, tz).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


def iso_datetime(value: dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """Return `value` as YYYY-MM-DD HH:MM in `tz`, "" for None."""
    if value is None:
        return ""
    return timezone.localtime(value, tz).strftime("%Y-%m-%d %H:%M")
