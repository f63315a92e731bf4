"""Charts of the dashboards, drawn on the server as SVG: no library, no script, no CDN.

Four kinds: horizontal bars, stacked horizontal bars, lines over time (one or more series) and
a step curve with its confidence band (Kaplan–Meier). Every chart:

- is an `<svg role="img">` whose `<title>` and `<desc>` name it (aria-labelledby), scaling with
  its container (a viewBox, width 100 %) and with text large enough at a phone's width;
- labels its bars and the ends of its series directly, in words and numbers, never by colour
  alone: the Okabe–Ito palette (safe for colour blindness), a pattern per stacked series and a
  dash and marker per line;
- comes with the same numbers as a table (`Chart.table`: caption, headers, rows), shown behind
  "Show the numbers" by templates/insights/partials/chart.html;
- draws a value hidden by the small-cell rule (None) as "hidden (fewer than 5)", the same
  words as its table.

Every text is escaped (a program's name may hold < & "). The caller gives the one-sentence
summary; values come already suppressed (bascule.insights.stats.suppress).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from bascule.insights.stats import MIN_CELL

# Okabe–Ito, the darkest first: the first four keep a 3:1 contrast with white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7", "#E69F00", "#56B4E9")
PATTERNS = ("solid", "hatch", "dots", "cross", "lines")
DASHES = ("", "8 4", "2 4", "10 4 2 4", "4 4")
INK = "#1a1a1a"
GRID = "#8a8a8a"

# The drawing's own units: text is FONT units high in a drawing WIDTH units wide, so that at a
# phone's width (about 340 px of content) it is still 13 px high or more.
WIDTH = 380
FONT = 15
SMALL = 14

Value = int | float | None
Format = Callable[[float], str]


def hidden_text() -> str:
    return _("hidden (fewer than %(n)s)") % {"n": MIN_CELL}


def whole(value: float) -> str:
    return number_format(round(value), 0, force_grouping=True)


def percent(value: float) -> str:
    return _("%(value)s %%") % {"value": number_format(round(value), 0)}


def decimal(value: float) -> str:
    return number_format(value, 1)


def shown(value: Value, fmt: Format) -> str:
    """`value` as text, or the hidden words."""
    return hidden_text() if value is None else fmt(value)


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]

    @property
    def all_hidden(self) -> bool:
        """Whether every value of every row is hidden (the first column names the row): a
        table a printed report says in one sentence instead of a page of "hidden"."""
        hidden = hidden_text()
        return bool(self.rows) and all(cell == hidden for row in self.rows for cell in row[1:])


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    svg: SafeString
    table: Table
    definition: str = ""  # the id of its definition in the page's definitions list
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]


@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier curve, or None for a group too small to show (`n` < MIN_CELL)."""

    name: str
    n: int
    times: Sequence[float] = ()
    survival: Sequence[float] = ()
    lower: Sequence[float] = ()
    upper: Sequence[float] = ()
    at_risk: Sequence[int] = ()


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, title: str, summary: str, height: float) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{cid}-title {cid}-desc" font-family="inherit" font-size="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(summary)}</desc>',
    ]


def _defs(chart_id: str, count: int) -> str:
    """One fill per series: its colour with its pattern."""
    parts = ["<defs>"]
    for index in range(count):
        colour = PALETTE[index % len(PALETTE)]
        kind = PATTERNS[index % len(PATTERNS)]
        if kind == "solid":
            continue
        pid = escape(f"{chart_id}-p{index}")
        parts.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="#ffffff"/>'
        )
        if kind == "hatch":
            parts.append(f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" '
                         'stroke-width="3"/>')  # fmt: skip
        elif kind == "dots":
            parts.append(f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.35"/>'
                         f'<circle cx="4" cy="4" r="2.2" fill="{colour}"/>')  # fmt: skip
        elif kind == "cross":
            parts.append(f'<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{colour}" stroke-width="2"/>')
        else:
            parts.append(f'<path d="M0,4 h8" stroke="{colour}" stroke-width="3"/>')
        parts.append("</pattern>")
    parts.append("</defs>")
    return "".join(parts)


def _fill(chart_id: str, index: int) -> str:
    if PATTERNS[index % len(PATTERNS)] == "solid":
        return PALETTE[index % len(PALETTE)]
    return f"url(#{escape(chart_id)}-p{index})"


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT, **attrs: str
) -> str:
    extra = "".join(f' {key.replace("_", "-")}="{escape(value)}"' for key, value in attrs.items())
    size_attr = "" if size == FONT else f' font-size="{size}"'
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{INK}"{size_attr}{extra}>'
        f"{escape(text)}</text>"
    )


def _chart(chart_id, title, summary, parts, height, headers, rows, definition) -> Chart:
    svg = "".join([*_open(chart_id, title, summary, height), *parts, "</svg>"])
    return Chart(
        id=chart_id,
        title=title,
        summary=summary,
        svg=mark_safe(svg),  # noqa: S308 - every text above went through escape()
        table=Table(caption=title, headers=headers, rows=rows),
        definition=definition,
    )


# --- Horizontal bars -----------------------------------------------------------------------


def bar_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    bars: Sequence[tuple[str, Value]],
    value_header: str,
    category_header: str = "",
    fmt: Format = whole,
    maximum: float | None = None,
    definition: str = "",
) -> Chart:
    """Horizontal bars, one per (label, value): the label above its bar, the value at its end."""
    values = [value for _label, value in bars if value is not None]
    top = maximum or max([*values, 0]) or 1
    room = WIDTH - 90  # the longest bar leaves room for its value
    step = FONT * 2 + 20
    parts = []
    for index, (label, value) in enumerate(bars):
        y = 8 + index * step
        parts.append(_text(0, y + FONT, label))
        bar_y = y + FONT + 6
        if value is None:
            parts.append(_text(0, bar_y + FONT, hidden_text(), size=SMALL, font_style="italic"))
            continue
        length = max(room * value / top, 0)
        parts.append(
            f'<rect x="0" y="{_n(bar_y)}" width="{_n(length)}" height="{FONT + 4}" '
            f'fill="{PALETTE[0]}" data-value="{escape(fmt(value))}"/>'
        )
        parts.append(_text(length + 6, bar_y + FONT, fmt(value), font_weight="bold"))
    height = 8 + len(bars) * step + 4
    rows = [[label, shown(value, fmt)] for label, value in bars]
    headers = [category_header or _("Group"), value_header]
    return _chart(chart_id, title, summary, parts, height, headers, rows, definition)


# --- Stacked bars --------------------------------------------------------------------------


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_header: str = "",
    fmt: Format = whole,
    definition: str = "",
) -> Chart:
    """One horizontal bar per category, made of one segment per series (its colour and
    pattern, its value inside when it fits); a legend names the series; the values a bar
    cannot show (hidden) are written after it."""
    totals = [
        sum(s.values[i] or 0 for s in series) for i in range(len(categories))
    ]  # what is drawn
    top = max([*totals, 0]) or 1
    room = WIDTH - 10
    parts = [_defs(chart_id, len(series))]
    # The legend first: a swatch and the name of each series, two per line.
    legend_y = 4
    for index, item in enumerate(series):
        column, line = index % 2, index // 2
        x = column * (WIDTH / 2)
        y = legend_y + line * (FONT + 10)
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{FONT + 2}" height="{FONT + 2}" '
            f'fill="{_fill(chart_id, index)}" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(_text(x + FONT + 8, y + FONT - 1, item.name, size=SMALL))
    y = legend_y + ((len(series) + 1) // 2) * (FONT + 10) + 6
    for index, label in enumerate(categories):
        parts.append(_text(0, y + FONT, label))
        bar_y = y + FONT + 6
        x = 0.0
        missing = []
        for s_index, item in enumerate(series):
            value = item.values[index]
            if value is None:
                missing.append(item.name)
                continue
            if value == 0:
                continue
            length = room * value / top
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(bar_y)}" width="{_n(length)}" height="{FONT + 10}" '
                f'fill="{_fill(chart_id, s_index)}" stroke="#ffffff" stroke-width="1" '
                f'data-value="{escape(fmt(value))}"><title>{escape(item.name)}: '
                f"{escape(fmt(value))}</title></rect>"
            )
            label_text = fmt(value)
            if length >= len(label_text) * 9 + 8:
                box = len(label_text) * 9 + 4
                parts.append(
                    f'<rect x="{_n(x + 2)}" y="{_n(bar_y + 3)}" width="{_n(box)}"'
                    f' height="{FONT + 4}" fill="#ffffff"/>'
                )
                parts.append(_text(x + 4, bar_y + FONT + 2, label_text, size=SMALL))
            x += length
        next_y = bar_y + FONT + 10
        if not missing and not any(item.values[index] for item in series):
            parts.append(_text(0, bar_y + FONT, whole(0), size=SMALL))
        if missing:
            words = _("%(names)s: %(hidden)s") % {
                "names": ", ".join(missing),
                "hidden": hidden_text(),
            }
            lines = _note_lines([words])
            parts.extend(_notes(lines, top=next_y - 2))
            next_y += len(lines) * (SMALL + 6) + 2
        y = next_y + 14
    rows = [
        [label, *(shown(item.values[index], fmt) for item in series)]
        for index, label in enumerate(categories)
    ]
    headers = [category_header or _("Group"), *(item.name for item in series)]
    return _chart(chart_id, title, summary, parts, y + 4, headers, rows, definition)


# --- Lines over time -----------------------------------------------------------------------

PLOT_LEFT = 46
PLOT_RIGHT = WIDTH - 128  # room for the labels at the series' ends
PLOT_TOP = 12
PLOT_HEIGHT = 190


def _marker(index: int, x: float, y: float, colour: str, value: str) -> str:
    shape = index % 3
    data = f'data-value="{escape(value)}"'
    if shape == 0:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{colour}" {data}/>'
    if shape == 1:
        return (
            f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="{colour}" {data}/>'
        )
    return f'<path d="M{_n(x)},{_n(y - 5)} l5,9 h-10 z" fill="{colour}" {data}/>'  # a triangle


def nice_axis(top: float, *, fixed: bool = False) -> tuple[float, int]:
    """The axis' top and its number of steps: a given maximum (100 %, 5) as it is, else a
    round number above `top` (steps of 1, 2 or 5 × 10^k)."""
    if fixed:
        return top, 5 if top == 5 else 4
    raw = max(top, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(max(top, 1) / step), math.ceil(max(top, 1) / step)


def _y_axis(top: float, fmt: Format, steps: int = 4) -> list[str]:
    parts = []
    for step in range(steps + 1):
        value = top * step / steps
        y = PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * step / steps
        parts.append(
            f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{_n(y)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
        )
        parts.append(_text(PLOT_LEFT - 6, y + 5, fmt(value), anchor="end", size=SMALL))
    return parts


def _end_labels(ends: list[tuple[float, str, str]]) -> list[str]:
    """The labels at the series' ends (a name, its value below), moved apart vertically so
    that they never overlap."""
    gap = 2 * (SMALL + 2)
    placed: list[tuple[float, str, str]] = []
    # From the lowest up: each label above the axis' labels and above the one below it.
    limit = PLOT_TOP + PLOT_HEIGHT - SMALL
    for y, name, value in sorted(ends, reverse=True):
        y = min(y, limit)
        placed.append((y, name, value))
        limit = y - gap
    parts = []
    for y, name, value in placed:
        parts.append(_text(PLOT_RIGHT + 8, y, name, size=SMALL))
        parts.append(_text(PLOT_RIGHT + 8, y + SMALL + 2, value, size=SMALL, font_weight="bold"))
    return parts


# How many characters of SMALL italic text fit on a line of the drawing's WIDTH.
NOTE_CHARACTERS = 46


def _note_lines(notes: list[str]) -> list[str]:
    """The notes cut into lines that fit the drawing's width (SVG text does not wrap)."""
    return [line for note in notes for line in textwrap.wrap(note, NOTE_CHARACTERS) or [""]]


def _notes(lines: list[str], top: float = PLOT_TOP + PLOT_HEIGHT + 32) -> list[str]:
    """What a chart could not draw (a hidden series), in words under it, one `_note_lines`
    line under the other from `top`."""
    return [
        _text(0, top + (index + 1) * (SMALL + 6) - 4, line, size=SMALL, font_style="italic")
        for index, line in enumerate(lines)
    ]


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def line_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    x_header: str,
    fmt: Format = whole,
    maximum: float | None = None,
    definition: str = "",
) -> Chart:
    """One line per series over `x_labels` (the periods), with its dash and marker; a hidden
    value leaves a gap. Each series is named at its last shown point."""
    values = [v for s in series for v in s.values if v is not None]
    top, steps = nice_axis(maximum or max([*values, 0]), fixed=maximum is not None)
    count = len(x_labels)
    width = PLOT_RIGHT - PLOT_LEFT

    def x_at(i: int) -> float:
        return PLOT_LEFT + (width * i / (count - 1) if count > 1 else width / 2)

    def y_at(value: float) -> float:
        return PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * min(value, top) / top

    # Whole numbers on the axis of counts; the values' own format otherwise.
    axis_fmt = whole if fmt is whole else fmt
    parts = _y_axis(top, axis_fmt, steps)
    # The periods under the axis: all of them when few, else every n-th back from the last.
    every = max(1, math.ceil(count / 3))
    for i, label in enumerate(x_labels):
        if (count - 1 - i) % every == 0:
            parts.append(
                _text(x_at(i), PLOT_TOP + PLOT_HEIGHT + 20, label, anchor="middle", size=SMALL)
            )
    ends, notes = [], []
    for s_index, item in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        dash = DASHES[s_index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        last = None
        for i, value in enumerate(item.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_n(x_at(i))},{_n(y_at(value))}")
            parts.append(_marker(s_index, x_at(i), y_at(value), colour, fmt(value)))
            last = (i, value)
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr}/>'
                )
        if last is None:
            notes.append(_("%(names)s: %(hidden)s") % {"names": item.name, "hidden": hidden_text()})
        else:
            ends.append((y_at(last[1]), _short(item.name), fmt(last[1])))
    parts.extend(_end_labels(ends))
    lines = _note_lines(notes)
    parts.extend(_notes(lines))
    height = PLOT_TOP + PLOT_HEIGHT + 32 + len(lines) * (SMALL + 6)
    rows = [
        [label, *(shown(item.values[i], fmt) for item in series)]
        for i, label in enumerate(x_labels)
    ]
    headers = [x_header, *(item.name for item in series)]
    return _chart(chart_id, title, summary, parts, height, headers, rows, definition)


# --- A step curve with its band (Kaplan–Meier) ---------------------------------------------


def step_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    curves: Sequence[Curve],
    x_header: str,
    horizon: float | None = None,
    definition: str = "",
) -> Chart:
    """Kaplan–Meier curves: the share without the event (0–100 %) as steps over time, each
    with its 95 % band (its colour, light) and its name and last value at its end. A curve
    over fewer than MIN_CELL people is not drawn, its name says why."""
    drawn = [c for c in curves if c.n >= MIN_CELL]
    end = horizon or max([t for c in drawn for t in c.times] + [1.0])
    width = PLOT_RIGHT - PLOT_LEFT

    def x_at(t: float) -> float:
        return PLOT_LEFT + width * min(t, end) / end

    def y_at(share: float) -> float:
        return PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * share

    parts = _y_axis(100, percent, 4)
    for step in range(5):
        t = end * step / 4
        parts.append(
            _text(x_at(t), PLOT_TOP + PLOT_HEIGHT + 20, whole(t), anchor="middle", size=SMALL)
        )
    ends, notes = [], []
    for index, curve in enumerate(curves):
        colour = PALETTE[index % len(PALETTE)]
        if curve.n < MIN_CELL:
            notes.append(
                _("%(names)s: %(hidden)s") % {"names": curve.name, "hidden": hidden_text()}
            )
            continue
        # The steps: 100 % until the first event, then each estimate until the next time.
        times = [0.0, *curve.times, end]
        survival = [1.0, *curve.survival]
        lower = [1.0, *curve.lower]
        upper = [1.0, *curve.upper]
        line, top_edge, bottom_edge = [], [], []
        for i, share in enumerate(survival):
            x1, x2 = x_at(times[i]), x_at(max(times[i + 1], times[i]))
            line += [f"{_n(x1)},{_n(y_at(share))}", f"{_n(x2)},{_n(y_at(share))}"]
            top_edge += [(x1, y_at(upper[i])), (x2, y_at(upper[i]))]
            bottom_edge += [(x1, y_at(lower[i])), (x2, y_at(lower[i]))]
        band = " ".join(f"{_n(x)},{_n(y)}" for x, y in [*top_edge, *reversed(bottom_edge)])
        parts.append(f'<polygon points="{band}" fill="{colour}" fill-opacity="0.15"/>')
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{" ".join(line)}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr} data-value="{escape(percent(100 * survival[-1]))}"/>'
        )
        ends.append((y_at(survival[-1]), _short(curve.name), percent(100 * survival[-1])))
    parts.extend(_end_labels(ends))
    lines = _note_lines(notes)
    parts.extend(_notes(lines))
    height = PLOT_TOP + PLOT_HEIGHT + 32 + len(lines) * (SMALL + 6)
    rows = []
    for curve in curves:
        if curve.n < MIN_CELL:
            rows.append([curve.name, "", hidden_text(), "", ""])
            continue
        for i, t in enumerate(curve.times):
            rows.append(
                [
                    curve.name,
                    decimal(t),
                    percent(100 * curve.survival[i]),
                    _("%(low)s to %(high)s")
                    % {"low": percent(100 * curve.lower[i]), "high": percent(100 * curve.upper[i])},
                    shown(curve.at_risk[i] if curve.at_risk[i] >= MIN_CELL else None, whole),
                ]
            )
    headers = [_("Group"), x_header, _("Estimate"), _("Interval (95 %)"), _("At risk")]
    return _chart(chart_id, title, summary, parts, height, headers, rows, definition)
