"""The shared export helper (bascule/core/exports.py) and the one rule against formulas."""

import datetime as dt

import pytest
from django.http import Http404

from bascule.core import tabular
from bascule.core.audit_views import csv_cell
from bascule.core.exports import ascii_filename, export_response, iso_date
from bascule.testing import read_export

SHEETS = [("Pairs", ["Name", "Note"], [["Zoé", " =1+1"], ["Bob", 3], ["Eve", None]])]


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", " =1+1", "  @x", "\t=1", " \n+1"],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted(value):
    assert tabular.safe_cell(value) == "'" + value
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Zoé", "a=b", " plain", "", 12, None])
def test_other_cells_are_unchanged(value):
    assert tabular.safe_cell(value) == value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_answers_the_file_with_its_type_and_name(fmt):
    response = export_response(fmt, "pairs-Équipe «A»", SHEETS)
    assert response["Content-Disposition"] == f'attachment; filename="pairs-Equipe-A.{fmt}"'
    rows = read_export(response)
    if fmt == "csv":
        assert rows[0] == ["Pairs"]
        rows = rows[1:]
    assert rows[0] == ["Name", "Note"]
    assert rows[1] == ["Zoé", "' =1+1"]
    assert list(rows[2]) == ["Bob", "3" if fmt == "csv" else 3]


@pytest.mark.parametrize("fmt", ["pdf", "json", "CSV", ""])
def test_any_other_format_is_a_404(fmt):
    with pytest.raises(Http404):
        export_response(fmt, "x", SHEETS)


def test_names_and_dates():
    assert ascii_filename("../../etc/passwd") == "etc-passwd"
    assert ascii_filename("日本") == "export"
    assert iso_date(None) == ""
    assert iso_date(dt.date(2027, 1, 2)) == "2027-01-02"
    moment = dt.datetime(2027, 1, 1, 23, 30, tzinfo=dt.UTC)
    assert iso_date(moment, dt.timezone(dt.timedelta(hours=2))) == "2027-01-02"
