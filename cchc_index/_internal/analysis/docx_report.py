"""A Word draft of the results section, laid out as Vietnamese administrative documents are.

A4, Times New Roman 13 for text (Decree 30/2020/NĐ-CP margins: top and bottom 20 mm, left
30 mm, right 15 mm), a bold centred title, the factual paragraph of
:func:`~.summary.summary_text`, the units per class, the charts, and the
annex table on landscape pages with its header row repeated on every page. Numbers use a
decimal comma. The analyst pastes it into the report and edits it there.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from cchc_index._internal.analysis.lost_points import lost_across_units
from cchc_index._internal.analysis.summary import summary_text
from cchc_index._internal.analysis.workbook import chart_pages, chart_png
from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.files import atomic_write
from cchc_index._internal.messages import number_text
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.report.annex import (
    OfficialHeader,
    official_header_text,
    results_year,
    signer_lines,
    unit_notes,
)
from cchc_index._internal.report.tables import annex_order
from cchc_index._internal.report.text import methodology_cited
from cchc_index._internal.text import safe_text

FONT = "Times New Roman"
TEXT_SIZE, TABLE_SIZE, ANNEX_SIZE = 13, 12, 10
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 165, 252  # mm between the margins



def _w(key: str, lang: str, **values: object) -> str:
    return catalogue_text("docx", key, lang, **values)


def write_docx(result, path: str | Path, comparison: pd.DataFrame | None = None,
               robust: pd.DataFrame | None = None, summary: str | None = None,
               lang: str = "vi") -> Path:
    """Write the Word draft atomically; returns its path."""
    document = build_document(result, comparison, robust, summary, lang)
    return atomic_write(Path(path), document.save)


def build_document(result, comparison: pd.DataFrame | None = None,
                   robust: pd.DataFrame | None = None, summary: str | None = None,
                   lang: str = "vi"):
    """The python-docx Document of the results section (not saved)."""
    try:
        import docx  # noqa: F401
    except ImportError as exc:
        raise UsageError([Problem("A012", found=str(exc))]) from exc
    from docx import Document

    document = Document()
    _page(document.sections[0], landscape=False)
    _styles(document)
    year = next((str(y) for y in result.results.get("year", []) if y and y == y), "")
    year_text = _w("year", lang, year=year) if year else ""
    _centred(document, _w("title", lang, year=year_text), bold=True, size=14)
    cited = methodology_cited(result.methodology, lang, years=True)
    _centred(document, _w("basis", lang, methodology=cited),
             italic=True)
    _heading(document, _w("overview", lang))
    text = summary if summary is not None else summary_text(result, comparison, robust, lang)
    for paragraph in filter(None, (line.strip() for line in text.splitlines())):
        _body(document, paragraph)
    _heading(document, _w("classes", lang))
    _table(document, *_class_table(result, lang), size=TABLE_SIZE, widths=[60, 35, 35])
    lost = lost_across_units(result, 10)
    if not lost.empty:
        _heading(document, _w("lost", lang))
        _table(document, *_lost_table(lost, result.methodology.rounding.decimals, lang),
               size=TABLE_SIZE, widths=[16, 89, 30, 30])
    charts = list(_charts(result, comparison, robust, lang))
    if charts:
        _heading(document, _w("charts", lang))
        for image in charts:
            _picture(document, image)
    _annex(document, result, comparison, robust, year_text, lang)
    return document


# Room a picture leaves on its page for its paragraph's line spacing, so that the page
# holds it whole.
PICTURE_ROOM_MM = 10


def _picture(document, image) -> None:
    """``image`` at its own size (width from its dpi), scaled down, keeping its aspect
    ratio, to fit the text area of the last section: at most its width between the
    margins and its height between the margins less :data:`PICTURE_ROOM_MM`."""
    from docx.shared import Mm

    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    height = (section.page_height - section.top_margin - section.bottom_margin
              - Mm(PICTURE_ROOM_MM))
    shape = document.add_picture(image)
    scale = min(1.0, width / shape.width, height / shape.height)
    shape.width, shape.height = int(shape.width * scale), int(shape.height * scale)


def _annex(document, result, comparison, robust, year_text, lang) -> None:
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    header = official_header_text(result.methodology, lang)
    if header is not None:  # as the workbook's annex: the agency, the Quốc hiệu, the decision
        _official_header(document, header)
    titled = header is not None and header.attached  # "Phụ lục" is said above: not twice
    _centred(document, _w("title" if titled else "annex", lang, year=year_text), bold=True,
             size=TEXT_SIZE)
    cited = methodology_cited(result.methodology, lang, years=True)
    _centred(document, _w("basis", lang, methodology=cited),
             italic=True)
    headers, rows, numeric = _annex_table(result, comparison, robust, lang)
    wide = {_w("stt", lang): 9, _w("unit", lang): 38, _w("group", lang): 15,
            _w("class", lang): 18, _w("interval", lang): 14, _w("note", lang): 30}
    rest = (LANDSCAPE_WIDTH - sum(wide.get(h, 0) for h in headers)) / sum(
        h not in wide for h in headers)
    _table(document, headers, rows, numeric, size=ANNEX_SIZE,
           widths=[wide.get(h, rest) for h in headers])
    _signature(document, result.methodology.signer)


def _official_header(document, header: OfficialHeader) -> None:
    """The agency (left) beside the Quốc hiệu (right), in a table without borders, then
    "Phụ lục" and the decision it is attached to."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)  # the default style: no borders
    for cell, width in zip(table.rows[0].cells, (100, LANDSCAPE_WIDTH - 100), strict=True):
        cell.width = Mm(width)
    left, right = table.rows[0].cells
    for number, line in enumerate(header.issuer_lines):
        paragraph = left.paragraphs[0] if number == 0 else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, line, bold=True, size=TABLE_SIZE)
    nation = right.paragraphs[0]
    nation.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(nation, header.nation, bold=True, size=TABLE_SIZE)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(motto, header.motto, bold=True, size=TEXT_SIZE).underline = True
    if header.attached:
        _centred(document, header.annex, bold=True, size=TEXT_SIZE)
        _centred(document, header.attached, italic=True)


def _signature(document, signer: str) -> None:
    """The signer's title lines and name on the right, under the annex, room to sign."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    titles, name = signer_lines(signer)
    if not name:
        return
    for number, line in enumerate([*titles, *([""] * 3 if titles else []), name]):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.left_indent = Mm(LANDSCAPE_WIDTH * 0.55)
        paragraph.paragraph_format.keep_with_next = True
        if number == 0:
            paragraph.paragraph_format.space_before = Mm(6)
        _run(paragraph, line, bold=True, size=TEXT_SIZE)


def annex_text_table(result, comparison: pd.DataFrame | None = None,
                     robust: pd.DataFrame | None = None, lang: str = "vi") -> pd.DataFrame:
    """The Word annex as text cells (as the docx prints them, with the change from last
    year and the robustness when given), in annex order. Not
    :func:`cchc_index.annex_frame`, the results' annex as numbers for a notebook."""
    headers, rows, _ = _annex_table(result, comparison, robust, lang)
    return pd.DataFrame(rows, columns=headers)


def _annex_table(result, comparison, robust, lang):
    methodology = result.methodology
    decimals = methodology.rounding.decimals
    results = result.results
    ordered = annex_order(results)  # the one order of the annex, as the workbook's
    grouped = ordered["group"].astype(str).str.len().gt(0).any()
    fields = [c for c in methodology.fields["code"]]
    headers = [_w("stt", lang), _w("unit", lang)] + ([_w("group", lang)] if grouped else [])
    headers += [_w("field", lang, code=c) for c in fields]
    headers += [_w("total", lang), _w("index", lang), _w("rank", lang), _w("class", lang)]
    notes = {unit.unit_id: unit_notes(unit, result, lang) for unit in ordered.itertuples()}
    by_unit = {}
    if comparison is not None:
        headers += [_w("prev", lang), _w("change", lang)]
        by_unit["cmp"] = comparison.set_index("unit_id")
    if robust is not None:
        headers += [_w("interval", lang), _w("probability", lang)]
        by_unit["rob"] = robust.set_index("unit_id")

    def num(value, places=decimals):
        return "" if pd.isna(value) else number_text(float(value), places, lang)

    rows = []
    for position, row in enumerate(ordered.itertuples(), start=1):
        cells = [str(position), row.unit] + ([row.group] if grouped else [])
        cells += [num(getattr(row, f"field_{c}", None)) for c in fields]
        cells += [num(row.points), num(row.index_display),
                  "" if pd.isna(row.rank) else str(int(row.rank)), row.classification]
        if "cmp" in by_unit:
            cmp = by_unit["cmp"].loc[row.unit_id]
            note = {"merged": _w("merged", lang), "new unit": _w("new", lang)}.get(
                cmp["comparable"], "")
            change = num(cmp["index_change"])
            if change and float(cmp["index_change"]) > 0:
                change = "+" + change
            cells += [num(cmp["prev_index_pct"]) + note, change]
        if "rob" in by_unit:
            rob = by_unit["rob"].loc[row.unit_id]
            interval = "" if pd.isna(rob["rank_p05"]) else (
                f"{int(rob['rank_p05'])}–{int(rob['rank_p95'])}")
            cells += [interval, num(rob["class_probability"] * 100, 0)]
        if any(notes.values()):  # the annex's notes, as the workbook's: none, no column
            cells.append(notes[row.unit_id])
        rows.append(cells)
    if any(notes.values()):
        headers.append(_w("note", lang))
    numeric = set(range(2 + grouped, len(headers))) - {headers.index(_w("class", lang))}
    numeric -= {headers.index(_w("note", lang))} if _w("note", lang) in headers else set()
    return headers, rows, numeric


def _class_table(result, lang):
    counts = result.results["classification"].value_counts()
    total = len(result.results)
    rows = []
    for band in sorted(result.methodology.bands, key=lambda b: b.lower_bound, reverse=True):
        n = int(counts.get(band.label, 0))
        rows.append([band.label, str(n), number_text(n / total * 100 if total else 0, 2, lang)])
    return [_w("class", lang), _w("count", lang), _w("share", lang)], rows, {1, 2}


def _lost_table(lost: pd.DataFrame, decimals: int, lang: str):
    headers = [_w("code", lang), _w("name", lang), _w("units_losing", lang),
               _w("lost_total", lang)]
    rows = [[c, n, f"{int(k)}/{int(u)}", number_text(p, decimals, lang)]
            for c, n, k, u, p in zip(lost["code"], lost["name"], lost["units_losing"],
                                     lost["units"], lost["lost_total"], strict=True)]
    return headers, rows, {2, 3}


def _charts(result, comparison, robust, lang):
    """PNG images (BytesIO) of the charts: always the ranking (every page), the classes
    and the fields (every page); then the change from last year and the rank intervals
    when those analyses were run, each cut into pages as long as a page."""
    from cchc_index._internal.plots import (  # matplotlib: loaded only to draw
        class_distribution,
        field_heatmap,
        heatmap_pages,
        ranked_bars,
        ranking_pages,
        style,
    )

    for page in range(1, len(ranking_pages(result)) + 1):
        yield _plot_png(lambda n=page: ranked_bars(result, page=n, lang=lang))
    yield _plot_png(lambda: class_distribution(result, lang=lang))
    for page in range(1, len(heatmap_pages(result)) + 1):
        yield _plot_png(lambda n=page: field_heatmap(result, page=n, lang=lang))
    source = style.source_text(result.methodology, results_year(result), lang)
    for draw, rows in chart_pages(comparison, robust, lang, source):
        yield chart_png(draw, rows, dpi=150)


def _plot_png(draw):
    """The chart ``draw()`` returns the Axes of, as a PNG (BytesIO) at its own size."""
    import matplotlib.pyplot as plt  # loaded only to draw, as python-docx only to write

    from cchc_index._internal.plots import style

    ax = draw()
    buffer = io.BytesIO()
    try:
        style.clean_texts(ax.figure)
        with style.styled():
            ax.figure.savefig(buffer, format="png", dpi=style.DPI, facecolor="white")
    finally:
        plt.close(ax.figure)
    buffer.seek(0)
    return buffer


def _cm(value: float):
    from docx.shared import Cm

    return Cm(value)


def _page(section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _styles(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(TEXT_SIZE)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _run(paragraph, text: str, bold=False, italic=False, size: int | None = None):
    from docx.shared import Pt

    run = paragraph.add_run(safe_text(text))  # Word's XML refuses control characters
    run.bold, run.italic = bold, italic
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    return run


def _centred(document, text: str, bold=False, italic=False, size: int | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, bold, italic, size)


def _heading(document, text: str) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, bold=True)


def _body(document, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    _run(paragraph, text)


def _table(document, headers: list[str], rows: list[list[str]], numeric: set[int],
           size: int, widths: list[float]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")  # 1 mm in twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid, read by LibreOffice
        for cell in column.cells:
            cell.width = Mm(width)  # each cell, read by Word
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")  # repeat this row at the top of every page
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for col, text in enumerate(headers):
        paragraph = header.cells[col].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, text, bold=True, size=size)
    for number, values in enumerate(rows, start=1):
        cells = table.rows[number].cells
        for col, text in enumerate(values):
            paragraph = cells[col].paragraphs[0]
            if col in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, text, size=size)
