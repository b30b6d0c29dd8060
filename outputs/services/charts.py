"""A bar chart drawn as a PNG for the DOCX (python-docx takes no SVG), with Pillow, which
WeasyPrint already brings. The HTML and PDF draw the same figures as SVG (the template)."""

from __future__ import annotations

import io

BAR, GAP, LABEL, WIDTH, PAD = 22, 6, 240, 720, 8


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: the bitmap font
        return ImageFont.load_default()


def bar_chart_png(rows: list[tuple[str, int]]) -> bytes:
    from PIL import Image, ImageDraw

    top = max((n for _label, n in rows), default=0) or 1
    height = max(1, len(rows)) * (BAR + GAP) + 2 * PAD
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(14)
    span = WIDTH - LABEL - 70
    for index, (label, n) in enumerate(rows):
        y = PAD + index * (BAR + GAP)
        text = label if len(label) <= 30 else label[:29] + "…"
        draw.text((LABEL - 8, y + BAR / 2), text, fill="#222222", font=font, anchor="rm")
        draw.rectangle([LABEL, y, LABEL + max(1, span * n / top), y + BAR], fill="#1f5fa8")
        draw.text(
            (LABEL + span * n / top + 6, y + BAR / 2),
            str(n),
            fill="#222222",
            font=font,
            anchor="lm",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
