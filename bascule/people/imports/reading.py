"""Read and check the HR system's export, without touching the database.

Everything here works on bytes and plain values so that it can be tested with tables of
inputs: `read_table` turns an upload into headers and rows, `guess_mapping` recognises the
headers, `validate` converts and checks each row, and `plan_import` compares the rows with a
snapshot of the directory. Errors are stored as codes with parameters and translated only
when shown (`error_message`), so each reader sees them in their own language.
"""

import datetime as dt
import hashlib
import json
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from bascule.core import tabular
from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN

# --- Fields ----------------------------------------------------------------------------------

FIELD_LABELS: dict[str, Any] = {
    "employee_id": _("Employee ID"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail"),
    "department": _("Department"),
    "job_title": _("Job title"),
    "seniority_level": _("Seniority level"),
    "experience_years": _("Years of experience"),
    "hire_date": _("Hire date"),
    "manager_id": _("Manager's employee ID"),
    "location": _("Location"),
    "time_zone": _("Time zone"),
    "languages": _("Languages"),
    "left_on": _("Leave date"),
}
FIELDS = tuple(FIELD_LABELS)
REQUIRED_FIELDS = ("employee_id", "first_name", "last_name", "email")
# Column mapping value meaning "this column is not imported".
IGNORE = ""

# Header names as HR systems write them, French and English, separated by |; they are
# compared after normalise_header, so case, accents and punctuation do not matter.
HEADER_SYNONYMS: dict[str, str] = {
    "employee_id": (
        "employee id|employee number|employee no|employee num|employee|emp id|staff id|"
        "staff number|personnel number|id|matricule|n matricule|no matricule|"
        "numero matricule|numero de matricule|id employe|id salarie|numero employe|"
        "numero salarie|identifiant"
    ),
    "first_name": "first name|firstname|given name|forename|prenom",
    "last_name": "last name|lastname|surname|family name|nom|nom de famille|nom usuel",
    "email": (
        "email|e mail|mail|email address|e mail address|work email|courriel|"
        "adresse e mail|adresse email|adresse mail|adresse courriel|"
        "email professionnel|e mail professionnel"
    ),
    "department": "department|dept|service|departement|direction",
    "job_title": (
        "job title|title|position|job|poste|intitule de poste|intitule du poste|"
        "intitule poste|fonction|emploi"
    ),
    "seniority_level": (
        "seniority level|seniority|level|job level|career level|grade|niveau|"
        "niveau de seniorite|seniorite|niveau de carriere"
    ),
    "experience_years": (
        "experience years|years of experience|experience|annees d experience|"
        "annees experience|nombre d annees d experience"
    ),
    "hire_date": (
        "hire date|hired on|start date|date of hire|date d entree|date entree|"
        "date d embauche|date embauche"
    ),
    "manager_id": (
        "manager id|manager|manager employee id|manager number|id manager|"
        "matricule du manager|matricule manager|responsable|matricule du responsable|"
        "matricule responsable|n 1"
    ),
    "location": "location|site|office|lieu|lieu de travail|localisation",
    "time_zone": "time zone|timezone|tz|fuseau horaire|fuseau",
    "languages": "languages|language|spoken languages|langues|langue|langues parlees",
    "left_on": (
        "left on|leave date|leaving date|exit date|end date|termination date|"
        "date de sortie|date sortie|date de depart|date depart"
    ),
}

# Headers shown to HR as examples of what is recognised (file content, not translated).
HEADER_EXAMPLES = {
    "employee_id": ("Matricule", "ID employé", "Employee ID"),
    "first_name": ("Prénom", "First name"),
    "last_name": ("Nom", "Nom de famille", "Last name"),
    "email": ("E-mail", "Courriel", "Adresse e-mail"),
    "department": ("Service", "Département", "Direction", "Department"),
    "job_title": ("Poste", "Intitulé de poste", "Fonction", "Job title"),
    "seniority_level": ("Niveau", "Grade", "Job level"),
    "experience_years": ("Années d'expérience", "Years of experience"),
    "hire_date": ("Date d'entrée", "Date d'embauche", "Hire date"),
    "manager_id": ("Matricule du manager", "Responsable", "Manager ID"),
    "location": ("Site", "Lieu", "Location"),
    "time_zone": ("Fuseau horaire", "Time zone"),
    "languages": ("Langues", "Languages"),
    "left_on": ("Date de sortie", "Leave date"),
}


def header_examples(name: str) -> tuple[str, ...]:
    """Return a few header names recognised for field `name`, as HR would write them."""
    return HEADER_EXAMPLES.get(name, ())


MAX_LENGTHS = {
    "employee_id": 64,
    "first_name": 150,
    "last_name": 150,
    "email": 254,
    "department": 120,
    "job_title": 200,
    "location": 120,
}
EXPERIENCE_YEARS_MAX = 80

# --- Messages --------------------------------------------------------------------------------

MESSAGES: dict[str, Any] = {
    # The file as a whole.
    "too_large": _("The file is larger than %(max_mb)s MB."),
    "not_spreadsheet": _(
        "This file is not a CSV or Excel (.xlsx) spreadsheet. "
        "Export the employee list from your HR system as CSV or .xlsx."
    ),
    "legacy_xls": _(
        "This is an old Excel file (.xls). Open it in Excel, save it as .xlsx or CSV, "
        "and upload that file."
    ),
    "xlsx_corrupt": _(
        "This Excel file cannot be read. Open it in Excel, save it again as .xlsx "
        "and upload it again."
    ),
    "xlsx_too_big": _(
        "This Excel file would expand to more than %(max_mb)s MB once opened, "
        "so it was refused for safety."
    ),
    "csv_malformed": _("The CSV file cannot be read near line %(line)s."),
    "encoding": _("The text of this file cannot be read. Save it as “CSV UTF-8” and retry."),
    "empty": _("The file is empty."),
    "no_rows": _("The file has a header line but no employees."),
    "too_many_rows": _("The file has more than %(max)s employees, the most one import accepts."),
    "missing_column": _("Required column missing: %(field)s."),
    # One cell or row.
    "required": _("This value is required."),
    "too_long": _("This value is longer than %(max)s characters."),
    "invalid_email": _("This is not a valid e-mail address."),
    "invalid_date": _("This is not a date. Write it as 2024-03-31 or 31/03/2024."),
    "impossible_date": _("This date does not exist."),
    "level_out_of_range": _("The seniority level must be a whole number from %(min)s to %(max)s."),
    "experience_out_of_range": _("Years of experience must be a whole number from 0 to %(max)s."),
    "unknown_time_zone": _("Unknown time zone. Use a name such as Europe/Paris."),
    "unknown_language": _("Unknown language: %(language)s."),
    "duplicate_employee_id": _("This employee ID already appears on line %(line)s."),
    "duplicate_email": _("This e-mail address already appears on line %(line)s."),
    "email_taken": _(
        "This e-mail address already belongs to employee %(employee_id)s in the directory."
    ),
    "unknown_manager": _(
        "No employee has the ID %(manager_id)s, neither in this file nor in the directory."
    ),
    "manager_self": _("An employee cannot be their own manager."),
    "manager_cycle": _("These managers form a loop: %(chain)s."),
    "hire_after_leave": _("The hire date is after the leave date."),
}


def error_message(error: Mapping[str, Any]) -> str:
    """Return the reason of a stored error, translated into the active language."""
    template = MESSAGES.get(error.get("code", ""), _("Invalid value."))
    params = dict(error.get("params") or {})
    if "field" in params:
        params["field"] = field_label(params["field"])
    return str(template) % params if params else str(template)


def field_label(name: str) -> str:
    """Return the translated label of a canonical field."""
    return str(FIELD_LABELS.get(name, name))


class ImportFileError(tabular.TableFileError):
    """The upload as a whole cannot be read; `code` and `params` pick the message."""

    @property
    def message(self) -> str:
        return error_message({"code": self.code, "params": self.params})


class CellError(Exception):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


# --- Reading the file ------------------------------------------------------------------------

Row = tabular.Row
Table = tabular.Table
sniff_delimiter = tabular.sniff_delimiter
normalise_header = tabular.normalise_header


def read_table(
    content: bytes, *, max_rows: int | None = None, max_uncompressed: int | None = None
) -> Table:
    """Return the headers and non-empty rows of a CSV or XLSX export (bascule.core.tabular).

    Raise ImportFileError when the file is not a spreadsheet, is a zip bomb, is empty or has
    too many rows.
    """
    try:
        return tabular.read_table(content, max_rows=max_rows, max_uncompressed=max_uncompressed)
    except tabular.TableFileError as exc:
        raise ImportFileError(exc.code, **exc.params) from exc


def decode_text(content: bytes) -> tuple[str, str]:
    """Return the text of a CSV export and its encoding; raise ImportFileError when unreadable."""
    try:
        return tabular.decode_text(content)
    except tabular.TableFileError as exc:
        raise ImportFileError(exc.code, **exc.params) from exc


# --- Headers ---------------------------------------------------------------------------------


HEADERS = tabular.HeaderMap(
    {name: synonyms.split("|") for name, synonyms in HEADER_SYNONYMS.items()}
)


def recognise_header(header: str) -> str | None:
    """Return the canonical field a header names, or None when it is not recognised."""
    return HEADERS.recognise(header)


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Return header -> field for the recognised headers and header -> IGNORE for the rest.

    A field is given to its first column only; a later column naming it again is left for
    HR to decide.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        if not header or header in mapping:
            continue
        name = recognise_header(header)
        if name is not None and name not in taken:
            mapping[header] = name
            taken.add(name)
        else:
            mapping[header] = IGNORE
    return mapping


def unrecognised_headers(headers: Iterable[str]) -> list[str]:
    """Return the headers HR has to map by hand (unknown, or naming a field already taken)."""
    mapping = guess_mapping(headers)
    return [header for header, name in mapping.items() if name == IGNORE]


def field_columns(headers: list[str], mapping: Mapping[str, str]) -> dict[str, int]:
    """Return field -> column index under `mapping` (first column wins)."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = mapping.get(header, IGNORE)
        if name and name in FIELD_LABELS and name not in columns:
            columns[name] = index
    return columns


def missing_required(headers: list[str], mapping: Mapping[str, str]) -> list[str]:
    """Return the required fields no column is mapped to."""
    columns = field_columns(headers, mapping)
    return [name for name in REQUIRED_FIELDS if name not in columns]


# --- Cells -----------------------------------------------------------------------------------


def display_value(value: Any) -> str:
    """Return a cell as the user typed it, for error tables."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text if len(text) <= 100 else text[:99] + "…"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store typed numbers as floats: employee 1042 arrives as 1042.0.
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return display_value(value)
    return " ".join(str(value).split())


DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?"),
)


def parse_date(value: Any) -> dt.date | None:
    """Return the date in a cell: a spreadsheet date, ISO 2024-03-31 or French 31/03/2024.

    Also accepted: 31-03-2024 and 31.03.2024. Raise CellError for anything else, and for a
    date that does not exist such as 31/02/2024.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError as exc:
                raise CellError("impossible_date") from exc
    raise CellError("invalid_date")


def parse_integer(value: Any) -> int | None:
    """Return the whole number in a cell ("3", 3 or 3.0), None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+[.,]0+", text):
        return int(text.replace(",", ".").split(".")[0])
    raise ValueError(value)


# ISO 639-1 code -> other ways HR files write the language (normalised: no accents, lowercase).
LANGUAGE_ALIASES = {
    "fr": "fra fre francais french franzosisch",
    "en": "eng anglais english englisch",
    "de": "deu ger allemand german deutsch",
    "es": "spa espagnol spanish espanol castellano",
    "it": "ita italien italian italiano",
    "pt": "por portugais portuguese portugues",
    "nl": "nld dut neerlandais dutch nederlands flamand",
    "ar": "ara arabe arabic",
    "zh": "zho chi chinois chinese mandarin",
    "ja": "jpn japonais japanese",
    "ru": "rus russe russian",
    "pl": "pol polonais polish polski",
    "ro": "ron roumain romanian",
    "tr": "tur turc turkish",
    "el": "ell grec greek",
    "sv": "swe suedois swedish",
    "da": "dan danois danish",
    "no": "nor norvegien norwegian",
    "fi": "fin finnois finnish",
    "cs": "ces tcheque czech",
    "hu": "hun hongrois hungarian",
    "he": "heb hebreu hebrew",
    "hi": "hin hindi",
    "ko": "kor coreen korean",
    "vi": "vie vietnamien vietnamese",
    "uk": "ukr ukrainien ukrainian",
    "ca": "cat catalan",
    "eu": "eus basque",
    "br": "bre breton",
}
LANGUAGE_NAMES = {
    alias: code for code, aliases in LANGUAGE_ALIASES.items() for alias in (code, *aliases.split())
}
LANGUAGE_SEPARATORS = re.compile(r"[,;/|\s]+")


def parse_languages(value: Any) -> list[str]:
    """Return ISO 639-1 codes from "Français, anglais", "fr/en", "English Deutsch"…"""
    codes: list[str] = []
    for token in LANGUAGE_SEPARATORS.split(_text(value)):
        if not token:
            continue
        code = LANGUAGE_NAMES.get(normalise_header(token).replace(" ", ""))
        if code is None:
            raise CellError("unknown_language", language=token)
        if code not in codes:
            codes.append(code)
    return codes


@cache
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def parse_time_zone(value: Any) -> str:
    """Return the IANA name of a time zone, spelled as the tz database does."""
    text = _text(value).replace(" ", "_")
    if not text:
        return ""
    name = _time_zones().get(text.lower())
    if name is None:
        raise CellError("unknown_time_zone")
    return name


def _parse_text(name: str) -> Callable[[Any], str]:
    limit = MAX_LENGTHS.get(name)

    def parse(value: Any) -> str:
        text = _text(value)
        if limit is not None and len(text) > limit:
            raise CellError("too_long", max=limit)
        return text

    return parse


def _parse_email(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    if len(text) > MAX_LENGTHS["email"]:
        raise CellError("too_long", max=MAX_LENGTHS["email"])
    try:
        validate_email(text)
    except ValidationError as exc:
        raise CellError("invalid_email") from exc
    return text


def _parse_level(value: Any) -> int | None:
    try:
        level = parse_integer(value)
    except ValueError as exc:
        raise CellError(
            "level_out_of_range", min=SENIORITY_LEVEL_MIN, max=SENIORITY_LEVEL_MAX
        ) from exc
    if level is not None and not SENIORITY_LEVEL_MIN <= level <= SENIORITY_LEVEL_MAX:
        raise CellError("level_out_of_range", min=SENIORITY_LEVEL_MIN, max=SENIORITY_LEVEL_MAX)
    return level


def _parse_experience(value: Any) -> int | None:
    try:
        years = parse_integer(value)
    except ValueError as exc:
        raise CellError("experience_out_of_range", max=EXPERIENCE_YEARS_MAX) from exc
    if years is not None and not 0 <= years <= EXPERIENCE_YEARS_MAX:
        raise CellError("experience_out_of_range", max=EXPERIENCE_YEARS_MAX)
    return years


def _parse_optional_id(value: Any) -> str | None:
    text = _parse_text("employee_id")(value)
    return text or None


def _parse_department(value: Any) -> str | None:
    return _parse_text("department")(value) or None


PARSERS: dict[str, Callable[[Any], Any]] = {
    "employee_id": _parse_text("employee_id"),
    "first_name": _parse_text("first_name"),
    "last_name": _parse_text("last_name"),
    "email": _parse_email,
    "department": _parse_department,
    "job_title": _parse_text("job_title"),
    "seniority_level": _parse_level,
    "experience_years": _parse_experience,
    "hire_date": parse_date,
    "manager_id": _parse_optional_id,
    "location": _parse_text("location"),
    "time_zone": parse_time_zone,
    "languages": parse_languages,
    "left_on": parse_date,
}


# --- Validation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    """What validation needs to know of the employees already in the database."""

    # employee_id -> the employee_id of their manager (None without one), for everyone.
    managers: Mapping[str, str | None] = field(default_factory=dict)
    # casefolded e-mail -> employee_id.
    emails: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Validation:
    records: list[dict[str, Any]]  # valid rows: field -> Python value, plus "line"
    errors: list[dict[str, Any]]  # {line, column, value, code, params}, by line
    columns: dict[str, int]  # field -> column index
    file_ids: set[str]  # every employee ID in the file, valid row or not

    @property
    def fields(self) -> set[str]:
        return set(self.columns)


def make_error(line: int, column: str, value: Any, code: str, /, **params: Any) -> dict[str, Any]:
    """Return an error as stored on the import: codes and parameters, not text."""
    return {
        "line": line,
        "column": column,
        "value": display_value(value),
        "code": code,
        "params": params,
    }


def validate(
    table: Table,
    mapping: Mapping[str, str],
    directory: Directory | None = None,
    *,
    clear_blank_cells: bool = False,
) -> Validation:
    """Return the rows of `table` converted to Python values, and every error found.

    Each row is checked on its own (formats, ranges, required values), then against the
    other rows and the directory: duplicates, e-mails owned by someone else, unknown
    managers, managers forming a loop. A blank manager cell keeps the directory's manager
    unless `clear_blank_cells`, and the loops are looked for accordingly.
    """
    directory = directory or Directory()
    columns = field_columns(table.headers, mapping)
    missing = [name for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        errors = [make_error(1, "", "", "missing_column", field=name) for name in missing]
        return Validation([], errors, columns, set())

    header_of = {name: table.headers[index] for name, index in columns.items()}
    errors: list[dict[str, Any]] = []
    parsed: list[dict[str, Any]] = []
    raw_of: dict[tuple[int, str], Any] = {}
    bad_lines: set[int] = set()
    for row in table.rows:
        record: dict[str, Any] = {"line": row.line}
        for name, index in columns.items():
            raw = row.values[index] if index < len(row.values) else None
            try:
                value = PARSERS[name](raw)
            except CellError as exc:
                errors.append(make_error(row.line, header_of[name], raw, exc.code, **exc.params))
                bad_lines.add(row.line)
                continue
            if name in REQUIRED_FIELDS and not value:
                errors.append(make_error(row.line, header_of[name], raw, "required"))
                bad_lines.add(row.line)
            record[name] = value
            if name in ("employee_id", "email", "manager_id", "hire_date", "left_on"):
                raw_of[(row.line, name)] = raw
        parsed.append(record)

    def fail(record: dict[str, Any], name: str, code: str, /, **params: Any) -> None:
        line = record["line"]
        errors.append(make_error(line, header_of[name], raw_of.get((line, name)), code, **params))
        bad_lines.add(line)

    first_line_of_id: dict[str, int] = {}
    first_line_of_email: dict[str, int] = {}
    for record in parsed:
        employee_id = record.get("employee_id")
        if employee_id:
            if employee_id in first_line_of_id:
                fail(
                    record,
                    "employee_id",
                    "duplicate_employee_id",
                    line=first_line_of_id[employee_id],
                )
            else:
                first_line_of_id[employee_id] = record["line"]
        email = record.get("email")
        if email:
            key = email.casefold()
            if key in first_line_of_email:
                fail(record, "email", "duplicate_email", line=first_line_of_email[key])
            else:
                first_line_of_email[key] = record["line"]
                owner = directory.emails.get(key)
                if owner is not None and owner != employee_id:
                    fail(record, "email", "email_taken", employee_id=owner)
        hired, left = record.get("hire_date"), record.get("left_on")
        if hired and left and hired > left:
            fail(record, "hire_date", "hire_after_leave")

    if "manager_id" in columns:
        _check_managers(
            parsed, first_line_of_id, directory, fail, clear_blank_cells=clear_blank_cells
        )

    errors.sort(key=lambda error: error["line"])
    records = [record for record in parsed if record["line"] not in bad_lines]
    return Validation(records, errors, columns, set(first_line_of_id))


def _check_managers(
    parsed: list[dict[str, Any]],
    first_line_of_id: dict[str, int],
    directory: Directory,
    fail: Callable[..., None],
    *,
    clear_blank_cells: bool,
) -> None:
    # Whose manager is whom once the file is applied: the file's word for its rows (a blank
    # cell keeps the directory's manager unless blank cells clear), the directory's for
    # everyone else.
    file_managers: dict[str, str | None] = {}
    stated: set[str] = set()
    record_of: dict[str, dict[str, Any]] = {}
    for record in parsed:
        employee_id = record.get("employee_id")
        if employee_id and record["line"] == first_line_of_id.get(employee_id):
            manager_id = record.get("manager_id")
            if manager_id is not None:
                stated.add(employee_id)
            elif not clear_blank_cells:
                manager_id = directory.managers.get(employee_id)
            file_managers[employee_id] = manager_id
            record_of[employee_id] = record

    for employee_id, manager_id in file_managers.items():
        if employee_id not in stated:
            continue
        if manager_id == employee_id:
            fail(record_of[employee_id], "manager_id", "manager_self")
        elif manager_id not in file_managers and manager_id not in directory.managers:
            fail(record_of[employee_id], "manager_id", "unknown_manager", manager_id=manager_id)

    def manager_of(employee_id: str) -> str | None:
        if employee_id in file_managers:
            return file_managers[employee_id]
        return directory.managers.get(employee_id)

    done: set[str] = set()
    for start in file_managers:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done:
            if node in position:
                loop = path[position[node] :]
                if len(loop) > 1:  # a self-manager is reported on its own
                    chain = " → ".join([*loop, loop[0]])
                    for member in loop:
                        if member in record_of:
                            fail(record_of[member], "manager_id", "manager_cycle", chain=chain)
                break
            position[node] = len(path)
            path.append(node)
            node = manager_of(node)
        done.update(path)


# --- Comparing with the directory ------------------------------------------------------------

# The fields compared to decide whether an employee changes (employee_id is the key).
COMPARED_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "department",
    "job_title",
    "seniority_level",
    "experience_years",
    "hire_date",
    "manager_id",
    "location",
    "time_zone",
    "languages",
    "left_on",
)
TEXT_FIELDS = ("first_name", "last_name", "job_title", "location")
# How many changed rows and leavers an import keeps to show; the counts cover them all.
MAX_LISTED = 1000

# What happens to one field of an existing employee.
CHANGED, CLEARED, KEPT = "changed", "cleared", "kept"


def is_blank(value: Any) -> bool:
    """Return whether a parsed cell is empty (no text, no date, no number, no language)."""
    return value is None or value == "" or value == []


def empty_value(name: str) -> Any:
    """Return what a field holds once cleared: the default time zone, or no value."""
    if name == "time_zone":
        return settings.TIME_ZONE
    if name == "languages":
        return []
    if name in TEXT_FIELDS:
        return ""
    return None


def leaving_needs_confirmation(leaving: int, active: int) -> bool:
    """Return whether marking `leaving` of `active` employees as left is more than the share
    (settings.IMPORT_LEAVERS_CONFIRM_PERCENT) above which HR must confirm by typing the number.

    Exactly at the share needs no confirmation; the comparison is exact (no float rounding).
    """
    percent = Decimal(str(settings.IMPORT_LEAVERS_CONFIRM_PERCENT))
    return leaving > 0 and Decimal(leaving * 100) > percent * active


def leaving_percent(leaving: int, active: int) -> int:
    """Return `leaving` as a whole percentage of `active`, rounded, but 100 only when everyone
    leaves and 0 only when nobody does (0 without anyone active)."""
    if not active or not leaving:
        return 0
    return min(max(round(100 * leaving / active), 1), 99 if leaving < active else 100)


@dataclass
class Plan:
    """What committing the rows would do to the directory."""

    # The valid rows of new employees (new_employee_values gives what they get).
    creates: list[dict[str, Any]] = field(default_factory=list)
    # (primary key, field -> new value) for each employee who changes: only what changes.
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    # Active employees in the directory before the import.
    active: int = 0
    # Primary keys of the active employees missing from a full export.
    leavers: list[int] = field(default_factory=list)
    # The first employees marked as having left, by the file's leave date ("left_on") or
    # for being missing from a full export (no "left_on": they leave on the commit's day).
    leaver_samples: list[dict[str, str]] = field(default_factory=list)
    # (employee_id, manager's employee_id or None) for every manager to set.
    manager_changes: list[tuple[str, str | None]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # The first rows that change: every field changed, cleared or kept (a blank cell).
    samples: list[dict[str, Any]] = field(default_factory=list)
    # Blank cells over a stored value, per field: {"kept": {field: rows}, "cleared": {...}}.
    blank_cells: dict[str, dict[str, int]] = field(default_factory=lambda: {KEPT: {}, CLEARED: {}})

    def digest(self) -> str:
        """Return a fingerprint of every write the plan makes, to tell whether the directory
        changed in a way that matters between the preview and the commit."""
        # A new employee's values come from the file alone, which never changes: their IDs
        # are enough. An update depends on the directory: its values count.
        writes = {
            "creates": [record["employee_id"] for record in self.creates],
            "updates": self.updates,
            "managers": self.manager_changes,
            "leavers": sorted(self.leavers),
        }
        encoded = json.dumps(writes, default=str, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "department":
        return (old or "").casefold() == (new or "").casefold()
    if name == "languages":
        return list(old or []) == list(new or [])
    if name in TEXT_FIELDS:
        return (old or "") == (new or "")
    return old == new


def new_employee_values(record: Mapping[str, Any], fields: set[str]) -> dict[str, Any]:
    """Return the values of a new employee: the file's, and for a blank cell no value (the
    default time zone for a blank time zone)."""
    values: dict[str, Any] = {"employee_id": record["employee_id"]}
    for name in COMPARED_FIELDS:
        if name in fields:
            value = record.get(name)
            values[name] = empty_value(name) if is_blank(value) else value
    return values


def _field_outcomes(
    record: Mapping[str, Any],
    current: Mapping[str, Any],
    fields: set[str],
    *,
    full_export: bool,
    clear_blank_cells: bool,
) -> Iterator[tuple[str, str, Any]]:
    """Yield (field, CHANGED / CLEARED / KEPT, new value) for the fields of an existing
    employee that the row changes, clears, or leaves as they are because its cell is blank.

    A blank cell keeps the stored value unless `clear_blank_cells`. The leave date is the
    exception in a full export: it lists everyone employed, so being in it without a leave
    date means being employed (someone marked as having left comes back).
    """
    for name in COMPARED_FIELDS:
        old = current.get(name)
        if name not in fields:
            if name == "left_on" and full_export and old is not None:
                yield name, CLEARED, None
            continue
        value = record.get(name)
        if not is_blank(value):
            if not _same(name, old, value):
                yield name, CHANGED, value
            continue
        new = empty_value(name)
        if _same(name, old, new):
            continue  # nothing stored to keep or to clear
        if clear_blank_cells or (name == "left_on" and full_export):
            yield name, CLEARED, new
        else:
            yield name, KEPT, old


def plan_import(
    validation: Validation,
    existing: Mapping[str, Mapping[str, Any]],
    *,
    full_export: bool,
    clear_blank_cells: bool = False,
    sample_size: int = MAX_LISTED,
) -> Plan:
    """Return what the commit would do, comparing valid rows with `existing`.

    `existing` maps employee_id to a snapshot of the employee: "id" plus the compared
    fields, with the department's name and the manager's employee ID. A full export also
    marks the active employees it does not list as having left.
    """
    plan = Plan()
    counts = {"new": 0, "updated": 0, "unchanged": 0, "left": 0}
    fields = validation.fields
    kept_cells, cleared_cells = plan.blank_cells[KEPT], plan.blank_cells[CLEARED]
    for record in validation.records:
        employee_id = record["employee_id"]
        current = existing.get(employee_id)
        if current is None:
            plan.creates.append(record)
            counts["new"] += 1
            if record.get("manager_id"):
                plan.manager_changes.append((employee_id, record["manager_id"]))
            continue
        outcomes = list(
            _field_outcomes(
                record,
                current,
                fields,
                full_export=full_export,
                clear_blank_cells=clear_blank_cells,
            )
        )
        changes = {name: new for name, outcome, new in outcomes if outcome != KEPT}
        for name, outcome, _new in outcomes:
            if outcome == KEPT:
                kept_cells[name] = kept_cells.get(name, 0) + 1
            elif outcome == CLEARED and name in fields:
                cleared_cells[name] = cleared_cells.get(name, 0) + 1
        if not changes:
            counts["unchanged"] += 1
            continue
        if "manager_id" in changes:
            plan.manager_changes.append((employee_id, changes["manager_id"]))
        plan.updates.append((current["id"], changes))
        leaving = current.get("left_on") is None and changes.get("left_on") is not None
        counts["left" if leaving else "updated"] += 1
        if leaving and len(plan.leaver_samples) < sample_size:
            plan.leaver_samples.append(
                {
                    "employee_id": employee_id,
                    "name": f"{record['first_name']} {record['last_name']}".strip(),
                    "left_on": _display_field(changes["left_on"]),
                }
            )
        if len(plan.samples) < sample_size:
            plan.samples.append(
                {
                    "employee_id": employee_id,
                    "name": f"{record['first_name']} {record['last_name']}".strip(),
                    "changes": [
                        {
                            "field": name,
                            "action": outcome,
                            "old": _display_field(current.get(name)),
                            "new": _display_field(new),
                        }
                        for name, outcome, new in outcomes
                    ],
                }
            )
    for employee_id, current in existing.items():
        if current.get("left_on") is not None:
            continue
        plan.active += 1
        if full_export and employee_id not in validation.file_ids:
            plan.leavers.append(current["id"])
            if len(plan.leaver_samples) < sample_size:
                name = f"{current.get('first_name', '')} {current.get('last_name', '')}"
                plan.leaver_samples.append(
                    {"employee_id": employee_id, "name": name.strip(), "left_on": ""}
                )
    counts["left"] += len(plan.leavers)
    plan.unchanged = counts["unchanged"]
    plan.counts = counts
    return plan


def _display_field(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return display_value(value)


def action_summary(counts: Mapping[str, int]) -> str:
    """Return what committing an import does, in words: "Add 2 employees, update 3 employees
    and mark 298 as having left", or "" when it changes nothing."""
    parts = []
    new, updated, left = counts.get("new", 0), counts.get("updated", 0), counts.get("left", 0)
    if new:
        parts.append(
            ngettext("add %(count)s employee", "add %(count)s employees", new)
            % {"count": number_format(new, force_grouping=True)}
        )
    if updated:
        parts.append(
            ngettext("update %(count)s employee", "update %(count)s employees", updated)
            % {"count": number_format(updated, force_grouping=True)}
        )
    if left:
        parts.append(
            ngettext(
                "mark %(count)s employee as having left",
                "mark %(count)s employees as having left",
                left,
            )
            % {"count": number_format(left, force_grouping=True)}
        )
    if not parts:
        return ""
    if len(parts) == 1:
        sentence = parts[0]
    elif len(parts) == 2:
        sentence = gettext("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
    else:
        sentence = gettext("%(first)s, %(second)s and %(third)s") % {
            "first": parts[0],
            "second": parts[1],
            "third": parts[2],
        }
    return capfirst(sentence)
