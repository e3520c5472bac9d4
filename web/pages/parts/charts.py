"""Bar charts as inline SVG, drawn on the server: no JavaScript, no charting
library, nothing fetched from elsewhere, and printable as they are.

A chart is an ``<svg role="img">`` named by its ``<title>`` (and described by
a ``<desc>``), so a screen reader announces what it shows; the numbers are
always in a table beside it as well (WCAG 1.1.1), so the chart only adds
the picture. Colours are SVG attributes, not ``style`` (the Content-Security-
Policy allows no inline styles), and every text is escaped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH = 640
BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 230
VALUE_WIDTH = 70
#: At most this many bars; the table beside the chart has every row.
MOST_BARS = 15
LONGEST_LABEL = 28
INK = "#1b1b1b"
BAR = "#0b5394"     # the accent of kernteam.css: 7.9:1 on white
LIMIT = "#a4000f"   # a marker line (100% of a budget)

_ids = itertools.count(1)


def _label(text: str) -> str:
    """
    >>> _label("x" * 40)[-2:], _label("kort")
    ('x…', 'kort')
    """
    return text if len(text) <= LONGEST_LABEL else text[:LONGEST_LABEL - 1] + "…"


def bar_chart(title: str, bars: Sequence[tuple[str, float]], *, description: str = "",
              value_text: Callable[[float], str] = lambda v: f"{v:g}",
              limit: float | None = None) -> Markup:
    """A horizontal bar chart of ``bars`` (label, value), the first
    ``MOST_BARS`` of them. ``limit``: a value drawn as a vertical line (100%
    of a budget), which the scale always reaches.

    >>> svg = bar_chart("Verzoeken <per> wijk", [("Noord", 3), ("West", 1)])
    >>> "<title" in svg and "Verzoeken &lt;per&gt; wijk" in svg and svg.count("<rect") == 2
    True
    """
    shown = list(bars)[:MOST_BARS]
    chart_id = f"grafiek-{next(_ids)}"
    height = max(1, len(shown)) * (BAR_HEIGHT + GAP) + GAP
    top = max([v for _, v in shown] + [limit or 0.0, 0.0])
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
             f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}">',
             f'<title id="{chart_id}-t">{escape(title)}</title>',
             f'<desc id="{chart_id}-d">{escape(description)}</desc>']
    for row, (label, value) in enumerate(shown):
        y = GAP + row * (BAR_HEIGHT + GAP)
        width = 0.0 if top <= 0 else max(0.0, value) / top * room
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" fill="{INK}" '
                     f'font-size="13">{escape(_label(label))}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                     f'fill="{BAR}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle:.1f}" fill="{INK}" '
                     f'font-size="13">{escape(value_text(value))}</text>')
    if limit is not None and top > 0:
        x = LABEL_WIDTH + limit / top * room
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="{LIMIT}" '
                     'stroke-width="2" stroke-dasharray="4 3"/>')
    if not shown:
        parts.append(f'<text x="{LABEL_WIDTH}" y="{GAP + 13}" fill="{INK}" font-size="13">–</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
