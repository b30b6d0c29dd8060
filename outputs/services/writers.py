"""The two writers a build feeds block by block, in one pass over the reports: the HTML (written
to disk as it goes, its table of contents added at the end) and the DOCX (python-docx). The PDF is
WeasyPrint's rendering of the finished HTML. Every paragraph carries a stable id (``p-...``)
that the comment round refers to; each writer times itself, for the build's timings."""

from __future__ import annotations

import gc
import io
import json
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape

from outputs.services.charts import bar_chart_png

SVG_BAR, SVG_GAP, SVG_LABEL, SVG_WIDTH = 22, 6, 220, 560
#: The id a paragraph or list item starts with (``<p id="p-..." data-pid=...``).
PARAGRAPH_ID = re.compile(r'^<(p|li) id="p-[^"]*" ')


@dataclass
class Heading:
    level: int
    text: str
    anchor: str


def svg_chart(title: str, rows: list[tuple[str, int]], key: str) -> str:
    """A horizontal bar chart as inline SVG (no style attributes: the page's CSP allows none)."""
    top = max((n for _l, n in rows), default=0) or 1
    span = SVG_WIDTH - SVG_LABEL - 60
    height = max(1, len(rows)) * (SVG_BAR + SVG_GAP)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="svg-{key}" viewBox="0 0 {SVG_WIDTH} '
        f'{height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="svg-{key}">{escape(title)}</title>',
    ]
    for index, (label, n) in enumerate(rows):
        y = index * (SVG_BAR + SVG_GAP)
        width = round(span * n / top, 1)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{SVG_LABEL - 8}" y="{y + SVG_BAR - 6}" text-anchor="end" font-size="13">'
            f"{escape(short)}</text>"
            f'<rect x="{SVG_LABEL}" y="{y}" width="{width}" height="{SVG_BAR}" fill="#1f5fa8"/>'
            f'<text x="{SVG_LABEL + width + 6}" y="{y + SVG_BAR - 6}" font-size="13">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


class HtmlWriter:
    """Writes the body to ``body_path`` as blocks arrive and the paragraph index (JSON lines,
    for the comment pages); :meth:`finish` writes the whole document to ``path``."""

    def __init__(self, *, body_path: Path, index_path: Path):
        self.body_path = body_path
        self.body = body_path.open("w", encoding="utf-8")
        self.index = index_path.open("w", encoding="utf-8")
        self.headings: list[Heading] = []
        self.seconds = 0.0
        self._open_list = False

    def _index(self, **row) -> None:
        self.index.write(json.dumps(row, ensure_ascii=False) + "\n")

    def _close_list(self) -> None:
        if self._open_list:
            self.body.write("</ul>\n")
            self._open_list = False

    def heading(self, level: int, text: str, anchor: str) -> None:
        began = time.perf_counter()
        self._close_list()
        self.headings.append(Heading(level, text, anchor))
        self.body.write(f'<h{level} id="{anchor}">{escape(text)}</h{level}>\n')
        self._index(kind="h", id=anchor, level=level, text=text)
        self.seconds += time.perf_counter() - began

    def paragraph(self, pid: str, text: str, *, href: str = "", link: str = "") -> None:
        began = time.perf_counter()
        self._close_list()
        self.body.write(
            f'<p id="{pid}" data-pid="{pid}">{escape(text)}{self._link(href, link)}</p>\n'
        )
        self._index(kind="p", id=pid, text=text, href=href, link=link)
        self.seconds += time.perf_counter() - began

    def item(self, pid: str, text: str, *, href: str = "", link: str = "") -> None:
        began = time.perf_counter()
        if not self._open_list:
            self.body.write("<ul>\n")
            self._open_list = True
        self.body.write(
            f'<li id="{pid}" data-pid="{pid}">{escape(text)}{self._link(href, link)}</li>\n'
        )
        self._index(kind="p", id=pid, text=text, href=href, link=link)
        self.seconds += time.perf_counter() - began

    @staticmethod
    def _link(href: str, link: str) -> str:
        if not href:
            return ""
        return f' <a class="session-link" href="{escape(href)}">({escape(link)})</a>'

    def table(self, key: str, caption: str, headers: list[str], rows: list[list]) -> None:
        began = time.perf_counter()
        self._close_list()
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
        body = "".join(
            "<tr>"
            + f'<th scope="row">{escape(row[0])}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
            + "</tr>"
            for row in rows
        )
        self.body.write(
            f'<table id="table-{key}"><caption>{escape(caption)}</caption><thead><tr>{head}'
            f"</tr></thead><tbody>{body}</tbody></table>\n"
        )
        self.seconds += time.perf_counter() - began

    def chart(self, key: str, title: str, rows: list[tuple[str, int]]) -> None:
        began = time.perf_counter()
        self._close_list()
        self.body.write(f'<figure class="chart">{svg_chart(title, rows, key)}</figure>\n')
        self.seconds += time.perf_counter() - began

    def finish(
        self, *, path: Path, title: str, subtitle: str, lang: str, print_path: Path | None = None
    ) -> None:
        """Write the document to ``path`` and, given ``print_path``, its copy for WeasyPrint:
        the same document without the paragraphs' ids (``data-pid`` stays). WeasyPrint keeps an
        anchor and a named destination for every id; the PDF links only to headings, and ~1,700
        paragraph ids at 300 reports cost ~40 MiB of its peak memory (docs/outputs.md)."""
        began = time.perf_counter()
        self._close_list()
        self.body.close()
        self.index.close()
        head, tail = render_to_string(
            "outputs/document.html",
            {
                "title": title,
                "subtitle": subtitle,
                "lang": lang,
                "toc": [h for h in self.headings if h.level <= 3],
                "marker": "<!--BODY-->",
            },
        ).split("<!--BODY-->")
        with path.open("w", encoding="utf-8") as out, self.body_path.open(encoding="utf-8") as body:
            out.write(head)
            shutil.copyfileobj(body, out)
            out.write(tail)
        if print_path is not None:
            with (
                print_path.open("w", encoding="utf-8") as out,
                self.body_path.open(encoding="utf-8") as body,
            ):
                out.write(head)
                for line in body:  # one block a line
                    out.write(PARAGRAPH_ID.sub(r"<\1 ", line, count=1))
                out.write(tail)
        self.body_path.unlink()
        self.seconds += time.perf_counter() - began


class DocxWriter:
    """The same blocks into a python-docx document: headings (Word's Heading styles, so the TOC
    field finds them), a TOC field Word fills in when the file is opened, tables, PNG charts."""

    def __init__(self, *, title: str, subtitle: str):
        began = time.perf_counter()
        from docx import Document

        self.document = Document()
        self.document.core_properties.title = title
        self.document.add_heading(title, level=0)
        if subtitle:
            self.document.add_paragraph(subtitle)
        self._toc()
        self.seconds = time.perf_counter() - began

    def _toc(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.document.add_heading("Contents", level=1)
        run = self.document.add_paragraph().add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = 'TOC \\o "1-3" \\h \\z \\u'
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        placeholder = OxmlElement("w:t")
        placeholder.text = "Right-click and choose Update field to show the table of contents."
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for element in (begin, instr, separate, placeholder, end):
            run._r.append(element)
        # Ask Word to update the fields (the TOC) when it opens the file.
        settings = self.document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def heading(self, level: int, text: str, anchor: str) -> None:
        began = time.perf_counter()
        self.document.add_heading(text, level=min(level, 9))
        self.seconds += time.perf_counter() - began

    def paragraph(self, pid: str, text: str, *, href: str = "", link: str = "") -> None:
        began = time.perf_counter()
        paragraph = self.document.add_paragraph(text)
        if href:
            paragraph.add_run(f" ({link}: {href})").italic = True
        self.seconds += time.perf_counter() - began

    def item(self, pid: str, text: str, *, href: str = "", link: str = "") -> None:
        began = time.perf_counter()
        paragraph = self.document.add_paragraph(text, style="List Bullet")
        if href:
            paragraph.add_run(f" ({link}: {href})").italic = True
        self.seconds += time.perf_counter() - began

    def table(self, key: str, caption: str, headers: list[str], rows: list[list]) -> None:
        began = time.perf_counter()
        self.document.add_paragraph(caption, style="Caption")
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = str(text)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)
        self.seconds += time.perf_counter() - began

    def chart(self, key: str, title: str, rows: list[tuple[str, int]]) -> None:
        began = time.perf_counter()
        from docx.shared import Inches

        self.document.add_picture(io.BytesIO(bar_chart_png(rows)), width=Inches(6))
        self.seconds += time.perf_counter() - began

    def finish(self, *, path: Path) -> None:
        """Save the document and drop it (its tree is the writer's largest part)."""
        began = time.perf_counter()
        self.document.save(str(path))
        self.document = None
        gc.collect()  # python-docx's element proxies hold reference cycles
        self.seconds += time.perf_counter() - began


@dataclass
class Both:
    """Sends every block to both writers."""

    html: HtmlWriter
    docx: DocxWriter
    writers: list = field(init=False)

    def __post_init__(self):
        self.writers = [self.html, self.docx]

    def heading(self, level, text, anchor):
        for w in self.writers:
            w.heading(level, text, anchor)

    def paragraph(self, pid, text, **kw):
        for w in self.writers:
            w.paragraph(pid, text, **kw)

    def item(self, pid, text, **kw):
        for w in self.writers:
            w.item(pid, text, **kw)

    def table(self, key, caption, headers, rows):
        for w in self.writers:
            w.table(key, caption, headers, rows)

    def chart(self, key, title, rows):
        for w in self.writers:
            w.chart(key, title, rows)
