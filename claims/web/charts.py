"""Inline SVG charts drawn on the server: bars, daily columns and stacked daily columns, every label escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
BAR_ROW = 26
BAR_LABEL = 170
MAX_LABEL_CHARS = 26


def label_text(value) -> str:
    """How a category or day is written on a chart and in its table."""
    if isinstance(value, date):
        return f"{value.day} {value:%b}"
    return str(value)


def nice_ceiling(value: float) -> tuple[int, int]:
    """A round axis maximum at or above `value`, and the step between its gridlines (about four of them)."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _r(value: float) -> float:
    """Coordinates to a tenth of a unit: enough for the eye, and short in the page."""
    return round(value, 1)


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _frame(
    *, title: str, description: str, width: int, height: int, body: SafeString, ident: str
) -> SafeString:
    ident = ident or "chart-" + (slugify(title) or "untitled")
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=ident,
        title=title,
        desc=description,
        body=body,
    )


def _y_axis(*, maximum: int, step: int, plot_height: float, right: int) -> SafeString:
    ticks = []
    for value in range(0, maximum + 1, step):
        y = TOP + plot_height - plot_height * value / maximum
        ticks.append((LEFT, _r(y), right, _r(y), LEFT - 6, _r(y + 4), value))
    return format_html_join(
        "",
        '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
        ticks,
    )


def _x_labels(labels: Sequence[str], *, slot: float, baseline: float) -> SafeString:
    every = max(1, math.ceil(len(labels) / 10))
    shown = [
        (_r(LEFT + slot * (i + 0.5)), _r(baseline + 18), text)
        for i, text in enumerate(labels)
        if i % every == 0
    ]
    return format_html_join("", '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>', shown)


def bar_chart(
    *, title: str, items: Sequence[tuple[object, float]], unit: str = "", ident: str = ""
) -> SafeString:
    """Horizontal bars, one per category: for sources, ratings and people, whose names are long."""
    labels = [label_text(label) for label, _ in items]
    values = [value for _, value in items]
    maximum, _ = nice_ceiling(max(values, default=0))
    height = TOP + BOTTOM + BAR_ROW * max(1, len(items))
    span = WIDTH - BAR_LABEL - RIGHT - 40
    rows = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * BAR_ROW
        length = span * value / maximum
        rows.append(
            format_html(
                '<g class="bar"><title>{label}: {value}{unit}</title>'
                '<text class="label" x="{lx}" y="{ty}" text-anchor="end">{short}</text>'
                '<rect class="series-{n}" x="{x}" y="{y}" width="{len}" height="{h}" rx="2"/>'
                '<text class="value" x="{vx}" y="{ty}">{value}{unit}</text></g>',
                label=label,
                short=_short(label),
                value=value,
                unit=unit,
                n=i % 8,
                lx=BAR_LABEL - 8,
                x=BAR_LABEL,
                y=y + 4,
                h=BAR_ROW - 8,
                len=_r(length),
                vx=_r(BAR_LABEL + length + 6),
                ty=_r(y + BAR_ROW / 2 + 4),
            )
        )
    if items:
        top_label, top_value = max(zip(labels, values, strict=True), key=lambda item: item[1])
        description = f"{len(items)} bars; the largest is {top_label} with {top_value}{unit}."
    else:
        description = "No data in this period."
    return _frame(
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        body=mark_safe("".join(rows)),
        ident=ident,
    )


def column_chart(*, title: str, items: Sequence[tuple[object, int]], ident: str = "") -> SafeString:
    """Vertical columns over consecutive days (or any ordered categories)."""
    labels = [label_text(label) for label, _ in items]
    values = [value for _, value in items]
    maximum, step = nice_ceiling(max(values, default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(items))
    columns = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_height * value / maximum
        columns.append(
            format_html(
                '<rect class="series-0" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
                _r(LEFT + slot * i + slot * 0.12),
                _r(TOP + plot_height - h),
                _r(slot * 0.76),
                _r(h),
                label,
                value,
            )
        )
    body = mark_safe(
        _y_axis(maximum=maximum, step=step, plot_height=plot_height, right=WIDTH - RIGHT)
        + "".join(columns)
        + _x_labels(labels, slot=slot, baseline=TOP + plot_height)
    )
    if values:
        peak = max(range(len(values)), key=lambda i: values[i])
        description = (
            f"{len(values)} columns, {sum(values)} in all; the highest is {values[peak]} on {labels[peak]}."
        )
    else:
        description = "No data in this period."
    return _frame(title=title, description=description, width=WIDTH, height=HEIGHT, body=body, ident=ident)


def stacked_column_chart(
    *, title: str, labels: Sequence[object], series: Sequence[tuple[str, str, Sequence[int]]], ident: str = ""
) -> SafeString:
    """Stacked columns over days. `series` is (name, css key, values per label); the first series sits at the bottom."""
    labels = [label_text(label) for label in labels]
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    maximum, step = nice_ceiling(max(totals, default=0))
    plot_height = HEIGHT - TOP - BOTTOM - 22
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    parts = []
    for i, label in enumerate(labels):
        base = TOP + plot_height
        for name, key, values in series:
            h = plot_height * values[i] / maximum
            if h:
                parts.append(
                    format_html(
                        '<rect class="s-{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
                        key,
                        _r(LEFT + slot * i + slot * 0.12),
                        _r(base - h),
                        _r(slot * 0.76),
                        _r(h),
                        label,
                        values[i],
                        name,
                    )
                )
            base -= h
    legend = format_html_join(
        "",
        '<rect class="s-{}" x="{}" y="{}" width="11" height="11"/><text class="tick" x="{}" y="{}">{}</text>',
        (
            (key, LEFT + 130 * n, HEIGHT - 13, LEFT + 130 * n + 15, HEIGHT - 3, name)
            for n, (name, key, _) in enumerate(series)
        ),
    )
    body = mark_safe(
        _y_axis(maximum=maximum, step=step, plot_height=plot_height, right=WIDTH - RIGHT)
        + "".join(parts)
        + _x_labels(labels, slot=slot, baseline=TOP + plot_height)
        + legend
    )
    if labels:
        latest = ", ".join(f"{values[-1]} {name}" for name, _, values in series)
        description = f"{len(labels)} days; on {labels[-1]}, {totals[-1]} in all: {latest}."
    else:
        description = "No data in this period."
    return _frame(title=title, description=description, width=WIDTH, height=HEIGHT, body=body, ident=ident)
