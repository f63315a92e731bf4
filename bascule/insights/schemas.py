"""The insights API's schemas: the filters (a query string) and the figures, whose numbers
went through the small-cell rule (null: hidden, fewer than 5 people)."""

import datetime as dt

from ninja import Field, Schema


class FiltersIn(Schema):
    """Every filter is optional; the same as the page's form."""

    program: int | None = Field(None, description="A program's id (404 outside your scope)")
    cohort: int | None = Field(None, description="The year its programs started", examples=[2026])
    department: int | None = Field(None, description="A department's id")
    level_band: int | None = Field(
        None, description="Career levels 1–2 (1), 3–4 (2), 5–6 (3) or 7–8 (4)", examples=[2]
    )
    location: str | None = Field(None, description="An employee location", examples=["Lyon"])
    period_from: dt.date | None = Field(
        None, description="Default: 12 months before the end", examples=["2026-01-01"]
    )
    period_to: dt.date | None = Field(None, description="Default: today", examples=["2026-12-31"])


class SeriesOut(Schema):
    name: str = Field(examples=["People"])
    values: list[float | None] = Field(
        description="One value per label; null: hidden (fewer than 5 people)",
        examples=[[40, 31, None, 20]],
    )


class FigureOut(Schema):
    id: str = Field(examples=["funnel"])
    title: str = Field(examples=["Enrollment funnel"])
    summary: str = Field(examples=["20 of the 31 applications led to a pair."])
    definition: str = Field(description="What the figure counts", examples=["Invited: …"])
    kind: str = Field(description="bar, stacked or line", examples=["bar"])
    unit: str = Field(description="count, percent or decimal", examples=["count"])
    labels: list[str] = Field(
        description="The categories or the months", examples=[["Invited", "Applied"]]
    )
    series: list[SeriesOut]


class SectionOut(Schema):
    """One section of the dashboards for the filters given."""

    participants: int | None = Field(
        description="Approved participants the filters cover; null and no figure when fewer "
        "than 5 match",
        examples=[42],
    )
    period_from: dt.date = Field(examples=["2026-01-01"])
    period_to: dt.date = Field(examples=["2026-12-31"])
    figures: list[FigureOut]
