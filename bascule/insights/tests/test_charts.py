"""The dashboards' SVG charts: valid, accessible, escaped, and saying the same numbers as
their tables; hidden values drawn as hidden."""

import itertools
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output, through defusedxml

import pytest
from defusedxml.ElementTree import fromstring
from django.template.loader import render_to_string

from bascule.insights import charts
from bascule.insights.charts import Curve, Series

SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'R&D <script>alert("x")</script>'
HIDDEN = "hidden (fewer than 5)"


def parse(chart: charts.Chart) -> ET.Element:
    return fromstring(str(chart.svg))


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def drawn_values(root: ET.Element) -> list[str]:
    return [node.get("data-value") for node in root.iter() if node.get("data-value")]


def check_accessible(chart: charts.Chart, root: ET.Element) -> None:
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("viewBox")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == chart.title and desc.text == chart.summary
    nodes = root.iter(f"{SVG}text")
    sizes = {int(node.get("font-size") or root.get("font-size")) for node in nodes}
    assert min(sizes) >= 14  # in a drawing 380 units wide: 13 px or more at 375 px


def test_a_bar_chart_labels_its_bars_and_says_the_same_as_its_table():
    chart = charts.bar_chart(
        chart_id="c1",
        title=f"Funnel of {NASTY}",
        summary=f"{NASTY} & more",
        bars=[("Invited", 40), (NASTY, 12), ("Paired", None)],
        value_header="People",
    )
    root = parse(chart)
    check_accessible(chart, root)
    assert "<script>" not in str(chart.svg) and "&lt;script&gt;" in str(chart.svg)
    assert NASTY in texts(root)
    # The values drawn are those of the table; the hidden one is written, not drawn.
    assert drawn_values(root) == ["40", "12"]
    assert chart.table.rows == [["Invited", "40"], [NASTY, "12"], ["Paired", HIDDEN]]
    assert HIDDEN in texts(root)
    assert chart.table.headers == ["Group", "People"]


def test_a_stacked_bar_chart_has_a_legend_patterns_and_writes_hidden_segments():
    chart = charts.stacked_bar_chart(
        chart_id="c2",
        title="Health",
        summary="Most pairs are on track.",
        categories=["Jan 2026", "Feb 2026"],
        series=[Series("On track", [20, 25]), Series(NASTY, [None, 6]), Series("At risk", [0, 7])],
    )
    root = parse(chart)
    check_accessible(chart, root)
    assert {"On track", NASTY, "At risk"} <= set(texts(root))  # the legend, in words
    assert len(list(root.iter(f"{SVG}pattern"))) == 2  # the 2nd and 3rd series are patterned
    assert drawn_values(root) == ["20", "25", "6", "7"]
    assert chart.table.rows == [["Jan 2026", "20", HIDDEN, "0"], ["Feb 2026", "25", "6", "7"]]
    assert f"{NASTY}: {HIDDEN}" in " ".join(texts(root))  # cut to fit, see below


def test_a_long_note_is_cut_into_lines_that_fit_the_drawing():
    names = [f"Promoters (9–10) of {NASTY}", "Passives (7–8)", "Detractors (0–6)"]
    chart = charts.stacked_bar_chart(
        chart_id="c6",
        title="Recommend",
        summary="Too few.",
        categories=["Mentors", "Mentees"],
        series=[Series(name, [None, 9]) for name in names],
    )
    root = parse(chart)
    italic = [node for node in root.iter(f"{SVG}text") if node.get("font-style") == "italic"]
    notes = ["".join(node.itertext()) for node in italic]
    assert len(notes) > 1 and max(len(note) for note in notes) <= charts.NOTE_CHARACTERS
    assert " ".join(notes) == f"{', '.join(names)}: {HIDDEN}"
    # The lines are one under the other, and the drawing is tall enough for them.
    lines_y = [float(node.get("y")) for node in italic]
    assert all(b - a >= charts.SMALL for a, b in itertools.pairwise(lines_y))
    assert max(lines_y) < float(root.get("viewBox").split()[3])


def test_a_line_chart_names_each_series_at_its_end_and_leaves_gaps_for_hidden_points():
    chart = charts.line_chart(
        chart_id="c3",
        title="Pulse",
        summary="Steady.",
        x_labels=["Jan", "Feb", "Mar"],
        series=[Series("Mean pulse", [3.5, None, 4.0]), Series("Other", [None, None, None])],
        x_header="Month",
        fmt=charts.decimal,
        maximum=5,
    )
    root = parse(chart)
    check_accessible(chart, root)
    assert drawn_values(root) == ["3.5", "4.0"]
    assert {"Mean pulse", "4.0"} <= set(texts(root))  # its name and last value at its end
    assert f"Other: {HIDDEN}" in texts(root)
    # A gap: no line joins two points across the hidden one.
    assert not list(root.iter(f"{SVG}polyline"))
    assert chart.table.rows == [
        ["Jan", "3.5", HIDDEN],
        ["Feb", HIDDEN, HIDDEN],
        ["Mar", "4.0", HIDDEN],
    ]
    dashes = charts.line_chart(
        chart_id="c4", title="t", summary="s", x_labels=["a", "b"], x_header="x",
        series=[Series("one", [1, 2]), Series("two", [2, 3])],
    )  # fmt: skip
    lines = list(parse(dashes).iter(f"{SVG}polyline"))
    assert [line.get("stroke-dasharray") for line in lines] == [None, "8 4"]


def test_a_step_chart_draws_curves_with_their_band_and_hides_small_groups():
    chart = charts.step_chart(
        chart_id="c5",
        title="Retention",
        summary="Most stayed.",
        x_header="Months",
        curves=[
            Curve(
                "Mentors",
                n=10,
                times=[3.0, 8.0],
                survival=[0.9, 0.8],
                lower=[0.6, 0.5],
                upper=[0.97, 0.93],
                at_risk=[10, 9],
            ),  # fmt: skip
            Curve("Peers", n=3),
        ],
        horizon=12,
    )
    root = parse(chart)
    check_accessible(chart, root)
    assert len(list(root.iter(f"{SVG}polygon"))) == 1  # the band of the one curve shown
    assert drawn_values(root) == ["80 %"]
    assert {"Mentors", "80 %", f"Peers: {HIDDEN}"} <= set(texts(root))
    assert chart.table.rows[0] == ["Mentors", "3.0", "90 %", "60 % to 97 %", "10"]
    assert chart.table.rows[-1] == ["Peers", "", HIDDEN, "", ""]


def test_two_charts_on_a_page_keep_their_ids_apart():
    one = charts.stacked_bar_chart(chart_id="a", title="A", summary="a", categories=["x"],
                                   series=[Series("s", [5]), Series("t", [6])])  # fmt: skip
    other = charts.stacked_bar_chart(chart_id="b", title="B", summary="b", categories=["x"],
                                     series=[Series("s", [5]), Series("t", [6])])  # fmt: skip
    ids = [n.get("id") for c in (one, other) for n in parse(c).iter() if n.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_partial_shows_the_drawing_its_summary_and_the_numbers(language, settings):
    from django.utils import translation

    with translation.override(language):
        chart = charts.bar_chart(
            chart_id="c6", title=NASTY, summary="Fine.", bars=[("A", 7), ("B", None)],
            value_header="People", definition="funnel",
        )  # fmt: skip
        html = render_to_string("insights/partials/chart.html", {"chart": chart})
    assert "<script>" not in html
    assert 'href="#def-funnel"' in html
    assert '<details class="chart-numbers">' in html and "<caption>" in html
    hidden = "masqué (moins de 5)" if language == "fr" else HIDDEN
    assert hidden in html
