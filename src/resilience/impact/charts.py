"""Small server-side SVG charts. Okabe–Ito colours; lines also differ by dash and marker,
and every value is labelled, so nothing depends on colour alone. Each chart has a title
and a text description, and the page always shows the same numbers as a table."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
             "black": "#000000"}


def trend_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[int | None],
                target: int | None, unit: str = "") -> SafeString:
    """Cumulative values by quarter (solid blue line, round markers, value labels) against
    the target (dashed vermillion line labelled "Target")."""
    width, height, left, right, top, bottom = 420, 200, 44, 70, 16, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for v in values if v is not None]
    top_value = max([*known, target or 0, 1])
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    desc = "; ".join(f"{lab}: {'not available' if v is None else f'{v}{unit}'}"
                     for lab, v in zip(labels, values, strict=True))
    if target is not None:
        desc += f"; target {target}{unit}"
    parts.append(f'<desc id="{chart_id}-d">{escape(desc)}</desc>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
                 f'y2="{top + plot_h}" stroke="#1b1b1b" stroke-width="1"/>')
    parts.append(f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" '
                 f'font-size="11" fill="#1b1b1b">0</text>')
    parts.append(f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11" '
                 f'fill="#1b1b1b">{top_value}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="middle" '
                     f'font-size="11" fill="#1b1b1b">{escape(label)}</text>')
    if target is not None:
        ty = y(target)
        parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
                     f'stroke="{OKABE_ITO["vermillion"]}" stroke-width="2" '
                     f'stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{left + plot_w + 4}" y="{ty + 4:.1f}" font-size="11" '
                     f'fill="#1b1b1b">Target {target}{escape(unit)}</text>')
    points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{OKABE_ITO["blue"]}" '
                     f'stroke-width="2.5"/>')
    for i, v in enumerate(values):
        if v is None:
            continue
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" '
                     f'fill="{OKABE_ITO["blue"]}"/>')
        parts.append(f'<text x="{x(i):.1f}" y="{y(v) - 8:.1f}" text-anchor="middle" '
                     f'font-size="11" fill="#1b1b1b">{v}{escape(unit)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
