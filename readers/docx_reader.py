"""The .docx front end: a Word or WPS document as a neutral document (readers/document.py).

Reads the package with lxml directly — only the parts a report needs, each inflated under a cap and parsed
without entities or network — and walks the body in reading order: paragraphs, and tables with their merged
cells (``w:gridSpan``, ``w:vMerge``, ``w:gridBefore``), also where Word and WPS wrap them in content controls
(``w:sdt``), custom XML (``w:customXml``) or alternate content (``mc:AlternateContent``).  A table of one cell
that holds the report (a frame around the page) is read as the body it holds.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from nianbao import DOCX_MARK
from readers.document import Cell, Document, DocumentBuilder, Properties, Table
from readers.guard import guarded, parse_xml
from readers.limits import LIMITS, LimitExceeded, check_file, open_zip, read_zip_part
from readers.mapper import map_document
from readers.result import ReadResult, UnreadableFile

MAX_FILE_BYTES = LIMITS.file_bytes
SOURCE_FORMAT = "Word 文档"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"

P, TBL, TR, TC, T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "t"
# Elements that only wrap content: their children stand where they stand.
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins", _W + "moveTo"}
_RUN_WRAPPERS = _WRAPPERS | {_W + "r", _W + "hyperlink", _W + "fldSimple", _W + "dir", _W + "bdo"}
_BREAKS = {_W + "br": "\n", _W + "cr": "\n", _W + "tab": "\t", _W + "ptab": "\t", _W + "noBreakHyphen": "-"}
_VAL = _W + "val"


def read_docx(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    return guarded(path.name, lambda: map_document(docx_document(path)))


def docx_document(path: Path) -> Document:
    check_file(path, MAX_FILE_BYTES)
    _check_container(path)
    try:
        with open_zip(path) as z:
            return _read_package(z, path.name)
    except (UnreadableFile, MemoryError, RecursionError):
        raise
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, zlib.error, KeyError):
        raise UnreadableFile(f"{path.name} 不完整或已损坏（可能复制或下载未完成）") from None
    except etree.LxmlError:
        raise UnreadableFile(f"{path.name} 已损坏或不是 Word 文档（.docx），无法打开") from None


# ---------------------------------------------------------------- the package


def _check_container(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise UnreadableFile(f"{path.name} 不是 Word 文档（.docx）（文件为空）")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            f"{path.name} 实际是 Word 97–2003 文档（.doc）或 WPS 文档，请改用 .doc 扩展名打开，或另存为 .docx"
        )
    if head.startswith(b"%PDF"):
        raise UnreadableFile(f"{path.name} 实际是 PDF 文件，请改用 .pdf 扩展名")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK\x03\x04"):
            raise UnreadableFile(f"{path.name} 不完整或已损坏（可能复制或下载未完成）")
        raise UnreadableFile(
            f"{path.name} 不是 Word 文档（.docx）；如是 .doc 或 WPS 格式，请先在 Word 或 WPS 中另存为 .docx"
        )


def _read_package(z: zipfile.ZipFile, name: str) -> Document:
    names = set(z.namelist())
    main = _target(z, names, "_rels/.rels", "/officeDocument", "") or "word/document.xml"
    if main not in names:
        raise UnreadableFile(f"{name} 不是 Word 文档（缺少正文部分）")
    folder, _, base = main.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels"
    styles_part = _target(z, names, rels, "/styles", folder) if rels in names else None
    core_part = _target(z, names, "_rels/.rels", "/core-properties", "")
    root = parse_xml(read_zip_part(z, main, LIMITS.main_part_bytes), main)
    body = root.find(_W + "body")
    if body is None:
        raise UnreadableFile(f"{name} 已损坏或不是 Word 文档（.docx），无法打开")
    styles = (
        _centred_styles(parse_xml(read_zip_part(z, styles_part, LIMITS.part_bytes), styles_part)) if styles_part else {}
    )
    props = (
        _properties(parse_xml(read_zip_part(z, core_part, LIMITS.part_bytes), core_part)) if core_part else Properties()
    )
    builder = DocumentBuilder()
    _Body(builder, styles).walk(body, 0)
    return builder.build(SOURCE_FORMAT, name, props)


def _target(z: zipfile.ZipFile, names: set[str], rels_name: str, type_suffix: str, folder: str) -> str | None:
    """The part a relationship of the given type points to, as a name in the zip (external targets ignored)."""
    if rels_name not in names:
        return None
    rels = parse_xml(read_zip_part(z, rels_name, LIMITS.part_bytes), rels_name)
    for rel in rels.iter(_REL):
        if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            part = posixpath.normpath(joined)
            return part if part in names else None
    return None


def _properties(core: etree._Element) -> Properties:
    title = (core.findtext(_DC + "title") or "").strip()
    category = core.findtext(_CP + "category") or ""
    if not category.startswith(DOCX_MARK + ";"):
        return Properties(title=title)
    meta = dict(part.split("=", 1) for part in category.split(";")[1:] if "=" in part)
    year = meta.get("year", "")
    return Properties(
        title=title,
        agency=(core.findtext(_DC + "creator") or "").strip(),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        edition=meta.get("edition", ""),
    )


def _centred_styles(styles: etree._Element) -> dict[str, bool]:
    """style id -> whether paragraphs in it are centred (following ``w:basedOn``)."""
    own: dict[str, tuple[str | None, str | None]] = {}
    for style in styles.iterchildren(_W + "style"):
        jc = style.find(f"{_W}pPr/{_W}jc")
        based = style.find(_W + "basedOn")
        own[style.get(_W + "styleId") or ""] = (
            jc.get(_VAL) if jc is not None else None,
            based.get(_VAL) if based is not None else None,
        )
    centred = {}
    for style_id in own:
        seen: set[str] = set()
        at: str | None = style_id
        while at and at not in seen and at in own:
            seen.add(at)
            jc, at = own[at]
            if jc is not None:
                centred[style_id] = jc in ("center", "centre")
                break
    return centred


# ---------------------------------------------------------------- the body


class _Body:
    def __init__(self, builder: DocumentBuilder, styles: dict[str, bool]) -> None:
        self.builder = builder
        self.styles = styles

    def walk(self, parent: etree._Element, depth: int) -> None:
        if depth > LIMITS.nesting:
            raise LimitExceeded(f"文件中的内容嵌套超过上限（{LIMITS.nesting} 层）")
        for el in parent.iterchildren():
            tag = el.tag
            if tag == P:
                self.builder.paragraph(paragraph_text(el), self._centred(el))
            elif tag == TBL:
                self._table(el, depth)
            elif tag in _WRAPPERS:
                self.walk(el, depth + 1)
            elif tag == _MC + "AlternateContent":
                chosen = el.find(_MC + "Choice")
                if chosen is None:
                    chosen = el.find(_MC + "Fallback")
                if chosen is not None:
                    self.walk(chosen, depth + 1)

    def _centred(self, p: etree._Element) -> bool:
        jc = p.find(f"{_W}pPr/{_W}jc")
        if jc is not None:
            return jc.get(_VAL) in ("center", "centre")
        style = p.find(f"{_W}pPr/{_W}pStyle")
        return style is not None and self.styles.get(style.get(_VAL) or "", False)

    def _table(self, tbl: etree._Element, depth: int) -> None:
        rows = list(_children(tbl, TR))
        cells_of = [list(_children(tr, TC)) for tr in rows]
        if len(rows) == 1 and len(cells_of[0]) == 1:  # a frame around the content: read what it holds
            self.walk(cells_of[0][0], depth + 1)
            return
        self.builder.table(_grid(rows, cells_of, depth))


def _children(parent: etree._Element, tag: str):
    """``parent``'s children with ``tag``, also inside wrappers (a row in a content control, …)."""
    for el in parent.iterchildren():
        if el.tag == tag:
            yield el
        elif el.tag in _WRAPPERS:
            yield from _children(el, tag)


def _int_attr(el: etree._Element | None, what: str) -> int:
    if el is None:
        return 1
    raw = el.get(_VAL) or "1"
    value = int(raw) if raw.isdigit() and len(raw) <= 9 else LIMITS.grid_cols + 1
    if value > LIMITS.grid_cols:
        raise LimitExceeded(f"文件中表格的{what}为 {raw[:12]} 列，超过上限 {LIMITS.grid_cols} 列")
    return value


def _grid(rows: list[etree._Element], cells_of: list[list[etree._Element]], depth: int) -> Table:
    """The table's cells on its grid: spans and grid offsets bounded, vertical merges joined into rowspans."""
    if len(rows) > LIMITS.table_rows:
        raise LimitExceeded(f"文件中的表格有 {len(rows)} 行，超过上限 {LIMITS.table_rows} 行")
    cells: list[list[int | str]] = []  # [row, col, rowspan, colspan, text], rowspan grows with vMerge
    open_at: dict[int, list[int | str]] = {}  # column -> the cell a vertical merge there continues
    for r, (tr, tcs) in enumerate(zip(rows, cells_of, strict=True)):
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        col = _int_attr(before, "行前空出的列数") if before is not None else 0
        continuing: dict[int, list[int | str]] = {}
        for tc in tcs:
            props = tc.find(_W + "tcPr")
            span = _int_attr(props.find(_W + "gridSpan") if props is not None else None, "合并单元格列数")
            if col + span > LIMITS.grid_cols:
                raise LimitExceeded(f"文件中的表格超过 {LIMITS.grid_cols} 列的上限")
            vmerge = props.find(_W + "vMerge") if props is not None else None
            above = open_at.get(col)
            if (
                vmerge is not None
                and vmerge.get(_VAL, "continue") == "continue"
                and above is not None
                and above[3] == span
            ):
                above[2] = int(above[2]) + 1
                continuing[col] = above
            else:
                cell: list[int | str] = [r, col, 1, span, _cell_text(tc, depth)]
                cells.append(cell)
                if vmerge is not None:
                    continuing[col] = cell
            col += span
        open_at = continuing
    return Table.from_cells(Cell(int(r), int(c), int(rs), int(cs), str(t)) for r, c, rs, cs, t in cells)


def _cell_text(tc: etree._Element, depth: int) -> str:
    """A cell's paragraphs, one per line; a table nested in the cell gives its text too."""
    if depth > LIMITS.nesting:
        raise LimitExceeded(f"文件中的表格嵌套超过上限（{LIMITS.nesting} 层）")
    lines = []
    for el in tc.iterchildren():
        if el.tag == P:
            lines.append(paragraph_text(el))
        elif el.tag == TBL:
            inner = [_cell_text(x, depth + 1) for tr in _children(el, TR) for x in _children(tr, TC)]
            lines += [t for t in inner if t]
        elif el.tag in _WRAPPERS:
            lines.append(_cell_text(el, depth + 1))
    return "\n".join(line for line in lines if line.strip())


def paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(el: etree._Element, parts: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag == T:
            parts.append(child.text or "")
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag in _RUN_WRAPPERS:
            _collect(child, parts)
        elif tag == _MC + "AlternateContent":
            chosen = child.find(_MC + "Choice")
            if chosen is None:
                chosen = child.find(_MC + "Fallback")
            if chosen is not None:
                _collect(chosen, parts)
        elif tag == _W + "sym":
            parts.append(_symbol(child))


def _symbol(sym: etree._Element) -> str:
    code = sym.get(_W + "char") or ""
    if re.fullmatch(r"[0-9A-Fa-f]{4}", code):
        value = int(code, 16)
        if value >= 0xF000:  # symbol fonts map into the private use area
            return ""
        return chr(value)
    return ""
