"""The one mapper: a neutral document (readers/document.py) laid on the edition spec.

It finds the title, the preamble and the six sections by their headings, tells the edition from the labels,
reads the three tables (readers/tables.py) and fills the report.  What the document does differently from the
format — a heading in other words, a table split in two, a label misspelt, a table replaced by a sentence —
is tolerated where the meaning is plain, and every such deviation is a finding: nothing is fixed silently.
Labels come from the edition spec only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from nianbao.editions import DEFAULT_EDITION, EDITIONS, edition_for_year, get_edition
from nianbao.model import Report, Value, default_title
from nianbao.spec import Edition, Rule, SectionSpec, TableSpec
from readers.document import Cell, Document, Paragraph, Table
from readers.labels import SIMILAR, detect_edition, label_key, similarity, table_label_keys
from readers.notes import Notes
from readers.result import ReadResult, UnreadableFile
from readers.tables import keyed, map_grid, map_text

_YEAR = re.compile(r"(?<![\d〔\[［(（])((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期间|数据统计)[^。]{0,12}?((?:19|20)\d{2})\s*年")
_TITLE = re.compile(r"^(?P<agency>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年度?(?P<rest>.*(?:报告|年报))\s*$")
_QUOTED_TITLE = re.compile(r"《(?P<agency>[^《》]{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?[^《》]*报告》")
_NAMED_REPORT = re.compile(
    r"(?:发布|编制|编写了?|公布|形成)(?P<agency>[^，。；《》\d]{2,30}?)(?P<year>(?:19|20)\d{2})\s*年度?政府信息公开"
)
_HEADING_NUMERAL = re.compile(r"^[一二三四五六七八九十]+[、.,:：]?")
_MIN_HEADINGS = 3  # a document with no table of the format and fewer headings is no report


# ---------------------------------------------------------------- entry point


def map_document(doc: Document) -> ReadResult:
    notes = Notes()
    sections = _sections()
    layout = _lay_out(doc, sections, notes)
    grid_keys = {label_key(c.text) for _, t in layout.tables for c in t.cells if c.text.strip()}
    flat = keyed("\n".join(p for s in layout.sections.values() if s.spec.table for p in s.paragraphs)).key
    detected = detect_edition(grid_keys, flat, "")
    spec = get_edition(detected or DEFAULT_EDITION)
    pieces = _identify(spec, layout.tables)
    if not pieces and len(layout.sections) < _MIN_HEADINGS:
        _not_a_report(layout)
    agency, year = _identity(doc, layout, notes)
    edition = detected or doc.properties.edition or edition_for_year(year)
    if edition != spec.id:
        spec = get_edition(edition)
        pieces = _identify(spec, layout.tables)
    _missing_headings(sections, layout, notes)
    values = _read_tables(spec, layout, pieces, notes)
    report = Report(agency=agency, year=year, edition=edition, preamble="\n".join(layout.preamble))
    title = layout.title_text
    report.title = "" if not title or title == default_title(agency, year) else title
    for section in spec.text_sections:
        found = layout.sections.get(section.id)
        report.texts[section.id] = "\n".join(found.paragraphs) if found else ""
    for key, value in values.items():
        report.set(key, value)
    return ReadResult(report, tuple(notes.findings), doc.source_format)


def _sections() -> tuple[SectionSpec, ...]:
    return get_edition(next(iter(EDITIONS))).sections  # the headings are the same in every edition


def _not_a_report(layout: _Layout) -> None:
    if layout.tables:
        raise UnreadableFile("文档中的表格与政府信息公开工作年度报告的格式不符，不是年度报告")
    raise UnreadableFile("文档中没有表格，也找不到年度报告的各部分标题，不是政府信息公开工作年度报告")


# ---------------------------------------------------------------- layout: title, preamble, sections


@dataclass
class _Section:
    spec: SectionSpec
    paragraphs: list[str] = field(default_factory=list)  # its lines, trimmed, blank ones left out
    raw: list[str] = field(default_factory=list)  # its lines as written (plain text: blank lines mark empty cells)


@dataclass
class _Layout:
    title: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    sections: dict[str, _Section] = field(default_factory=dict)
    tables: list[tuple[str | None, Table]] = field(default_factory=list)  # (section it stands in, table)

    @property
    def title_text(self) -> str:
        return "".join(line.strip() for p in self.title for line in p.split("\n")).strip()


def _lay_out(doc: Document, sections: tuple[SectionSpec, ...], notes: Notes) -> _Layout:
    layout = _Layout()
    before: list[Paragraph] = []  # paragraphs before the first heading: title and preamble
    current: _Section | None = None
    blocks = _split_inline_headings(doc, sections) if doc.plain_text else list(doc.blocks)
    for block in blocks:
        if isinstance(block, Table):
            layout.tables.append((current.spec.id if current else None, block))
            continue
        text = block.text.strip()
        if not text:
            if current is not None:
                current.raw.append(block.text)
            continue
        remaining = sections[sections.index(current.spec) + 1 :] if current else sections
        heading = _heading(text, remaining, notes)
        if heading is not None:
            current = _Section(heading)
            layout.sections[heading.id] = current
        elif current is not None:
            current.paragraphs += [line.strip() for line in text.split("\n") if line.strip()]
            current.raw.append(block.text)
        elif not layout.tables:
            before.append(block)
    layout.title, layout.preamble = _title_and_preamble(before)
    return layout


def _split_inline_headings(doc: Document, sections: tuple[SectionSpec, ...]) -> list[Paragraph | Table]:
    """Plain text may run a heading into the text around it (``…年度报告。一、总体情况2021年，…``): each heading
    found, in order, starts a paragraph of its own."""
    blocks: list[Paragraph | Table] = []
    remaining = list(sections)
    for block in doc.blocks:
        if isinstance(block, Table):
            blocks.append(block)
            continue
        text = block.text
        while remaining and text.strip():
            hit = _first_heading_in(text, remaining)
            if hit is None:
                break
            section, start, end = hit
            if text[:start].strip():
                blocks.append(Paragraph(text[:start]))
            blocks.append(Paragraph(text[start:end]))
            text = text[end:]
            remaining = remaining[remaining.index(section) + 1 :]
        blocks.append(Paragraph(text, block.centred))  # blank lines too: they can mark empty cells
    return blocks


def _first_heading_in(text: str, candidates: list[SectionSpec]) -> tuple[SectionSpec, int, int] | None:
    """The earliest heading (with its numeral, official or an accepted variant) standing in ``text``."""
    k = keyed(text)
    best: tuple[int, int, SectionSpec] | None = None
    for section in candidates:
        for wording in (section.heading, *section.variants):
            key = label_key(wording)
            at = k.key.find(key)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, at + len(key), section)
    if best is None:
        return None
    at, end, section = best
    start = k.origin[at]
    stop = k.origin[end - 1] + 1
    return section, start, stop


def _heading(text: str, candidates: tuple[SectionSpec, ...], notes: Notes) -> SectionSpec | None:
    """The section ``text`` is the heading of, if it is one: official, in an accepted older wording, without
    its numeral, or close enough; anything but the official wording is reported."""
    if len(text) > 40 or "。" in text or text.startswith(("（", "(")):
        return None
    key = label_key(text).rstrip(":：")
    core = _HEADING_NUMERAL.sub("", key)
    if not core:
        return None
    for s in candidates:
        if text == s.heading:
            return s
        for wording in (s.heading, *s.variants):
            spec_key = label_key(wording)
            spec_core = _HEADING_NUMERAL.sub("", spec_key)
            if (
                key == spec_key
                or core == spec_core
                or (core.endswith(spec_core) and len(core) <= len(spec_core) + 12)
                or similarity(core, spec_core) >= SIMILAR
            ):
                message = f"标题“{text}”与格式“{s.heading}”写法不同，已按“{s.heading}”读入"
                notes.warning(Rule.F1, message, section=s.id)
                return s
    return None


def _title_and_preamble(before: list[Paragraph]) -> tuple[list[str], list[str]]:
    """The title: the paragraph that reads as a report's title (with a centred line of the agency's name
    before it), else the first paragraph and the centred ones after it.  What follows is the preamble; what
    precedes the title (a web page's navigation) is dropped.  A short first line ending in 。 is a crawled
    page's preamble, unless it is centred as a title is."""
    if not before:
        return [], []
    at = next((i for i, p in enumerate(before[:6]) if _reads_as_title(_flat(p.text))), None)
    if at is not None:
        start = at
        line = _flat(before[at - 1].text) if at > 0 else ""
        agency_like = not any(ch in line for ch in "，。；：:、,") and not any(ch.isdigit() for ch in line)
        if line and len(line) <= 40 and (before[at - 1].centred or agency_like):
            start = at - 1  # the agency's name on a line of its own
        end = at + 1
    elif len(_flat(before[0].text)) <= 60 and (before[0].centred or not _flat(before[0].text).endswith("。")):
        start, end = 0, 1
        while end < len(before) and before[end].centred:
            end += 1
    else:  # no title: a crawled page's text begins with the preamble
        start = end = 0
    title = [p.text for p in before[start:end]]
    preamble = [line.strip() for p in before[end:] for line in p.text.split("\n") if line.strip()]
    return title, preamble


def _reads_as_title(text: str) -> bool:
    return len(text) <= 60 and not any(ch in text for ch in "。；《") and _TITLE.match(text) is not None


def _flat(text: str) -> str:
    return unicodedata.normalize("NFKC", "".join(line.strip() for line in text.split("\n")))


def _missing_headings(sections: tuple[SectionSpec, ...], layout: _Layout, notes: Notes) -> None:
    for s in sections:
        if s.id not in layout.sections:
            notes.error(Rule.F1, f"文档中没有找到“{s.heading}”标题", section=s.id)


# ---------------------------------------------------------------- identity


def _identity(doc: Document, layout: _Layout, notes: Notes) -> tuple[str, int]:
    """Agency and year as the document shows them (its title); the hidden properties only where the title
    shows nothing, and a difference between the two is a finding."""
    props = doc.properties
    shown = _parse_title(layout.title_text)
    hidden = (props.agency, props.year) if props.year else _parse_title(props.title)
    if shown is not None:
        if hidden is not None and (hidden[1] != shown[1] or (hidden[0] and hidden[0] != shown[0])):
            said = f"{hidden[0]}{hidden[1]}年".strip()
            message = f"文档属性中记载的是“{said}”，与标题“{layout.title_text}”不同，已按标题读入"
            notes.warning(Rule.F1, message, section="meta")
        agency, year = shown
        return agency or (props.agency if props.year == year else ""), year
    if props.year:
        return props.agency, props.year
    found = _year_in_text(layout)
    if found is None:
        raise UnreadableFile(f"无法从标题“{layout.title_text[:40]}”中确定报告年度，不是政府信息公开工作年度报告")
    return _agency_in_preamble(layout.preamble, found), found


def _agency_in_preamble(preamble: list[str], year: int) -> str:
    """The agency where the preamble names the report (《某厅2019年度政府信息公开工作报告》, 发布某局2021年…)."""
    for line in preamble:
        line = unicodedata.normalize("NFKC", line)
        for pattern in (_QUOTED_TITLE, _NAMED_REPORT):
            m = pattern.search(line)
            if m and int(m.group("year")) == year:
                agency = m.group("agency").strip()
                if len(agency) >= 3 and not agency.startswith(("我", "本")):
                    return agency
    return ""


def _parse_title(title: str) -> tuple[str, int] | None:
    m = _TITLE.match(unicodedata.normalize("NFKC", title))
    if m is None or ("信息公开" not in m.group("rest") and "年报" not in m.group("rest")):
        return None
    return m.group("agency").strip(), int(m.group("year"))


def _year_in_text(layout: _Layout) -> int | None:
    texts = [unicodedata.normalize("NFKC", t) for t in [*layout.title, *layout.preamble]]
    texts += [unicodedata.normalize("NFKC", p) for s in layout.sections.values() for p in s.paragraphs[:3]]
    for pattern in (_PERIOD, _YEAR):
        for text in texts:
            m = pattern.search(text)
            if m:
                return int(m.group(1))
    return None


# ---------------------------------------------------------------- tables


@dataclass
class _Pieces:
    """The document tables that make up one table of the format."""

    tables: list[Table] = field(default_factory=list)


def _identify(spec: Edition, tables: list[tuple[str | None, Table]]) -> dict[str, _Pieces]:
    """Which table of the format each document table is: by its labels; a table of numbers only right after
    one is its continuation (a table split across pages by hand)."""
    keys_of = table_label_keys(spec.id)
    by_section = {t.section: t.id for t in spec.tables}
    found: dict[str, _Pieces] = {}
    previous: str | None = None
    for section, table in tables:
        keys = {label_key(c.text) for c in table.cells if c.text.strip()}
        scores = {t.id: len(keys & keys_of[t.id]) for t in spec.tables}
        best = max(scores.values())
        table_id: str | None = None
        if best >= 2:
            table_id = next(t for t, s in scores.items() if s == best)
        elif previous is not None and table.n_cols == spec.table(previous).n_cols:
            table_id = previous
        elif best == 1 and section in by_section and by_section[section] not in found:
            table_id = by_section[section]
        previous = table_id
        if table_id is not None:
            found.setdefault(table_id, _Pieces()).tables.append(table)
    return found


def _read_tables(spec: Edition, layout: _Layout, pieces: dict[str, _Pieces], notes: Notes) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for table in spec.tables:
        numeral = table.section
        found = pieces.get(table.id)
        section = layout.sections.get(table.section)
        if found is not None:
            values.update(map_grid(spec, table, _join(table, found.tables, notes), notes))
            continue
        text = section.paragraphs if section else []
        read = map_text(spec, table, "\n".join(section.raw), notes) if section and text else None
        if read is not None:
            values.update(read)
        elif text:
            sentence = _first_sentence(text[0])
            message = f"表{numeral}缺失：“{section.spec.heading if section else table.section}”下写的是“{sentence}”"
            notes.error(Rule.F1, message, section=table.section)
        else:
            notes.error(Rule.F1, f"文档中没有找到表{numeral}（{table.section}部分的表格）", section=table.section)
    return values


def _first_sentence(text: str) -> str:
    end = text.find("。")
    sentence = text[: end + 1] if 0 <= end < 80 else text[:80]
    return sentence.strip()


def _join(table: TableSpec, pieces: list[Table], notes: Notes) -> Table:
    """One table from the pieces a document split it into; header rows repeated on a piece are dropped."""
    if len(pieces) == 1:
        return pieces[0]
    numeral = table.section
    notes.warning(Rule.F1, f"表{numeral}在文档中分成了 {len(pieces)} 个表格，已合并读入", section=table.section)
    first_rows = pieces[0].rows()
    cells: list[Cell] = list(pieces[0].cells)
    breaks = list(pieces[0].page_breaks)
    top = pieces[0].n_rows
    for piece in pieces[1:]:
        rows = piece.rows()
        skip = 0
        while skip < len(rows) and skip < len(first_rows) and _same_row(rows[skip], first_rows[skip]):
            skip += 1
        breaks.append(top)
        for c in piece.cells:
            if c.row >= skip:
                cells.append(Cell(top + c.row - skip, c.col, c.rowspan, c.colspan, c.text))
            elif c.row + c.rowspan > skip:  # a repeated header cell reaching into the body: keep its rest
                cells.append(Cell(top, c.col, c.row + c.rowspan - skip, c.colspan, c.text))
        breaks += [top + b - skip for b in piece.page_breaks if b > skip]
        top += piece.n_rows - skip
    return Table.from_cells(cells, breaks, all(p.merges_known for p in pieces))


def _same_row(a: list[Cell], b: list[Cell]) -> bool:
    return [label_key(c.text) for c in a] == [label_key(c.text) for c in b] and bool(a)
