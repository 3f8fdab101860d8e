"""The PDF front end: a PDF with a text layer as a neutral document (readers/document.py).

Tables come from their ruling lines (pdfplumber's table finder, with the white background rectangles WPS draws
behind every line of text set aside), each character assigned to the cell its middle falls in, the cell's lines
joined.  A table continued on the next page is joined to its first part (header rows repeated there dropped),
its columns laid on the union of both parts' column edges (a cell the break cut in two is made whole by the
mapper, which knows the labels).  The text outside tables becomes lines, then
paragraphs by their indentation and line ends; page numbers (``-3-``, ``— 3 —``) and running headers are dropped.
Spaces a PDF shows between Chinese characters are layout (justification), not text, and are dropped.

A PDF without a text layer (a scan) is refused with a clear message: no OCR.  pdfminer's stream decoding is
bounded (a compressed stream that inflates beyond the limit is refused before it is inflated).
"""

from __future__ import annotations

import bisect
import os
import re
import statistics
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readers.document import Cell, Document, DocumentBuilder, Properties, Table
from readers.guard import guarded
from readers.limits import LIMITS, LimitExceeded, check_file
from readers.mapper import map_document
from readers.result import ReadResult, UnreadableFile

SOURCE_FORMAT = "PDF 文档"
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_EDGE_TOLERANCE = 1.5  # points: cell edges this close are one grid line
_JOIN_TOLERANCE = 4.0  # points: column edges of two parts of one table this close are one


def read_pdf(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    return guarded(path.name, lambda: map_document(pdf_document(path)))


def pdf_document(path: Path) -> Document:
    check_file(path, LIMITS.file_bytes)
    with path.open("rb") as f:
        if not f.read(1024).lstrip().startswith(b"%PDF"):
            raise UnreadableFile(f"{path.name} 不是 PDF 文件")
    import pdfplumber  # heavy: only when a PDF is read
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    _guard_stream_decoding()
    try:
        with pdfplumber.open(path, pages=list(range(1, LIMITS.pdf_pages + 1))) as pdf:
            _check_page_count(pdf)
            pages = [_read_page(page) for page in pdf.pages]
            title = _metadata_text(pdf.metadata.get("Title"))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableFile(f"{path.name} 是加密的 PDF，无法读取；请使用未加密的文件") from None
    except (PdfminerException, MalformedPDFException) as e:
        if isinstance(e.args[0] if e.args else None, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise UnreadableFile(f"{path.name} 是加密的 PDF，无法读取；请使用未加密的文件") from None
        raise UnreadableFile(f"{path.name} 已损坏或不是有效的 PDF 文件") from None
    except (PDFException, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError, zlib.error):
        raise UnreadableFile(f"{path.name} 已损坏或不是有效的 PDF 文件") from None
    if sum(p.n_chars for p in pages) == 0:
        raise UnreadableFile(
            f"{path.name} 是扫描件或图片（没有文字层），无法读取；请使用带文字的 PDF（由 Word 或 WPS 导出）或 Word 文档"
        )
    builder = DocumentBuilder()
    _assemble(pages, builder)
    return builder.build(SOURCE_FORMAT, path.name, Properties(title=title))


def _metadata_text(value: object) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "gb18030"):
            try:
                return value.decode(encoding).strip()
            except UnicodeDecodeError:
                continue
        return ""
    return value.strip() if isinstance(value, str) else ""


def _check_page_count(pdf: Any) -> None:
    from pdfminer.pdftypes import resolve1

    pages = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count > LIMITS.pdf_pages:
        raise LimitExceeded(f"文件有 {count} 页，超过上限 {LIMITS.pdf_pages} 页")


_GUARDED = False


def _guard_stream_decoding() -> None:
    """pdfminer inflates a compressed stream whole: measure it first, under the limit, and refuse a bomb."""
    global _GUARDED
    if _GUARDED:
        return
    from pdfminer import pdftypes

    original = pdftypes.PDFStream.decode
    flate = pdftypes.LITERALS_FLATE_DECODE
    lzw = pdftypes.LITERALS_LZW_DECODE

    def decode(self: Any) -> None:
        filters = self.get_filters()
        if filters and self.rawdata is not None:
            data = self.rawdata
            if self.decipher:
                data = self.decipher(self.objid, self.genno, data, self.attrs)
            if filters[0][0] in flate:
                _inflated_within_limit(data)
            elif filters[0][0] in lzw and len(data) * 8 > LIMITS.pdf_stream_bytes:
                raise LimitExceeded(f"文件中的数据流超过上限（{LIMITS.pdf_stream_bytes >> 20} MB）")
        original(self)
        if self.data is not None and len(self.data) > LIMITS.pdf_stream_bytes:
            raise LimitExceeded(f"文件中的数据流解压后超过上限（{LIMITS.pdf_stream_bytes >> 20} MB）")

    pdftypes.PDFStream.decode = decode  # type: ignore[method-assign]
    _GUARDED = True


def _inflated_within_limit(data: bytes) -> None:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, LIMITS.pdf_stream_bytes + 1)
    except zlib.error:
        return  # pdfminer has its own way with a damaged stream
    if len(out) > LIMITS.pdf_stream_bytes:
        raise LimitExceeded(f"文件中的数据流解压后超过上限（{LIMITS.pdf_stream_bytes >> 20} MB）")


# ---------------------------------------------------------------- one page


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


@dataclass
class _Part:
    """A table as found on one page: cells with their boxes."""

    boxes: list[tuple[float, float, float, float]]
    texts: list[str]
    top: float
    bottom: float
    x0: float
    x1: float
    page: int


@dataclass
class _Page:
    number: int
    height: float
    width: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Part] = field(default_factory=list)
    n_chars: int = 0


def _ruling(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's vertical and horizontal rules, for the table finder.

    WPS draws a white filled rectangle behind every line of text and every table cell.  Behind text they are
    no rules at all; behind a cell only their top and bottom count — they close the last row of a table that a
    page break left without its bottom border — while their sides would split a merged cell."""
    from pdfplumber.utils import line_to_edge, rect_to_edges

    vertical: list[dict[str, Any]] = []
    horizontal: list[dict[str, Any]] = []
    shading = []
    for line in page.lines:
        edge = line_to_edge(line)
        (vertical if edge["orientation"] == "v" else horizontal).append(edge)
    for rect in page.rects:
        if rect.get("fill") and not rect.get("stroke") and min(rect["width"], rect["height"]) > 2:
            shading.append(rect)
            continue
        for edge in rect_to_edges(rect):
            (vertical if edge["orientation"] == "v" else horizontal).append(edge)
    for rect in shading:
        if _between_rules(rect, vertical):
            horizontal += [e for e in rect_to_edges(rect) if e["orientation"] == "h"]
    return vertical, horizontal


def _between_rules(rect: dict[str, Any], vertical: list[dict[str, Any]]) -> bool:
    return any(
        min(abs(e["x0"] - rect["x0"]), abs(e["x0"] - rect["x1"])) < 2
        and e["top"] < rect["bottom"] - 1
        and e["bottom"] > rect["top"] + 1
        for e in vertical
    )


def _read_page(page: Any) -> _Page:
    _check_page_content(page)
    chars = [c for c in page.chars if c.get("upright", True)]
    objects = len(page.chars) + len(page.rects) + len(page.lines) + len(page.curves)
    if objects > LIMITS.pdf_page_objects:
        raise LimitExceeded(f"第 {page.page_number} 页的内容超过上限（{LIMITS.pdf_page_objects} 个对象）")
    result = _Page(page.page_number, float(page.height), float(page.width), n_chars=len(chars))
    if not chars:
        return result
    vertical, horizontal = _ruling(page)
    in_tables: set[int] = set()
    if len(vertical) >= 2 and len(horizontal) >= 2:
        settings = dict(TABLE_SETTINGS, explicit_vertical_lines=vertical, explicit_horizontal_lines=horizontal)
        for found in page.find_tables(settings):
            if len(found.cells) < 2:
                continue
            part, used = _table_part(found.cells, chars, page.page_number)
            result.tables.append(part)
            in_tables |= used
    rest = [c for i, c in enumerate(chars) if i not in in_tables]
    result.lines = [
        _Line(t, x0, x1, top, bottom, size, page.page_number) for t, x0, x1, top, bottom, size in _lines(rest)
    ]
    return result


_OPERATORS = re.compile(rb"(?:^|\s)(?:re|l|c|v|y|Tj|TJ|Do|BI|sh)(?=\s|$)")
_STRINGS = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>")


def _check_page_content(page: Any) -> None:
    """Refuse a page before pdfminer lays it out: its content (and that of the forms it draws) too large, or
    drawing more objects than a page of a report ever has (estimated from the operators and the text shown)."""
    size = objects = 0
    for stream in _page_streams(page.page_obj):
        data = stream.get_data()
        size += len(data)
        if size > LIMITS.pdf_page_content_bytes:
            raise LimitExceeded(f"第 {page.page_number} 页的内容超过上限（{LIMITS.pdf_page_content_bytes >> 20} MB）")
        objects += len(_OPERATORS.findall(data)) + sum(len(s) for s in _STRINGS.findall(data)) // 2
    if objects > LIMITS.pdf_page_objects:
        raise LimitExceeded(f"第 {page.page_number} 页的内容超过上限（{LIMITS.pdf_page_objects} 个对象）")


def _page_streams(page_obj: Any) -> list[Any]:
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    streams = [s for s in (resolve1(c) for c in getattr(page_obj, "contents", []) or []) if isinstance(s, PDFStream)]
    resources = resolve1(getattr(page_obj, "resources", None) or {})
    xobjects = resolve1(resources.get("XObject", {})) if isinstance(resources, dict) else {}
    for value in (xobjects or {}).values() if isinstance(xobjects, dict) else ():
        stream = resolve1(value)
        if isinstance(stream, PDFStream) and resolve1(stream.get("Subtype")) is LIT("Form"):
            streams.append(stream)
    return streams


def _table_part(
    boxes: list[tuple[float, float, float, float]], chars: list[dict[str, Any]], page: int
) -> tuple[_Part, set[int]]:
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    where: dict[tuple[int, int], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for r in range(_at(ys, top), _at(ys, bottom)):
            for c in range(_at(xs, x0), _at(xs, x1)):
                where[(r, c)] = i
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    boxes = list(boxes)
    per_cell: list[list[dict[str, Any]]] = [[] for _ in boxes]
    used = set()
    for n, ch in enumerate(chars):
        mx, my = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (left <= mx < right and top <= my < bottom):
            continue
        used.add(n)  # inside the table's frame: never a line of text, even on a border
        r, c = bisect.bisect_right(ys, my) - 1, bisect.bisect_right(xs, mx) - 1
        cell = where.get((r, c))
        if cell is None:  # a cell whose rules the finder missed: the grid position it stands in
            cell = where[(r, c)] = len(boxes)
            boxes.append((xs[c], ys[r], xs[c + 1], ys[r + 1]))
            per_cell.append([])
        per_cell[cell].append(ch)
    texts = [_cell_text(cs) for cs in per_cell]
    return _Part(boxes, texts, top, bottom, left, right, page), used


def _edges(values: Iterable[float], tolerance: float = _EDGE_TOLERANCE) -> list[float]:
    """Positions of the grid lines: values closer than ``tolerance`` are one line."""
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > tolerance:
            edges.append(v)
    return edges


def _at(edges: list[float], value: float) -> int:
    """The index of the grid line nearest ``value``."""
    i = bisect.bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] < edges[i] - value):
        i -= 1
    return i


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's text: its lines joined as one (a label, or a long number, wrapped in a narrow column)."""
    return "".join(line[0] for line in _lines(chars))


# ---------------------------------------------------------------- characters to lines

_NON_ASCII_SPACE = re.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")


def _lines(chars: list[dict[str, Any]]) -> list[tuple[str, float, float, float, float, float]]:
    """Characters grouped into lines (text, x0, x1, top, bottom, font size), top to bottom."""
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    groups: list[list[dict[str, Any]]] = []
    for ch in ordered:
        middle = (ch["top"] + ch["bottom"]) / 2
        if groups:
            last = groups[-1]
            if last[0]["top"] - 0.5 <= middle <= max(c["bottom"] for c in last[-3:]) + 0.5:
                last.append(ch)
                continue
        groups.append([ch])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        text, previous = [], None
        for ch in group:
            if ch["text"].isspace():
                text.append(" ")
                previous = ch
                continue
            if previous is not None and ch["x0"] - previous["x1"] > 0.25 * max(ch["size"], 1):
                text.append(" ")
            text.append(ch["text"])
            previous = ch
        line = _normalise_spaces("".join(text))
        if line:
            sizes = [c["size"] for c in group if not c["text"].isspace()] or [12.0]
            lines.append(
                (
                    line,
                    group[0]["x0"],
                    group[-1]["x1"],
                    min(c["top"] for c in group),
                    max(c["bottom"] for c in group),
                    statistics.median(sizes),
                )
            )
    return lines


def _normalise_spaces(text: str) -> str:
    """Spaces as a reader sees them: one between Latin words, none beside a Chinese character."""
    text = re.sub(r"\s+", " ", text).strip()
    return _NON_ASCII_SPACE.sub("", text)


def _join_lines(lines: list[str]) -> str:
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            joined += " "
        joined += line
    return joined


# ---------------------------------------------------------------- pages to a document

_PAGE_NUMBER = re.compile(r"^[-—–－―_\s]*(第\s*)?\d{1,3}(\s*页)?([/／]\s*\d{1,3}|\s*共\s*\d{1,3}\s*页)?[-—–－―_\s]*$")
_MARGIN = 0.12  # of the page height: where page numbers and running headers stand


def _assemble(pages: list[_Page], builder: DocumentBuilder) -> None:
    _drop_page_furniture(pages)
    items: list[_Line | _Part] = []
    for page in pages:
        items += sorted([*page.lines, *page.tables], key=lambda b: b.top)
    left, right = _margins([i for i in items if isinstance(i, _Line)], [i for i in items if isinstance(i, _Part)])
    paragraph: list[_Line] = []
    pending: list[_Part] = []

    def flush_paragraph() -> None:
        if paragraph:
            centred = all(_centred(x, left, right) for x in paragraph)
            sep = "\n" if centred else None
            text = "\n".join(x.text for x in paragraph) if sep else _join_lines([x.text for x in paragraph])
            builder.paragraph(text, centred)
            paragraph.clear()

    def flush_table() -> None:
        if pending:
            builder.table(_joined_table(pending))
            pending.clear()

    for item in items:
        if isinstance(item, _Part):
            flush_paragraph()
            if pending and _continues(pending[-1], item, pages):
                pending.append(item)
                continue
            flush_table()
            pending.append(item)
            continue
        flush_table()
        if paragraph and _starts_paragraph(paragraph[-1], item, left, right):
            flush_paragraph()
        paragraph.append(item)
    flush_paragraph()
    flush_table()


def _drop_page_furniture(pages: list[_Page]) -> None:
    """Page numbers, and lines repeated at the top or bottom of several pages (running headers and footers)."""

    def in_margin(line: _Line, page: _Page) -> bool:
        return line.bottom < page.height * _MARGIN or line.top > page.height * (1 - _MARGIN)

    def shape(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    repeated = Counter(shape(x) for p in pages for x in p.lines if in_margin(x, p))
    for page in pages:
        page.lines = [
            x
            for x in page.lines
            if not (in_margin(x, page) and (_PAGE_NUMBER.match(x.text) or (len(pages) > 1 and repeated[shape(x)] > 1)))
        ]


def _margins(lines: list[_Line], tables: list[_Part]) -> tuple[float, float]:
    """The type area's left and right edges: where most lines start and end, and where the tables stand (the
    tables span the type area; the lines may all be indented first lines)."""
    if not lines:
        return 0.0, 0.0
    left = float(Counter(round(x.x0) for x in lines).most_common(1)[0][0])
    ends = sorted(x.x1 for x in lines)
    right = ends[int(len(ends) * 0.9)] if len(ends) > 1 else ends[0]
    if tables:
        left = min(left, statistics.median(t.x0 for t in tables) + 2)
        right = max(right, statistics.median(t.x1 for t in tables) - 2)
    return left, right


def _centred(line: _Line, left: float, right: float) -> bool:
    middle = (left + right) / 2
    return (
        abs((line.x0 + line.x1) / 2 - middle) < 1.5 * line.size
        and line.x0 > left + 1.5 * line.size
        and line.x1 < right - 1.0 * line.size
    )


def _starts_paragraph(previous: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether ``line`` begins a new paragraph after ``previous``."""
    size = max(line.size, 1.0)
    was_centred, is_centred = _centred(previous, left, right), _centred(line, left, right)
    if was_centred or is_centred:
        same_title = was_centred and is_centred and abs(previous.size - line.size) < 0.2 * size
        return not (same_title and line.page == previous.page and line.top - previous.bottom < 1.5 * size)
    if previous.x1 < right - 1.5 * size:  # the paragraph ended short of the margin
        return True
    if line.x0 > left + 0.8 * size:  # indented: a first line
        return True
    if abs(previous.size - line.size) > 0.2 * size:
        return True
    return line.page == previous.page and line.top - previous.bottom > 1.2 * size


def _continues(first: _Part, part: _Part, pages: list[_Page]) -> bool:
    """``part`` is the rest of ``first`` on the next page: it ends its page and ``part`` starts the next, at the
    same width."""
    if part.page != first.page + 1:
        return False
    before = pages[first.page - 1]
    after = pages[part.page - 1]
    if any(x.top > first.bottom for x in before.lines) or any(t.top > first.bottom for t in before.tables):
        return False
    if any(x.bottom < part.top for x in after.lines) or any(t.bottom < part.top for t in after.tables):
        return False
    overlap = min(first.x1, part.x1) - max(first.x0, part.x0)
    return overlap > 0.8 * min(first.x1 - first.x0, part.x1 - part.x0)


def _joined_table(parts: list[_Part]) -> Table:
    """One table from its parts on consecutive pages: columns on the union of their edges, the header rows a
    part repeats dropped, the rows where a part begins recorded as page breaks."""
    xs = _edges([x for p in parts for b in p.boxes for x in (b[0], b[2])], _JOIN_TOLERANCE)
    cells: list[Cell] = []
    breaks: list[int] = []
    first_rows: list[list[str]] | None = None
    top = 0
    for part in parts:
        ys = _edges([y for b in part.boxes for y in (b[1], b[3])])
        placed = [
            Cell(_at(ys, b[1]), _at(xs, b[0]), _at(ys, b[3]) - _at(ys, b[1]), _at(xs, b[2]) - _at(xs, b[0]), t)
            for b, t in zip(part.boxes, part.texts, strict=True)
        ]
        placed = [c for c in placed if c.rowspan > 0 and c.colspan > 0]
        rows = _row_texts(placed)
        skip = 0
        if first_rows is None:
            first_rows = rows
        else:
            while skip < len(rows) - 1 and skip < len(first_rows) and rows[skip] == first_rows[skip]:
                skip += 1
            breaks.append(top)
        for c in placed:
            end = c.row + c.rowspan
            if end <= skip:
                continue
            start = max(c.row, skip)
            cells.append(Cell(top + start - skip, c.col, end - start, c.colspan, c.text))
        top += max((c.row + c.rowspan for c in placed), default=skip) - skip
    return Table.from_cells(cells, breaks, merges_known=False)


def _row_texts(cells: list[Cell]) -> list[list[str]]:
    n = max((c.row + c.rowspan for c in cells), default=0)
    rows: list[list[tuple[int, str]]] = [[] for _ in range(n)]
    for c in cells:
        rows[c.row].append((c.col, re.sub(r"\s", "", c.text)))
    return [[t for _, t in sorted(r)] for r in rows]
