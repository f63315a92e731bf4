"""What a dashboard figure is, for the pages (drawn by charts.py) and the API alike: its
numbers already through the small-cell rule (None = hidden), its words and its definition."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from bascule.insights import charts, stats

BAR, STACKED, LINE = "bar", "stacked", "line"
COUNT, PERCENT, DECIMAL = "count", "percent", "decimal"
FORMATS = {COUNT: charts.whole, PERCENT: charts.percent, DECIMAL: charts.decimal}


@dataclass(frozen=True)
class Definition:
    id: str
    term: str
    text: str


@dataclass
class Figure:
    id: str
    title: str
    summary: str
    definition: Definition
    kind: str  # BAR, STACKED or LINE
    labels: list[str]  # the bars' categories, or the periods of a line
    series: list[charts.Series]
    unit: str = COUNT
    label_header: str = ""
    maximum: float | None = None
    notes: list[str] = field(default_factory=list)

    def chart(self) -> charts.Chart:
        fmt = FORMATS[self.unit]
        common = {
            "chart_id": f"chart-{self.id}",
            "title": self.title,
            "summary": self.summary,
            "definition": self.definition.id,
        }
        if self.kind == BAR:
            return charts.bar_chart(
                **common,
                bars=list(zip(self.labels, self.series[0].values, strict=True)),
                value_header=self.series[0].name,
                category_header=self.label_header,
                fmt=fmt,
                maximum=self.maximum,
            )
        if self.kind == STACKED:
            return charts.stacked_bar_chart(
                **common,
                categories=self.labels,
                series=self.series,
                category_header=self.label_header,
                fmt=fmt,
            )
        return charts.line_chart(
            **common,
            x_labels=self.labels,
            series=self.series,
            x_header=self.label_header,
            fmt=fmt,
            maximum=self.maximum,
        )


def one(count: int) -> int | None:
    """A count on its own through the small-cell rule: None for 1 to 4 people."""
    return stats.suppress({"n": count}).value("n")


def rate(part: int, whole: int, people: int) -> float | None:
    """`part` of `whole` in percent, shown over MIN_CELL people or more."""
    if not whole or not stats.enough(people):
        return None
    return 100 * part / whole


def two_way(
    rows: list[Hashable], columns: list[Hashable], counts: Mapping[tuple, int]
) -> dict[Hashable, list[int | None]]:
    """A table of counts {row: [value per column]} through `stats.suppress` (complementary
    suppression over its rows, columns and totals)."""
    table = {row: {column: counts.get((row, column), 0) for column in columns} for row in rows}
    result = stats.suppress(table)
    return {row: [result.value((row, column)) for column in columns] for row in rows}
