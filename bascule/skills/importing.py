"""Read a file of skills, without touching the database.

Two layouts are recognised by their headers:

- ours: slug, category, label_fr, label_en, description_fr, description_en (case does not
  matter; only slug and the two labels are required), separated by ; , or a tab;
- the European Commission's ESCO skills export (conceptUri, preferredLabel, description, and
  columns such as altLabels or skillType that are ignored). It is in one language, given by
  the person importing; the label in the other language starts as the same text.

`parse_skills_file` turns bytes into rows (plain dicts, so a preview can be kept between two
requests) and row errors. Errors are codes with parameters, translated when shown
(`error_message`), so everyone reads them in their own language.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from bascule.core import tabular

LANGUAGES = ("fr", "en")
LAYOUT_BASCULE = "bascule"
LAYOUT_ESCO = "esco"

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
SLUG_MAX_LENGTH = 100
LABEL_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 4000
SOURCE_URI_MAX_LENGTH = 255
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")

BASCULE_COLUMNS = ("slug", "category", "label_fr", "label_en", "description_fr", "description_en")
BASCULE_REQUIRED = ("slug", "label_fr", "label_en")
ESCO_REQUIRED = ("concepturi", "preferredlabel")
# Each column the import reads, under the name the code uses; the ESCO export writes conceptUri
# and preferredLabel. Headers are compared whatever their case, spaces or punctuation.
HEADERS = tabular.HeaderMap(
    {
        **dict.fromkeys(BASCULE_COLUMNS, ()),
        "concepturi": ("conceptUri",),
        "preferredlabel": ("preferredLabel",),
        "description": (),
    }
)
# Fields a row may set on a skill.
SKILL_FIELDS = ("label_fr", "label_en", "description_fr", "description_en")

MESSAGES: dict[str, Any] = {
    # The file as a whole.
    "too_large": _("The file is larger than %(max_mb)s MB."),
    "empty": _("The file is empty."),
    "not_csv": _(
        "This file is not a CSV file. Save the list of skills as CSV (separated by "
        "semicolons, commas or tabs) and upload that file."
    ),
    "encoding": _("The text of this file cannot be read. Save it as “CSV UTF-8” and retry."),
    "csv_malformed": _("The CSV file cannot be read near line %(line)s."),
    "no_rows": _("The file has a header line but no skills."),
    "too_many_rows": _("The file has more than %(max)s skills, the most one import accepts."),
    "unknown_layout": _(
        "The columns of this file are not recognised. Use the columns slug, category, "
        "label_fr, label_en, description_fr and description_en, or an ESCO skills export."
    ),
    "missing_column": _("Required column missing: %(column)s."),
    "language_required": _(
        "This is an ESCO export, which is in one language: say whether it is in French "
        "or in English."
    ),
    # One cell or row.
    "required": _("This value is required."),
    "too_long": _("This value is longer than %(max)s characters."),
    "invalid_slug": _(
        "A code may contain only letters without accents, digits, hyphens and underscores."
    ),
    "invalid_uri": _("This is not an ESCO concept address (it should start with http)."),
    "duplicate_slug": _("This code already appears on line %(line)s."),
    "duplicate_uri": _("This concept already appears on line %(line)s."),
    "unknown_category": _("There is no skill category “%(category)s”."),
}


def error_message(error: Mapping[str, Any]) -> str:
    """Return the reason of a stored error, translated into the active language."""
    template = MESSAGES.get(error.get("code", ""), _("Invalid value."))
    params = dict(error.get("params") or {})
    return str(template) % params if params else str(template)


class SkillFileError(Exception):
    """The upload as a whole cannot be read; `code` and `params` pick the message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return error_message({"code": self.code, "params": self.params})


@dataclass
class ParsedFile:
    """What a file holds: its layout, its valid rows and the errors of the others.

    Each row is a dict: line, slug, source_uri, category (as written, may be empty), the
    values a new skill gets (`values`: both labels and descriptions) and the fields an
    existing skill gets from the file (`update`: only the columns the file has).
    """

    layout: str
    language: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    total_rows: int = 0


# What the shared reader's codes become here: a skills file is CSV only.
READER_CODES = {"not_spreadsheet": "not_csv"}


def read_csv(content: bytes, *, max_rows: int = MAX_ROWS) -> tabular.Table:
    """Return the headers and non-empty rows of a CSV file (bascule.core.tabular).

    Raise SkillFileError when it is not a CSV text file, too large, empty or too long.
    """
    if len(content) > MAX_FILE_BYTES:
        raise SkillFileError("too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not content.strip():
        raise SkillFileError("empty")
    if content.startswith((b"PK", tabular.OLE2_MAGIC, *tabular.BINARY_MAGICS)):
        raise SkillFileError("not_csv")
    try:
        table = tabular.read_csv(content, max_rows=max_rows)
    except tabular.TableFileError as exc:
        raise SkillFileError(READER_CODES.get(exc.code, exc.code), **exc.params) from exc
    if not table.headers:
        raise SkillFileError("empty")
    if not table.rows:
        raise SkillFileError("no_rows")
    return table


def detect_layout(headers: list[str]) -> str:
    """Return LAYOUT_BASCULE or LAYOUT_ESCO; raise SkillFileError for anything else."""
    names = set(HEADERS.columns(headers))
    if "concepturi" in names or "preferredlabel" in names:
        for column in ESCO_REQUIRED:
            if column not in names:
                original = {"concepturi": "conceptUri", "preferredlabel": "preferredLabel"}
                raise SkillFileError("missing_column", column=original[column])
        return LAYOUT_ESCO
    if names & set(BASCULE_COLUMNS):
        for column in BASCULE_REQUIRED:
            if column not in names:
                raise SkillFileError("missing_column", column=column)
        return LAYOUT_BASCULE
    raise SkillFileError("unknown_layout")


def esco_slug(uri: str) -> str:
    """Return the code given to an ESCO concept: "esco-" and the last part of its address."""
    last = uri.rstrip("/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^-a-zA-Z0-9_]", "-", last).strip("-").lower()
    return f"esco-{cleaned}"[:SLUG_MAX_LENGTH]


def parse_skills_file(
    content: bytes, *, language: str | None = None, max_rows: int = MAX_ROWS
) -> ParsedFile:
    """Return the rows and row errors of a skills file.

    `language` ("fr" or "en") is what an ESCO export is written in; our own layout has both.
    Raise SkillFileError when the file as a whole cannot be used.
    """
    table = read_csv(content, max_rows=max_rows)
    headers, rows = table.headers, [(row.line, row.values) for row in table.rows]
    layout = detect_layout(headers)
    if layout == LAYOUT_ESCO and language not in LANGUAGES:
        raise SkillFileError("language_required")
    index = HEADERS.columns(headers)
    parsed = ParsedFile(
        layout=layout,
        language=language if layout == LAYOUT_ESCO else None,
        total_rows=len(rows),
    )
    seen: dict[str, int] = {}
    for line, values in rows:

        def cell(name: str, values: tuple[str, ...] = values) -> str:
            position = index.get(name, (None, ""))[0]
            if position is None or position >= len(values):
                return ""
            return " ".join(values[position].split())

        def error(
            name: str,
            code: str,
            row_line: int = line,
            row_values: tuple[str, ...] = values,
            **params: Any,
        ) -> None:
            column = index.get(name, (None, name))[1]
            position = index.get(name, (None, ""))[0]
            value = ""
            if position is not None and position < len(row_values):
                value = row_values[position][:100]
            parsed.errors.append(
                {
                    "line": row_line,
                    "column": column,
                    "value": value,
                    "code": code,
                    "params": params,
                }
            )

        row_errors = len(parsed.errors)
        if layout == LAYOUT_BASCULE:
            row = _bascule_row(line, cell, error, index)
        else:
            row = _esco_row(line, cell, error, language or "en")
        if len(parsed.errors) > row_errors or row is None:
            continue
        key, code, column = (
            (row["source_uri"], "duplicate_uri", "concepturi")
            if layout == LAYOUT_ESCO
            else (row["slug"].lower(), "duplicate_slug", "slug")
        )
        if key in seen:
            error(column, code, line=seen[key])
            continue
        seen[key] = line
        parsed.rows.append(row)
    return parsed


def _check_text(value: str, name: str, error: Any, *, required: bool, max_length: int) -> bool:
    if required and not value:
        error(name, "required")
        return False
    if len(value) > max_length:
        error(name, "too_long", max=max_length)
        return False
    return True


def _bascule_row(line: int, cell: Any, error: Any, index: dict) -> dict[str, Any] | None:
    slug = cell("slug")
    ok = _check_text(slug, "slug", error, required=True, max_length=SLUG_MAX_LENGTH)
    if ok and not SLUG_PATTERN.match(slug):
        error("slug", "invalid_slug")
    values = {}
    for name in SKILL_FIELDS:
        is_label = name.startswith("label")
        value = cell(name)
        _check_text(
            value,
            name,
            error,
            required=is_label,
            max_length=LABEL_MAX_LENGTH if is_label else DESCRIPTION_MAX_LENGTH,
        )
        values[name] = value
    category = cell("category")
    update = [name for name in SKILL_FIELDS if name in index]
    return {
        "line": line,
        "slug": slug.lower(),
        "source_uri": "",
        "category": category,
        "values": values,
        "update": update,
    }


def _esco_row(line: int, cell: Any, error: Any, language: str) -> dict[str, Any] | None:
    uri = cell("concepturi")
    uri_ok = _check_text(uri, "concepturi", error, required=True, max_length=SOURCE_URI_MAX_LENGTH)
    if uri_ok and not uri.lower().startswith(("http://", "https://")):
        error("concepturi", "invalid_uri")
    label = cell("preferredlabel")
    _check_text(label, "preferredlabel", error, required=True, max_length=LABEL_MAX_LENGTH)
    description = cell("description")
    _check_text(
        description, "description", error, required=False, max_length=DESCRIPTION_MAX_LENGTH
    )
    # A new skill gets the same text in both languages until HR renames it.
    values = {
        "label_fr": label,
        "label_en": label,
        "description_fr": description,
        "description_en": description,
    }
    return {
        "line": line,
        "slug": esco_slug(uri),
        "source_uri": uri,
        "category": "",
        "values": values,
        "update": [f"label_{language}", f"description_{language}"],
    }
