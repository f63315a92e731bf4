"""Read a tabular upload (CSV or Excel .xlsx), without touching the database: the part the
imports share (the HR file in people, the skills file, the invitee lists of programs).

`read_table` turns bytes into headers and non-empty rows, numbered as a spreadsheet shows
them; `read_csv` reads only CSV. The format is decided by the content, never by the file
name. CSV text is decoded in a fixed order (UTF-8 with BOM, UTF-16 with BOM, UTF-8,
Windows-1252) and its delimiter sniffed among ; , TAB |. A file that cannot be read raises
TableFileError with a code and parameters; each import words the message for its users.
"""

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings


class TableFileError(Exception):
    """The upload as a whole cannot be read. Codes: empty, no_rows, encoding,
    not_spreadsheet, legacy_xls, xlsx_corrupt, xlsx_too_big (max_mb), too_many_rows (max),
    csv_malformed (line)."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Row:
    line: int  # as the spreadsheet shows it: the header is line 1
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    format: str  # "csv" or "xlsx"
    headers: list[str]
    rows: list[Row]
    encoding: str = ""
    delimiter: str = ""


DELIMITERS = ";,\t|"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY_MAGICS = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z\xbc")
EXCEL_SEPARATOR_HINT = re.compile(r"sep=(?P<delimiter>[;,\t|])[ \t]*(\r\n|\n|\r)", re.IGNORECASE)
MARKUP_STARTS = ("<!doctype", "<html", "<?xml", "<table")
# Control characters never found in a text export (tab, newlines and form feed are fine).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Stop reading an XLSX after this many empty rows in a row: formatted but empty rows at the
# end of a sheet are common and would otherwise be walked one by one.
XLSX_MAX_EMPTY_RUN = 10_000


def read_table(
    content: bytes, *, max_rows: int | None = None, max_uncompressed: int | None = None
) -> Table:
    """Return the headers and non-empty rows of a CSV or XLSX export.

    The format is decided by the content, never by the file name. Raise TableFileError
    when the file is not a spreadsheet, is a zip bomb, is empty or has too many rows.
    """
    max_rows = settings.IMPORT_MAX_ROWS if max_rows is None else max_rows
    if max_uncompressed is None:
        max_uncompressed = settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES
    if not content.strip():
        raise TableFileError("empty")
    if content.startswith(b"PK"):
        table = _read_xlsx(content, max_rows=max_rows, max_uncompressed=max_uncompressed)
    elif content.startswith(OLE2_MAGIC):
        raise TableFileError("legacy_xls")
    elif content.startswith(BINARY_MAGICS):
        raise TableFileError("not_spreadsheet")
    else:
        table = read_csv(content, max_rows=max_rows)
    if not any(table.headers):
        raise TableFileError("empty")
    if not table.rows:
        raise TableFileError("no_rows")
    return table


def decode_text(content: bytes) -> tuple[str, str]:
    """Return the text of a CSV export and the encoding it was read with.

    The order is fixed: UTF-8 with BOM, strict UTF-8, then Windows-1252. Guessing the
    encoding statistically turns French names into nonsense ("Lefèvre" read as cp1250).
    """
    try:
        if content.startswith(codecs.BOM_UTF8):
            return content[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        # Excel's "Unicode text" export; the BOM makes this certain, not a guess.
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return content.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:
        raise TableFileError("encoding") from exc
    if b"\x00" in content[:8192]:
        raise TableFileError("not_spreadsheet")
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise TableFileError("encoding") from exc


def sniff_delimiter(text: str) -> str:
    """Return the delimiter of a CSV text, one of ; , TAB |.

    csv.Sniffer is asked first, restricted to those four; its answer is kept only if the
    header line contains it (it happily picks a letter on a one-column file). Otherwise the
    most frequent of the four in the header line wins, and a comma for a single column.
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter and delimiter in header:
        return delimiter
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def read_csv(content: bytes, *, max_rows: int) -> Table:
    text, encoding = decode_text(content)
    head = text[:8192]
    if CONTROL_CHARS.search(head) or head.lstrip().lower().startswith(MARKUP_STARTS):
        raise TableFileError("not_spreadsheet")
    previous_line = 0
    # Excel writes a "sep=;" line before the header when asked to; it names the delimiter.
    hint = EXCEL_SEPARATOR_HINT.match(text)
    if hint:
        delimiter = hint["delimiter"]
        text = text[hint.end() :]
        previous_line = 1
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[Row] = []
    try:
        for values in reader:
            # A quoted value may span lines: a row starts after the previous one ended.
            line = previous_line + 1
            previous_line = reader.line_num + (1 if hint else 0)
            if not any(value.strip() for value in values):
                continue
            if headers is None:
                headers = [value.strip() for value in values]
                continue
            rows.append(Row(line, tuple(values)))
            if len(rows) > max_rows:
                raise TableFileError("too_many_rows", max=max_rows)
    except csv.Error as exc:
        raise TableFileError("csv_malformed", line=reader.line_num) from exc
    return Table("csv", headers or [], rows, encoding=encoding, delimiter=delimiter)


def _read_xlsx(content: bytes, *, max_rows: int, max_uncompressed: int) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise TableFileError("xlsx_corrupt") from exc
    # Sizes declared in the zip directory bound what zipfile will ever inflate, so checking
    # them before openpyxl opens anything stops a bomb.
    if sum(member.file_size for member in members) > max_uncompressed:
        raise TableFileError("xlsx_too_big", max_mb=max_uncompressed // (1024 * 1024))
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise TableFileError("not_spreadsheet")

    import openpyxl  # Imported late: only XLSX uploads pay for it.

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; only the values matter here.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise TableFileError("xlsx_corrupt") from exc
    try:
        if not workbook.worksheets:
            raise TableFileError("empty")
        return _xlsx_rows(workbook.worksheets[0], max_rows=max_rows)
    except TableFileError:
        raise
    except Exception as exc:
        raise TableFileError("xlsx_corrupt") from exc
    finally:
        workbook.close()


def _xlsx_rows(sheet: Any, *, max_rows: int) -> Table:
    headers: list[str] | None = None
    rows: list[Row] = []
    empty_run = 0
    # From A1 whatever the sheet's declared dimension, so that line numbers and columns
    # are the ones Excel shows.
    cells = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    for line, values in enumerate(cells, start=1):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            empty_run += 1
            if empty_run > XLSX_MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if headers is None:
            headers = ["" if value is None else str(value).strip() for value in values]
            continue
        rows.append(Row(line, tuple(values)))
        if len(rows) > max_rows:
            raise TableFileError("too_many_rows", max=max_rows)
    return Table("xlsx", headers or [], rows)


def normalise_header(header: str) -> str:
    """Return `header` lowercased, without accents, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", str(header))
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_only.lower()).split())


class HeaderMap:
    """Which field each column of an uploaded table holds, whatever the header's case, accents,
    spaces or punctuation (`normalise_header`): `fields` maps each field to the other headers
    that name it (the field's own name counts too; a header naming two fields goes to the
    later one). Shared by the HR file import and the skills import."""

    def __init__(self, fields: Mapping[str, Iterable[str]]):
        self._index: dict[str, str] = {}
        for name, headers in fields.items():
            for header in (name, *headers):
                self._index[normalise_header(header)] = name

    def recognise(self, header: str) -> str | None:
        """Return the field `header` names, or None when it is not recognised."""
        return self._index.get(normalise_header(header))

    def columns(self, headers: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Return field -> (position, header as written) of the first column naming it."""
        found: dict[str, tuple[int, str]] = {}
        for position, header in enumerate(headers):
            name = self.recognise(header)
            if name is not None:
                found.setdefault(name, (position, header))
        return found


# --- Writing ------------------------------------------------------------------------------------

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these, or with spaces then one of these, is read as a formula
# by spreadsheets: quoted on export (tab, carriage return and new line count as well).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Return `value`, a text a spreadsheet would run as a formula quoted with "'" so that it
    reads as text: the one rule of every export (CSV and XLSX writers, the audit log)."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def write_csv(sheets: Iterable[tuple[str, list[str], Iterable[Iterable[Any]]]]) -> bytes:
    """Return the sheets (title, headers, rows) as one CSV (UTF-8 with BOM, `;`, which a
    French spreadsheet opens as is), each sheet after a line with its title."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for number, (title, headers, rows) in enumerate(sheets):
        if number:
            writer.writerow([])
        writer.writerow([safe_cell(title)])
        writer.writerow([safe_cell(header) for header in headers])
        for row in rows:
            writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_titles(titles: Iterable[str]) -> list[str]:
    """Return `titles` as Excel accepts them: without [ ] : * ? / \\, at most 31 characters,
    not empty, and unique whatever their case ("Goals (2)" after a second "Goals")."""
    result: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).split()).strip("'")
        base = base or "Sheet"
        candidate, number = base[:SHEET_TITLE_MAX], 1
        while candidate.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = base[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[Iterable[Any]]]]) -> bytes:
    """Return the sheets (title, headers, rows) as an Excel workbook (streamed write)."""
    import openpyxl  # Imported late: only XLSX exports pay for it.
    from openpyxl.writer.excel import save_workbook

    sheets = list(sheets)
    workbook = openpyxl.Workbook(write_only=True)
    titles = sheet_titles(title for title, _headers, _rows in sheets)
    for title, (_title, headers, rows) in zip(titles, sheets, strict=True):
        sheet = workbook.create_sheet(title=title)
        sheet.append([safe_cell(header) for header in headers])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    save_workbook(workbook, out)
    return out.getvalue()
