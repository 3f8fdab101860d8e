"""Import a .docx report in the official layout: our own exports and documents others made.

The labels are matched against the edition spec (both editions; the edition is
detected from the labels).  What real documents do — ``1、`` for ``1.``, extra
spaces, full-width digits, cells not merged, labels repeated per row, a table
split across pages — is tolerated, and each deviation becomes a finding in
the result's ``deviations``: nothing is fixed silently.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from nianbao import DOCX_MARK
from nianbao.checker import Finding
from nianbao.editions import EDITIONS, edition_for_year, get_edition
from nianbao.model import Report, Unparsed, Value, default_title
from nianbao.numbers import InputRejected, format_value, parse_value
from nianbao.spec import Block, Edition, SectionSpec, Severity, TableSpec
from readers.result import ReadResult, UnreadableFile

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_XML_BYTES = 60 * 1024 * 1024  # uncompressed document.xml: a guard against zip bombs

_W_P, _W_TBL, _W_TR, _W_TC, _W_T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:t")
_YEAR = re.compile(r"([0-9０-９]{4})\s*年")
_HEADING_NUMERAL = re.compile(r"^[一二三四五六七八九十]+[、.,:：]?")


# ---------------------------------------------------------------- entry point


def read_docx(path: str | os.PathLike[str]) -> ReadResult:
    path = Path(path)
    package = _open_package(path)
    try:
        return _read(package)
    except UnreadableFile:
        raise
    except Exception as e:  # never a traceback for a strange document
        raise UnreadableFile(f"{path.name} 的内容无法识别为年度报告（内部错误：{type(e).__name__}）") from None


# ---------------------------------------------------------------- the package

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_CP_CATEGORY = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}category"


@dataclass
class _Package:
    """Only the parts an import needs, parsed with python-docx's element classes (opening the whole
    package with ``docx.Document`` costs two thirds of an import)."""

    name: str
    body: object
    core: dict[str, str]
    styles_xml: bytes | None

    @cached_property
    def styles(self) -> dict[str, tuple[str | None, str | None]]:
        """style id -> (paragraph alignment, based-on style id)."""
        if not self.styles_xml:
            return {}
        found = {}
        for style in parse_xml(self.styles_xml).iterchildren(qn("w:style")):
            jc = style.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            based = style.find(qn("w:basedOn"))
            found[style.get(qn("w:styleId"))] = (
                jc.get(qn("w:val")) if jc is not None else None,
                based.get(qn("w:val")) if based is not None else None,
            )
        return found


def _open_package(path: Path) -> _Package:
    _check_container(path)
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            main = _target(z, "_rels/.rels", "/officeDocument", "") or "word/document.xml"
            if main not in names:
                raise UnreadableFile(f"{path.name} 不是 Word 文档（缺少正文部分）")
            if z.getinfo(main).file_size > MAX_XML_BYTES:
                raise UnreadableFile(f"{path.name} 的正文过大，不是一份年度报告")
            folder = main.rpartition("/")[0]
            rels = f"{folder}/_rels/{main.rpartition('/')[2]}.rels"
            styles = _target(z, rels, "/styles", folder) if rels in names else None
            core = _target(z, "_rels/.rels", "/core-properties", "")
            body = parse_xml(z.read(main)).find(qn("w:body"))
            return _Package(
                path.name,
                body,
                _core_properties(z.read(core)) if core in names else {},
                z.read(styles) if styles in names else None,
            )
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, zlib.error):
        raise UnreadableFile(f"{path.name} 不完整或已损坏（可能复制或下载未完成）") from None
    except Exception:  # XML that does not parse, a body-less document …
        raise UnreadableFile(f"{path.name} 已损坏或不是 Word 文档（.docx），无法打开") from None


def _target(z: zipfile.ZipFile, rels_name: str, type_suffix: str, folder: str) -> str | None:
    """The part a relationship of the given type points to, as a name in the zip."""
    try:
        rels = etree.fromstring(z.read(rels_name))
    except KeyError:
        return None
    for rel in rels.iter(_REL):
        if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(joined)
    return None


def _core_properties(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml)
    return {
        "author": root.findtext(_DC_CREATOR) or "",
        "category": root.findtext(_CP_CATEGORY) or "",
    }


def _check_container(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(f"找不到文件：{path}") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取 {path.name}：{e.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{path.name} 过大（{size / 1048576:.0f} MB），年度报告不会超过 {MAX_FILE_BYTES >> 20} MB")
    if not zipfile.is_zipfile(path):
        if _starts_like_zip(path):
            raise UnreadableFile(f"{path.name} 不完整或已损坏（可能复制或下载未完成）")
        hint = "；如是 .doc 或 WPS 格式，请先在 Word 或 WPS 中另存为 .docx" if size else "（文件为空）"
        raise UnreadableFile(f"{path.name} 不是 Word 文档（.docx）{hint}")


def _starts_like_zip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"PK\x03\x04"


# ---------------------------------------------------------------- labels


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """What two spellings of a label have in common: NFKC, no spaces, ``1、`` read as ``1.``."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^(\d+)[、,，]", r"\1.", text)
    return text.replace("“", '"').replace("”", '"')


@cache
def _label_keys(edition_id: str) -> dict[str, frozenset[str]]:
    spec = get_edition(edition_id)
    return {t.id: frozenset(label_key(b.text) for b in t.blocks if not b.is_data) for t in spec.tables}


@cache
def _distinctive(edition_id: str) -> frozenset[str]:
    own = frozenset().union(*_label_keys(edition_id).values())
    others = [frozenset().union(*_label_keys(e).values()) for e in EDITIONS if e != edition_id]
    return own.difference(*others)


# ---------------------------------------------------------------- reading state


@dataclass
class _Grid:
    """A table as text per grid position; ``cells`` identifies the Word cell behind each position."""

    rows: list[list[str]]
    cells: list[list[int]]

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(label_key(t) for row in self.rows for t in set(row) if t.strip())


@dataclass
class _Reader:
    findings: list[Finding] = field(default_factory=list)

    def note(self, rule: str, severity: Severity, message: str, cells: tuple[str, ...] = (), section=None) -> None:
        if any(f.message == message for f in self.findings):
            return
        uid = f"import:{len(self.findings)}"
        self.findings.append(Finding(rule, severity, message, cells, section, uid))


def _read(package: _Package) -> ReadResult:
    reader = _Reader()
    paragraphs_and_tables = list(_body_items(package.body))
    grids = [_grid(el) for kind, el in paragraphs_and_tables if kind == "tbl"]
    if not grids:
        raise UnreadableFile("文档中没有表格，不是政府信息公开工作年度报告")
    meta = _our_metadata(package.core)
    title, preamble, sections_text = _read_texts(paragraphs_and_tables, package, reader, _sections())
    agency, year = _identity(meta, title, preamble)
    edition = _detect_edition(grids, meta.get("edition") or edition_for_year(year))
    spec = get_edition(edition)
    values = _read_tables(spec, grids, reader)
    report = Report(agency=agency, year=year, edition=edition, preamble="\n".join(preamble))
    default = default_title(agency, year)
    report.title = "" if title == default and meta.get("title", "default") == "default" else title
    for section in spec.text_sections:
        report.texts[section.id] = "\n".join(sections_text.get(section.id, []))
    for key, value in values.items():
        report.set(key, value)
    return ReadResult(report, tuple(reader.findings), "Word 文档")


def _body_items(body):
    for el in body.iterchildren():
        if el.tag == _W_P:
            yield "p", el
        elif el.tag == _W_TBL:
            yield "tbl", el


def _our_metadata(core: dict[str, str]) -> dict[str, str]:
    category = core.get("category", "")
    if not category.startswith(DOCX_MARK + ";"):
        return {}
    meta = dict(part.split("=", 1) for part in category.split(";")[1:] if "=" in part)
    meta["agency"] = core.get("author", "")
    return meta


def _identity(meta: dict[str, str], title: str, preamble: list[str]) -> tuple[str, int]:
    if meta.get("year", "").isdigit():
        return meta.get("agency", ""), int(meta["year"])
    m = _YEAR.search(title)
    if m:
        return title[: m.start()].strip(), int(unicodedata.normalize("NFKC", m.group(1)))
    for line in preamble:
        m = _YEAR.search(line)
        if m:
            return "", int(unicodedata.normalize("NFKC", m.group(1)))
    raise UnreadableFile(f"无法从标题“{title[:40]}”中确定报告年度，不是政府信息公开工作年度报告")


def _detect_edition(grids: list[_Grid], fallback: str) -> str:
    keys = set().union(*(g.keys for g in grids))
    scores = {e: len(keys & _distinctive(e)) for e in EDITIONS}
    best = max(scores.values())
    if best == 0 or list(scores.values()).count(best) > 1:
        return fallback
    return next(e for e, s in scores.items() if s == best)


# ---------------------------------------------------------------- text sections


def _sections() -> tuple[SectionSpec, ...]:
    return get_edition(next(iter(EDITIONS))).sections  # headings are the same in every edition


def _read_texts(items, package: _Package, reader: _Reader, sections: tuple[SectionSpec, ...]):
    title: list[str] = []
    preamble: list[str] = []
    found: dict[str, list[str]] = {}
    current: SectionSpec | None = None
    seen_body = False
    for kind, el in items:
        if kind == "tbl":
            seen_body = True
            continue
        text = el.text  # CT_P.text: runs and hyperlinks, w:br as "\n", w:tab as "\t"
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            continue
        joined = "".join(lines)
        remaining = sections[sections.index(current) + 1 :] if current else sections
        heading = _match_heading(joined, remaining, reader)
        if heading:
            current = heading
            found[heading.id] = []
            seen_body = True
        elif current is not None:
            if current.table is None:
                found[current.id] += lines
        elif not seen_body and (not title or _is_centered(el, package)) and not preamble:
            title.append(text.replace("\n", ""))
        else:
            seen_body = True
            preamble += lines
    for s in sections:
        if s.id not in found:
            reader.note("F1", Severity.ERROR, f"文档中没有找到“{s.heading}”标题", section=s.id)
    return "".join(title).strip(), preamble, found


def _match_heading(text: str, candidates: tuple[SectionSpec, ...], reader: _Reader) -> SectionSpec | None:
    if len(text) > 40 or "。" in text or text.startswith(("（", "(")):
        return None
    key = label_key(text).rstrip(":")
    core = _HEADING_NUMERAL.sub("", key)
    for s in candidates:
        if text == s.heading:
            return s
        spec_key = label_key(s.heading)
        spec_core = _HEADING_NUMERAL.sub("", spec_key)
        if key == spec_key or core == spec_core or (core.endswith(spec_core) and len(core) <= len(spec_core) + 12):
            reader.note(
                "F1", Severity.WARNING, f"标题“{text}”与格式“{s.heading}”写法不同，已按“{s.heading}”读入", section=s.id
            )
            return s
    return None


def _is_centered(p, package: _Package) -> bool:
    """Centred directly or by its style (a ``Title`` style, say)."""
    alignment = p.pPr.jc_val if p.pPr is not None else None
    if alignment is not None:
        return alignment == WD_ALIGN_PARAGRAPH.CENTER
    style_id, seen = p.style, set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        jc, style_id = package.styles.get(style_id, (None, None))
        if jc is not None:
            return jc == "center"
    return False


# ---------------------------------------------------------------- tables


def _grid(tbl) -> _Grid:
    """Text per grid position; vertically merged positions repeat the text and identity of their first cell."""
    rows: list[list[str]] = []
    cells: list[list[int]] = []
    above: dict[int, tuple[str, int]] = {}
    for tr in tbl.iterchildren(_W_TR):
        col = tr.grid_before  # cells a row leaves out at its start
        row_text = [""] * col
        row_ids = [-1 - c for c in range(col)]
        for tc in tr.iterchildren(_W_TC):
            tc_pr = tc.tcPr
            span = tc_pr.grid_span if tc_pr is not None else 1
            vmerge = tc_pr.vMerge_val if tc_pr is not None else None
            if vmerge == "continue" and col in above:
                text, ident = above[col]
            else:
                text, ident = "".join(t.text or "" for t in tc.iter(_W_T)), id(tc)
            for c in range(col, col + span):
                above[c] = (text, ident)
                row_text.append(text)
                row_ids.append(ident)
            col += span
        rows.append(row_text)
        cells.append(row_ids)
    return _Grid(rows, cells)


def _match_table(spec: Edition, grid: _Grid) -> str | None:
    """Which table of the edition a Word table is, by its labels."""
    keys = grid.keys
    scores = {t.id: len(keys & ks) for t, ks in zip(spec.tables, _label_keys(spec.id).values(), strict=True)}
    best = max(scores.values())
    return next(t for t, s in scores.items() if s == best) if best >= 2 else None


def _read_tables(spec: Edition, grids: list[_Grid], reader: _Reader) -> dict[str, Value]:
    parts: dict[str, list[_Grid]] = {}
    previous: str | None = None
    for grid in grids:
        table_id = _match_table(spec, grid)
        if table_id is None and previous and grid.n_cols == spec.table(previous).n_cols:
            table_id = previous  # the rest of a table split across pages, numbers only
        if table_id is None:
            previous = None
            continue
        parts.setdefault(table_id, []).append(grid)
        previous = table_id
    if not parts:
        raise UnreadableFile("文档中的表格与政府信息公开工作年度报告的格式不符，不是年度报告")
    values: dict[str, Value] = {}
    for table in spec.tables:
        numeral = table.section
        pieces = parts.get(table.id)
        if not pieces:
            reader.note(
                "F1", Severity.ERROR, f"文档中没有找到表{numeral}（{table.section}部分的表格）", section=table.section
            )
            continue
        grid = _join(table, pieces, reader)
        values.update(_read_table(table, grid, reader))
    return values


def _join(table: TableSpec, pieces: list[_Grid], reader: _Reader) -> _Grid:
    grid = _Grid(list(pieces[0].rows), list(pieces[0].cells))
    if len(pieces) > 1:
        numeral = table.section
        reader.note(
            "F1", Severity.WARNING, f"表{numeral}在文档中分成了 {len(pieces)} 个表格，已合并读入", section=table.section
        )
    head = [[label_key(t) for t in row] for row in grid.rows[: table.header_rows]]
    for piece in pieces[1:]:
        start = 0
        while (
            start < len(piece.rows) and start < len(head) and [label_key(t) for t in piece.rows[start]] == head[start]
        ):
            start += 1  # header rows repeated by hand on the new page
        grid.rows += piece.rows[start:]
        grid.cells += piece.cells[start:]
    return grid


def _row_map(table: TableSpec, grid: _Grid, reader: _Reader) -> dict[int, int]:
    """spec row -> document row.  Equal counts: by position; otherwise by the labels of each row."""
    if len(grid.rows) == table.n_rows:
        return {r: r for r in range(table.n_rows)}
    filled = [i for i, row in enumerate(grid.rows) if any(t.strip() for t in row)]
    if len(filled) == table.n_rows:  # empty rows added by hand
        return dict(enumerate(filled))
    numeral = table.section
    reader.note(
        "F1",
        Severity.ERROR,
        f"表{numeral}有 {len(grid.rows)} 行，格式规定为 {table.n_rows} 行；已按行标签对应读入",
        section=table.section,
    )
    mapping: dict[int, int] = {}
    d = 0
    for r in range(table.n_rows):
        signature = _row_signature(table, r)
        for candidate in range(d, len(grid.rows)):
            row = grid.rows[candidate]
            if all(c < len(row) and label_key(row[c]) == key for c, key in signature):
                mapping[r] = candidate
                d = candidate + 1
                break
    return mapping


def _row_signature(table: TableSpec, r: int) -> list[tuple[int, str]]:
    seen: list[tuple[int, str]] = []
    for c in range(table.n_cols):
        b = table.block_at(r, c)
        if not b.is_data and b.col == c:
            seen.append((c, label_key(b.text)))
    return seen


def _read_table(table: TableSpec, grid: _Grid, reader: _Reader) -> dict[str, Value]:
    numeral = table.section
    if grid.n_cols != table.n_cols:
        reader.note(
            "F1",
            Severity.ERROR,
            f"表{numeral}有 {grid.n_cols} 列，格式规定为 {table.n_cols} 列，表格无法读入",
            section=table.section,
        )
        return {}
    rows = _row_map(table, grid, reader)
    labels = [b for b in table.blocks if not b.is_data]
    wrong = 0
    unmerged = False
    values: dict[str, Value] = {}
    for block in table.blocks:
        origin = rows.get(block.row)
        if origin is None:
            if block.is_data:
                continue
            wrong += 1
            continue
        text = _at(grid, origin, block.col)
        if block.is_data:
            values[block.key] = _value(table, block, text, reader)
        elif not _label_ok(table, block, text, reader):
            wrong += 1
        unmerged |= _is_unmerged(grid, rows, block)
    if labels and wrong > len(labels) // 2:
        raise UnreadableFile(f"表{numeral}的标签与格式不符（{wrong} 处），不是政府信息公开工作年度报告的表格")
    if unmerged:
        reader.note("F1", Severity.WARNING, f"表{numeral}中有应合并的单元格未合并，已按格式读入", section=table.section)
    for r in range(table.n_rows):
        if r not in rows and _row_signature(table, r):
            label = table.block_at(r, _row_signature(table, r)[-1][0]).text
            reader.note("F1", Severity.ERROR, f"表{numeral}缺少“{label}”一行", section=table.section)
    return {k: v for k, v in values.items() if v is not None}


def _at(grid: _Grid, row: int, col: int) -> str:
    cells = grid.rows[row]
    return cells[col] if col < len(cells) else ""


def _label_ok(table: TableSpec, block: Block, text: str, reader: _Reader) -> bool:
    if text == block.text:
        return True
    numeral = table.section
    rows = range(block.row, block.row + block.rowspan)
    cells = tuple(b.key for b in table.blocks if b.is_data and b.row in rows)
    if label_key(text) == label_key(block.text):
        message = f"表{numeral}标签“{text.strip()}”与格式“{block.text}”写法不同，已按格式读入"
        reader.note("F1", Severity.WARNING, message, cells, table.section)
        return True
    shown = text.strip()[:30] or "（空白）"
    reader.note("F1", Severity.ERROR, f"表{numeral}中应为“{block.text}”处写的是“{shown}”", cells, table.section)
    return False


def _is_unmerged(grid: _Grid, rows: dict[int, int], block: Block) -> bool:
    """A block the format merges that the document split into several Word cells."""
    if block.rowspan == 1 and block.colspan == 1:
        return False
    origin = rows[block.row]
    first = grid.cells[origin][block.col] if block.col < len(grid.cells[origin]) else None
    for r in range(block.row, block.row + block.rowspan):
        d = rows.get(r)
        if d is None:
            continue
        for c in range(block.col, block.col + block.colspan):
            if c < len(grid.cells[d]) and grid.cells[d][c] != first:
                return True
    return False


def _value(table: TableSpec, block: Block, text: str, reader: _Reader) -> Value:
    cell = table.cell(block.key)
    raw = text.strip()
    try:
        value = parse_value(raw, cell.kind)
    except InputRejected as rejected:
        return Unparsed(raw, rejected.reason)
    if value is not None and format_value(value) != raw:
        reader.note(
            "F2",
            Severity.WARNING,
            f"{cell.place}：“{raw}”按 {format_value(value)} 读入",
            (cell.key,),
            section=table.section,
        )
    return value
