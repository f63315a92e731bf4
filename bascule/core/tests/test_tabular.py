"""The reading core shared by the HR file import and the skills import (bascule.core.tabular):
headers matched whatever their case, accents or punctuation; the first column naming a field
is the one read; files read whatever their encoding or delimiter."""

import pytest

from bascule.core import tabular

HEADERS = tabular.HeaderMap(
    {"email": ("e-mail", "courriel", "adresse électronique"), "label_fr": (), "last_name": ("nom",)}
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("E-mail", "email"),
        ("  COURRIEL ", "email"),
        ("Adresse électronique", "email"),
        ("adresse_electronique", "email"),
        ("Label FR", "label_fr"),
        ("label-fr", "label_fr"),
        ("Nom", "last_name"),
        ("Prénom", None),
        ("", None),
    ],
)
def test_a_header_names_its_field_whatever_its_case_accents_or_punctuation(header, field):
    assert HEADERS.recognise(header) == field


def test_the_first_column_naming_a_field_is_the_one_read():
    columns = HEADERS.columns(["Nom", "Courriel", "E-mail", "Service"])
    assert columns == {"last_name": (0, "Nom"), "email": (1, "Courriel")}


def test_a_header_naming_two_fields_goes_to_the_later_one():
    both = tabular.HeaderMap({"first": ("shared",), "second": ("Shared",)})
    assert both.recognise("SHARED") == "second"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_a_csv_reads_the_same_whatever_its_encoding_and_delimiter(encoding, delimiter):
    text = delimiter.join(["Nom", "Courriel"]) + "\r\n" + delimiter.join(["Léa Dupré", "lea@x.fr"])
    table = tabular.read_csv(text.encode(encoding), max_rows=10)
    assert table.headers == ["Nom", "Courriel"]
    assert [row.values for row in table.rows] == [("Léa Dupré", "lea@x.fr")]
