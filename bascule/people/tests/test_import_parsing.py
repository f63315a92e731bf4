"""Reading and checking HR files (bascule/people/importing.py): no database, tables of cases."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.functional import Promise

from bascule.people.imports import reading as importing
from bascule.people.imports.reading import CellError, Directory, ImportFileError
from bascule.people.tests.fixtures.import_files import (
    ENGLISH_HEADERS,
    FRENCH_HEADERS,
    csv_bytes,
    xlsx_bomb,
    xlsx_bytes,
)

ROW = ["E1", "Bernard", "Lefèvre", "bernard@example.com"]
HEADER = ["Matricule", "Prénom", "Nom", "E-mail"]


def read(content: bytes, **limits) -> importing.Table:
    return importing.read_table(content, **limits)


def check(rows: list[list], directory: Directory | None = None) -> importing.Validation:
    table = read(csv_bytes(rows))
    return importing.validate(table, importing.guess_mapping(table.headers), directory)


def codes(validation: importing.Validation) -> list[tuple[int, str, str]]:
    return [(error["line"], error["column"], error["code"]) for error in validation.errors]


# --- Encodings and delimiters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (csv_bytes([HEADER, ROW], bom=True), "utf-8-sig"),
        (csv_bytes([HEADER, ROW]), "utf-8"),
        (csv_bytes([HEADER, ROW], encoding="cp1252"), "cp1252"),
        (csv_bytes([HEADER, ROW], encoding="utf-16"), "utf-16"),
    ],
    ids=["utf-8 with BOM", "utf-8", "windows-1252", "utf-16 with BOM"],
)
def test_it_decodes_french_names_in_each_encoding(content, encoding):
    table = read(content)
    assert table.encoding == encoding
    assert table.headers == HEADER
    assert table.rows[0].values[2] == "Lefèvre"


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_it_sniffs_the_delimiter(delimiter):
    table = read(
        csv_bytes([HEADER, ROW, ["E2", "Léa", "Martin", "lea@example.com"]], delimiter=delimiter)
    )
    assert table.delimiter == delimiter
    assert table.headers == HEADER
    assert len(table.rows) == 2


def test_it_keeps_commas_inside_values_of_a_semicolon_file():
    table = read(csv_bytes([[*HEADER, "Poste"], [*ROW, "Contrôleur, finance"]]))
    assert table.delimiter == ";"
    assert table.rows[0].values[4] == "Contrôleur, finance"


def test_it_follows_excels_separator_line():
    table = read(b"sep=,\r\nMatricule,Nom\r\nE1,Roy\r\n")
    assert table.delimiter == ","
    assert table.headers == ["Matricule", "Nom"]
    assert table.rows == [importing.Row(3, ("E1", "Roy"))]


def test_it_reads_a_one_column_file_as_one_column():
    table = read(b"Matricule\nE1\nE2\n")
    assert table.headers == ["Matricule"]
    assert [row.values for row in table.rows] == [("E1",), ("E2",)]


def test_it_numbers_lines_as_the_file_does_even_with_blank_and_multiline_rows():
    content = (
        'Matricule;Prénom;Nom;E-mail;Poste\nE1;A;B;a@example.com;"two\nlines"\n'
        "\nE2;C;D;c@example.com;x\n"
    )
    table = read(content.encode())
    assert [row.line for row in table.rows] == [2, 5]


# --- Files that are not exports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        ("Matricule;Prénom;Nom;E-mail\r\n".encode(), "no_rows"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not_spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_spreadsheet"),
        (bytes(range(256)) * 4, "not_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "legacy_xls"),
        (b"<!DOCTYPE html><html><table><tr><td>E1</td></tr></table>", "not_spreadsheet"),
        (b"PK\x03\x04 this is not really a zip", "xlsx_corrupt"),
    ],
    ids=["empty", "blank", "header only", "pdf", "png", "binary", "xls", "html", "broken zip"],
)
def test_it_rejects_files_that_are_not_exports(content, code):
    with pytest.raises(ImportFileError) as caught:
        read(content)
    assert caught.value.code == code
    assert caught.value.message  # a sentence for the user, never a traceback


def test_it_rejects_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(ImportFileError) as caught:
        read(buffer.getvalue())
    assert caught.value.code == "not_spreadsheet"


def test_it_rejects_an_xlsx_bomb_before_opening_it():
    bomb = xlsx_bomb(3 * 1024 * 1024)
    assert len(bomb) < 20_000  # tiny on disk, large once inflated
    with pytest.raises(ImportFileError) as caught:
        read(bomb, max_uncompressed=1024 * 1024)
    assert caught.value.code == "xlsx_too_big"


def test_it_caps_the_number_of_rows():
    rows = [HEADER, *[[f"E{i}", "A", "B", f"a{i}@example.com"] for i in range(4)]]
    with pytest.raises(ImportFileError) as caught:
        read(csv_bytes(rows), max_rows=3)
    assert caught.value.code == "too_many_rows"
    with pytest.raises(ImportFileError):
        read(xlsx_bytes(rows), max_rows=3)
    assert len(read(csv_bytes(rows), max_rows=4).rows) == 4


# --- XLSX ------------------------------------------------------------------------------------


def test_it_reads_xlsx_with_dates_and_numbers_as_cells():
    # Excel dates are naive datetimes.
    hired = dt.datetime(2023, 9, 1)  # noqa: DTZ001
    content = xlsx_bytes(
        [
            ENGLISH_HEADERS,
            [1042, "Léa", "Martin", "lea@example.com", "Marketing", "Designer", 2,
             hired, None, "fr en"],
            [None] * 10,
            [1043.0, "Marc", "Petit", "marc@example.com", "Marketing", "Director", 7.0,
             dt.date(2015, 1, 5), 1042, "Français"],
        ]
    )  # fmt: skip
    table = read(content)
    assert table.format == "xlsx"
    assert [row.line for row in table.rows] == [2, 4]
    validation = importing.validate(table, importing.guess_mapping(table.headers))
    assert validation.errors == []
    lea, marc = validation.records
    assert lea["employee_id"] == "1042"
    assert lea["hire_date"] == dt.date(2023, 9, 1)
    assert lea["seniority_level"] == 2
    assert lea["languages"] == ["fr", "en"]
    assert marc["employee_id"] == "1043"
    assert marc["seniority_level"] == 7
    assert marc["manager_id"] == "1042"


# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Matricule", "employee_id"),
        ("ID employé", "employee_id"),
        ("employee_id", "employee_id"),
        ("Employee number", "employee_id"),
        ("PRÉNOM", "first_name"),
        ("Nom de famille", "last_name"),
        ("  nom ", "last_name"),
        ("Adresse e-mail", "email"),
        ("Courriel", "email"),
        ("Département", "department"),
        ("Direction", "department"),
        ("Intitulé de poste", "job_title"),
        ("Niveau de séniorité", "seniority_level"),
        ("Career level", "seniority_level"),
        ("Années d'expérience", "experience_years"),
        ("Date d'embauche", "hire_date"),
        ("Matricule du manager", "manager_id"),
        ("Responsable", "manager_id"),
        ("Localisation", "location"),
        ("Fuseau horaire", "time_zone"),
        ("Langues", "languages"),
        ("Date de sortie", "left_on"),
        ("Leave date", "left_on"),
        ("Pointure", None),
    ],
)
def test_it_recognises_french_and_english_headers(header, field):
    assert importing.recognise_header(header) == field


def test_it_maps_french_and_english_exports_to_the_same_fields():
    french = importing.guess_mapping(FRENCH_HEADERS)
    english = importing.guess_mapping(ENGLISH_HEADERS)
    assert list(french.values()) == list(english.values())
    assert "" not in french.values()


def test_it_leaves_unknown_and_repeated_headers_for_hr_to_map():
    headers = ["Matricule", "Prénom", "Nom", "E-mail", "Courriel", "Pointure"]
    assert importing.unrecognised_headers(headers) == ["Courriel", "Pointure"]
    mapping = importing.guess_mapping(headers)
    assert mapping["E-mail"] == "email"
    assert mapping["Courriel"] == importing.IGNORE


def test_it_applies_the_mapping_hr_chose():
    rows = [["Matr.", "Prénom", "Nom", "Mél pro"], ["E1", "A", "B", "a@example.com"]]
    table = read(csv_bytes(rows))
    assert importing.missing_required(table.headers, importing.guess_mapping(table.headers)) == [
        "employee_id",
        "email",
    ]
    mapping = {**importing.guess_mapping(table.headers), "Matr.": "employee_id", "Mél pro": "email"}
    validation = importing.validate(table, mapping)
    assert validation.errors == []
    assert validation.records[0]["email"] == "a@example.com"


# --- Cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-31", dt.date(2024, 3, 31)),
        ("31/03/2024", dt.date(2024, 3, 31)),
        ("1/3/2024", dt.date(2024, 3, 1)),
        ("31-03-2024", dt.date(2024, 3, 31)),
        ("31.03.2024", dt.date(2024, 3, 31)),
        ("2024-03-31 00:00:00", dt.date(2024, 3, 31)),
        (dt.datetime(2024, 3, 31, 0, 0), dt.date(2024, 3, 31)),  # noqa: DTZ001
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_iso_and_french_dates(value, expected):
    assert importing.parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("31/02/2024", "impossible_date"),
        ("29/02/2023", "impossible_date"),
        ("2024-13-01", "impossible_date"),
        ("03/31/2024", "impossible_date"),
        ("March 3, 2024", "invalid_date"),
        ("24/03/31", "invalid_date"),
        (45000, "invalid_date"),
    ],
)
def test_it_refuses_malformed_and_impossible_dates(value, code):
    with pytest.raises(CellError) as caught:
        importing.parse_date(value)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fr", ["fr"]),
        ("Français, anglais", ["fr", "en"]),
        ("English; Deutsch", ["en", "de"]),
        ("fr/en|es", ["fr", "en", "es"]),
        ("FR EN fr", ["fr", "en"]),
        ("ESPAÑOL", ["es"]),
        ("", []),
    ],
)
def test_it_reads_languages_as_iso_codes(value, expected):
    assert importing.parse_languages(value) == expected


def test_it_refuses_an_unknown_language():
    with pytest.raises(CellError) as caught:
        importing.parse_languages("fr, klingon")
    assert caught.value.params == {"language": "klingon"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Europe/Paris", "Europe/Paris"), ("europe/paris", "Europe/Paris"), ("UTC", "UTC")],
)
def test_it_reads_time_zones(value, expected):
    assert importing.parse_time_zone(value) == expected


def test_it_refuses_an_unknown_time_zone():
    with pytest.raises(CellError) as caught:
        importing.parse_time_zone("Mars/Olympus_Mons")
    assert caught.value.code == "unknown_time_zone"


# --- Rows ------------------------------------------------------------------------------------

FULL_HEADER = [*HEADER, "Niveau", "Date d'entrée", "Date de sortie", "Manager", "Fuseau horaire"]


def person(employee_id: str, **columns) -> list:
    values = {
        "Matricule": employee_id,
        "Prénom": "Anne",
        "Nom": "Roy",
        "E-mail": f"{employee_id.lower()}@example.com",
        "Niveau": "3",
        "Date d'entrée": "01/02/2020",
        "Date de sortie": "",
        "Manager": "",
        "Fuseau horaire": "Europe/Paris",
        **columns,
    }
    return [values[header] for header in FULL_HEADER]


@pytest.mark.parametrize(
    ("columns", "column", "code"),
    [
        ({"E-mail": "not-an-address"}, "E-mail", "invalid_email"),
        ({"E-mail": ""}, "E-mail", "required"),
        ({"Prénom": " "}, "Prénom", "required"),
        ({"Niveau": "9"}, "Niveau", "level_out_of_range"),
        ({"Niveau": "0"}, "Niveau", "level_out_of_range"),
        ({"Niveau": "3.5"}, "Niveau", "level_out_of_range"),
        ({"Niveau": "senior"}, "Niveau", "level_out_of_range"),
        ({"Date d'entrée": "31/02/2024"}, "Date d'entrée", "impossible_date"),
        ({"Date d'entrée": "hier"}, "Date d'entrée", "invalid_date"),
        ({"Fuseau horaire": "Paris"}, "Fuseau horaire", "unknown_time_zone"),
        ({"Manager": "X1"}, "Manager", "manager_self"),
        ({"Manager": "NOBODY"}, "Manager", "unknown_manager"),
        ({"Date de sortie": "01/01/2019"}, "Date d'entrée", "hire_after_leave"),
        ({"Nom": "x" * 151}, "Nom", "too_long"),
    ],
)
def test_it_reports_bad_rows_with_line_column_and_reason(columns, column, code):
    validation = check([FULL_HEADER, person("A0"), person("X1", **columns)])
    assert codes(validation) == [(3, column, code)]
    assert [record["employee_id"] for record in validation.records] == ["A0"]


def test_it_requires_the_required_columns():
    validation = check([["Matricule", "Nom", "Poste"], ["E1", "Roy", "Analyst"]])
    assert codes(validation) == [(1, "", "missing_column"), (1, "", "missing_column")]
    assert [error["params"]["field"] for error in validation.errors] == ["first_name", "email"]
    assert importing.error_message(validation.errors[0]) == "Required column missing: First name."


def test_it_reports_duplicate_ids_and_emails_on_the_later_line():
    validation = check(
        [
            FULL_HEADER,
            person("A1"),
            person("A1", **{"E-mail": "other@example.com"}),
            person("A3", **{"E-mail": "A1@EXAMPLE.com"}),
        ]
    )
    assert codes(validation) == [
        (3, "Matricule", "duplicate_employee_id"),
        (4, "E-mail", "duplicate_email"),
    ]
    assert validation.errors[0]["params"] == {"line": 2}
    assert importing.error_message(validation.errors[1]) == (
        "This e-mail address already appears on line 2."
    )


def test_it_refuses_an_email_belonging_to_someone_else_in_the_directory():
    directory = Directory(managers={"OLD": None}, emails={"a1@example.com": "OLD"})
    validation = check([FULL_HEADER, person("A1")], directory)
    assert codes(validation) == [(2, "E-mail", "email_taken")]


def test_it_finds_managers_later_in_the_file_or_in_the_directory():
    validation = check(
        [FULL_HEADER, person("A1", Manager="A2"), person("A2", Manager="BOSS"), person("A3")],
        Directory(managers={"BOSS": None}),
    )
    assert validation.errors == []


def test_it_reports_manager_cycles_on_every_row_of_the_loop():
    validation = check(
        [
            FULL_HEADER,
            person("A1", Manager="A2"),
            person("A2", Manager="A3"),
            person("A3", Manager="A1"),
            person("A4", Manager="A1"),
        ]
    )
    assert codes(validation) == [
        (2, "Manager", "manager_cycle"),
        (3, "Manager", "manager_cycle"),
        (4, "Manager", "manager_cycle"),
    ]
    assert validation.errors[0]["params"]["chain"] == "A1 → A2 → A3 → A1"


def test_it_reports_a_cycle_closed_through_the_directory():
    # In the directory B reports to A; the file makes A report to B.
    directory = Directory(managers={"A": None, "B": "A"})
    validation = check([FULL_HEADER, person("A", Manager="B")], directory)
    assert codes(validation) == [(2, "Manager", "manager_cycle")]


# --- Comparing with the directory ------------------------------------------------------------


def snapshot(*employee_ids: str, **fields) -> dict[str, dict]:
    """Return a directory snapshot: one active employee per ID, Anne Roy as person() writes
    her, with `fields` overriding the stored values."""
    current = {
        "first_name": "Anne", "last_name": "Roy", "seniority_level": 3,
        "hire_date": dt.date(2020, 2, 1), "manager_id": None, "time_zone": "Europe/Paris",
        "left_on": None, **fields,
    }  # fmt: skip
    return {
        employee_id: {
            **current,
            "id": pk,
            "employee_id": employee_id,
            "email": f"{employee_id.lower()}@example.com",
        }
        for pk, employee_id in enumerate(employee_ids, start=1)
    }


def test_it_plans_new_updated_unchanged_and_left():
    validation = check(
        [
            FULL_HEADER,
            person("A1"),
            person("A2", Nom="Neuf"),
            person("A3"),
            person("A4", **{"Date de sortie": "01/01/2025"}),
        ]
    )
    existing = snapshot("A2", "A3", "A4", "GONE", "ALREADY_GONE")
    existing["ALREADY_GONE"]["left_on"] = dt.date(2020, 1, 1)
    plan = importing.plan_import(validation, existing, full_export=True)
    assert plan.counts == {"new": 1, "updated": 1, "unchanged": 1, "left": 2}
    assert plan.active == 4
    assert plan.leavers == [4]
    assert plan.samples[0]["changes"] == [
        {"field": "last_name", "action": "changed", "old": "Roy", "new": "Neuf"}
    ]
    assert plan.leaver_samples == [
        {"employee_id": "A4", "name": "Anne Roy", "left_on": "2025-01-01"},
        {"employee_id": "GONE", "name": "Anne Roy", "left_on": ""},
    ]
    partial = importing.plan_import(validation, existing, full_export=False)
    assert partial.counts == {"new": 1, "updated": 1, "unchanged": 1, "left": 1}
    assert partial.leavers == []


def test_it_keeps_stored_values_for_blank_cells():
    blanks = {"Niveau": "", "Date d'entrée": "", "Manager": "", "Fuseau horaire": ""}
    validation = check([FULL_HEADER, person("BOSS"), person("A1", Nom="Neuf", **blanks)])
    existing = snapshot("BOSS", "A1")
    existing["A1"].update(manager_id="BOSS", time_zone="America/Toronto")
    plan = importing.plan_import(validation, existing, full_export=False)
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 1, "left": 0}
    # Only the name is written; what the blank cells kept is shown, never written.
    assert plan.updates == [(2, {"last_name": "Neuf"})]
    assert plan.manager_changes == []
    assert plan.samples[0]["changes"] == [
        {"field": "last_name", "action": "changed", "old": "Roy", "new": "Neuf"},
        {"field": "seniority_level", "action": "kept", "old": "3", "new": "3"},
        {"field": "hire_date", "action": "kept", "old": "2020-02-01", "new": "2020-02-01"},
        {"field": "manager_id", "action": "kept", "old": "BOSS", "new": "BOSS"},
        {"field": "time_zone", "action": "kept", "old": "America/Toronto",
         "new": "America/Toronto"},
    ]  # fmt: skip
    assert plan.blank_cells == {
        "kept": {"seniority_level": 1, "hire_date": 1, "manager_id": 1, "time_zone": 1},
        "cleared": {},
    }


def test_it_clears_stored_values_for_blank_cells_when_asked():
    blanks = {"Niveau": "", "Date d'entrée": "", "Manager": "", "Fuseau horaire": ""}
    validation = check([FULL_HEADER, person("BOSS"), person("A1", **blanks)])
    existing = snapshot("BOSS", "A1")
    existing["A1"].update(manager_id="BOSS", time_zone="America/Toronto")
    plan = importing.plan_import(validation, existing, full_export=False, clear_blank_cells=True)
    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 1, "left": 0}
    # A time zone cannot be empty: clearing it gives back the default one.
    assert plan.updates == [
        (2, {"seniority_level": None, "hire_date": None, "manager_id": None,
             "time_zone": "Europe/Paris"}),
    ]  # fmt: skip
    assert plan.manager_changes == [("A1", None)]
    assert [change["action"] for change in plan.samples[0]["changes"]] == ["cleared"] * 4
    assert plan.blank_cells["cleared"] == {
        "seniority_level": 1, "hire_date": 1, "manager_id": 1, "time_zone": 1,
    }  # fmt: skip


def test_it_gives_a_new_employee_no_value_for_a_blank_cell():
    validation = check([FULL_HEADER, person("A1", Niveau="", **{"Fuseau horaire": ""})])
    plan = importing.plan_import(validation, {}, full_export=False)
    values = importing.new_employee_values(plan.creates[0], validation.fields)
    assert values["seniority_level"] is None
    assert values["time_zone"] == "Europe/Paris"
    assert plan.blank_cells == {"kept": {}, "cleared": {}}


def test_it_keeps_a_leave_date_for_a_blank_cell_unless_the_file_lists_everyone():
    validation = check([FULL_HEADER, person("A1")])
    existing = snapshot("A1", left_on=dt.date(2023, 6, 30))
    partial = importing.plan_import(validation, existing, full_export=False)
    assert partial.counts["unchanged"] == 1
    assert partial.blank_cells["kept"] == {"left_on": 1}
    # A full export lists everyone employed: being in it without a leave date is being back.
    full = importing.plan_import(validation, existing, full_export=True)
    assert full.updates == [(1, {"left_on": None})]
    assert full.samples[0]["changes"] == [
        {"field": "left_on", "action": "cleared", "old": "2023-06-30", "new": ""}
    ]


def test_it_leaves_the_leave_date_alone_without_its_column_unless_the_file_lists_everyone():
    table = read(csv_bytes([HEADER, ROW]))
    validation = importing.validate(table, importing.guess_mapping(table.headers))
    existing = snapshot("E1", left_on=dt.date(2023, 6, 30))
    existing["E1"].update(first_name="Bernard", last_name="Lefèvre", email="bernard@example.com")
    assert importing.plan_import(validation, existing, full_export=False).counts["unchanged"] == 1
    full = importing.plan_import(validation, existing, full_export=True)
    assert full.updates == [(1, {"left_on": None})]


def test_it_looks_for_manager_loops_through_managers_kept_by_blank_cells():
    # In the directory B reports to A; the file makes A report to B and leaves B's cell blank.
    directory = Directory(managers={"A": None, "B": "A"})
    rows = [FULL_HEADER, person("A", Manager="B"), person("B")]
    kept = check(rows, directory)
    assert codes(kept) == [(2, "Manager", "manager_cycle"), (3, "Manager", "manager_cycle")]
    table = read(csv_bytes(rows))
    cleared = importing.validate(
        table, importing.guess_mapping(table.headers), directory, clear_blank_cells=True
    )
    assert cleared.errors == []


def test_it_fingerprints_the_writes_a_plan_makes():
    validation = check([FULL_HEADER, person("A1", Nom="Neuf")])
    existing = snapshot("A1", "GONE")
    digest = importing.plan_import(validation, existing, full_export=True).digest()
    assert importing.plan_import(validation, existing, full_export=True).digest() == digest
    assert importing.plan_import(validation, existing, full_export=False).digest() != digest
    existing["A1"]["last_name"] = "Neuf"
    assert importing.plan_import(validation, existing, full_export=True).digest() != digest


@pytest.mark.parametrize(
    ("leaving", "expected"),
    [(0, False), (1, False), (2, False), (3, True)],
    ids=["nobody", "below", "at the share", "above"],
)
def test_it_asks_for_a_confirmation_only_above_the_share(settings, leaving, expected):
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = 10
    assert importing.leaving_needs_confirmation(leaving, 20) is expected


def test_it_compares_with_the_share_exactly(settings):
    # 10 % of 30 is 3.0000000000000004 in floating point; 3 is at the share, not above.
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = Decimal("10")
    assert not importing.leaving_needs_confirmation(3, 30)
    settings.IMPORT_LEAVERS_CONFIRM_PERCENT = Decimal("2.5")
    assert not importing.leaving_needs_confirmation(1, 40)
    assert importing.leaving_needs_confirmation(2, 40)


@pytest.mark.parametrize(
    ("leaving", "active", "percent"),
    [(0, 300, 0), (1, 300, 1), (30, 300, 10), (299, 300, 99), (300, 300, 100), (0, 0, 0)],
)
def test_it_rounds_the_share_leaving_without_saying_all_or_none_wrongly(leaving, active, percent):
    assert importing.leaving_percent(leaving, active) == percent


@pytest.mark.parametrize(
    ("counts", "summary"),
    [
        ({"updated": 3}, "Update 3 employees"),
        ({"updated": 3, "left": 298}, "Update 3 employees and mark 298 employees as having left"),
        ({"new": 1, "updated": 1, "left": 1},
         "Add 1 employee, update 1 employee and mark 1 employee as having left"),
        ({"new": 12000}, "Add 12,000 employees"),
        ({"unchanged": 5}, ""),
    ],
)  # fmt: skip
def test_it_says_what_the_commit_does_in_words(counts, summary):
    with translation.override("en"):
        assert importing.action_summary(counts) == summary


# --- Messages --------------------------------------------------------------------------------


def test_it_translates_messages_when_shown_not_when_stored():
    assert all(isinstance(message, Promise) for message in importing.MESSAGES.values())
    error = importing.make_error(3, "E-mail", "x", "invalid_email")
    assert error == {
        "line": 3,
        "column": "E-mail",
        "value": "x",
        "code": "invalid_email",
        "params": {},
    }
    with translation.override("fr"):
        french = importing.error_message(error)
        assert french == translation.gettext("This is not a valid e-mail address.")
    with translation.override("en"):
        assert importing.error_message(error) == "This is not a valid e-mail address."


def test_it_numbers_xlsx_rows_as_excel_does_when_the_table_starts_lower():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"], sheet["C5"], sheet["D5"] = "Matricule", "Nom", "E1", "Roy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read(buffer.getvalue())
    assert table.headers == ["", "", "Matricule", "Nom"]
    assert table.rows == [importing.Row(5, (None, None, "E1", "Roy"))]
