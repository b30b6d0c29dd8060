"""Bar charts drawn on the server as SVG: no script, no library, readable by a screen reader
(a title and description on the image, and the same figures in a table beside it)."""

from __future__ import annotations

from dataclasses import dataclass

BAR = 22
GAP = 6
LABEL_WIDTH = 220
CHART_WIDTH = 560


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_y: int
    #: The second series (attendance), drawn as a thinner bar inside the first.
    inner: float | None


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH


def bar_chart(key: str, title: str, rows: list[tuple[str, int, int | None]]) -> Chart:
    top = max((n for _label, n, _a in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, n, attended) in enumerate(rows):
        y = index * (BAR + GAP)
        bars.append(
            Bar(
                label=label,
                value=n,
                y=y,
                width=round(span * n / top, 1),
                text_y=y + BAR - 6,
                inner=None if attended is None else round(span * attended / top, 1),
            )
        )
    return Chart(key=key, title=title, bars=bars, height=max(1, len(rows)) * (BAR + GAP))
