"""Laying a document's table on the edition's: rows found by their labels, values by their columns.

Two kinds of input, one set of rules.  A *grid* (Word, PDF, web page) has cells with positions; a table of
*plain text* (a crawled page, a paste) is a run of labels and numbers.  Either way each row of the format is
found by its label (similar is enough, and said), its numbers are read through the one normaliser, and every
departure from the format is a finding.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from nianbao.editions import get_edition
from nianbao.model import Value, is_number
from nianbao.spec import Block, Edition, Rule, TableSpec
from readers.document import Cell, Table
from readers.labels import SIMILAR, label_key, similarity
from readers.limits import LIMITS
from readers.notes import Notes
from readers.result import UnreadableFile
from readers.values import is_zero, joined, read_value, split_run

# ---------------------------------------------------------------- the format's rows


@dataclass(frozen=True)
class SpecRow:
    row: int  # row of the format's grid
    data: tuple[Block, ...]  # its data blocks, left to right
    leaf: Block | None  # the label just left of its first number (None: table 四's row of numbers)


@cache
def spec_rows(edition_id: str, table_id: str) -> tuple[SpecRow, ...]:
    table = get_edition(edition_id).table(table_id)
    rows = []
    for r in range(table.n_rows):
        data = []
        for c in range(table.n_cols):
            b = table.block_at(r, c)
            if b.is_data and b.row == r and b.col == c:
                data.append(b)
        leaf = None
        if data and data[0].col > 0:
            left = table.block_at(r, data[0].col - 1)
            leaf = None if left.is_data else left
        rows.append(SpecRow(r, tuple(data), leaf))
    return tuple(rows)


@cache
def label_blocks(edition_id: str, table_id: str) -> tuple[Block, ...]:
    """The table's labels in reading order (row by row, left to right)."""
    table = get_edition(edition_id).table(table_id)
    return tuple(sorted((b for b in table.blocks if not b.is_data), key=lambda b: (b.row, b.col)))


def _cells_of_rows(table: TableSpec, first: int, last: int) -> tuple[str, ...]:
    return tuple(b.key for b in table.blocks if b.key and first <= b.row <= last)


def _row_place(table: TableSpec, row: SpecRow) -> str:
    """The row as a clerk names it: the table's numeral, the category, the item (as ``DataCell.place`` does)."""
    numeral = table.section
    if row.leaf is None or not row.data or row.data[0].key is None:
        return f"表{numeral}的数据行"
    label = table.cell(row.data[0].key).row_label
    sep = "" if label.startswith("（") else "·"
    return f"{numeral}{sep}{label}"


def _shown(text: str) -> str:
    """A label as the document shows it: line breaks inside a cell are layout, not text."""
    return text.replace("\n", "").strip()


_NUMBERISH = re.compile(r"^[+\-−－]?[\d,，.．\s]*\d[\d,，.．\s]*(万元|元|件|个|项|次|起|条|宗)?$")
_BLANK_MARKS = frozenset({"/", "／", "—", "——", "-", "－", "无", "空", "空白", "不适用", "N/A", "n/a", "\\"})


def looks_like_label(text: str) -> bool:
    shown = _shown(text)
    if not shown or shown in _BLANK_MARKS:
        return False
    return _NUMBERISH.match(unicodedata.normalize("NFKC", shown)) is None


# ---------------------------------------------------------------- label findings


class _LabelCheck:
    """Compares the labels found with the official ones and counts the ones that are wrong or missing."""

    def __init__(self, table: TableSpec, notes: Notes) -> None:
        self.table = table
        self.notes = notes
        self.numeral = table.section
        self.wrong = 0

    def found(self, block: Block, text: str) -> bool:
        shown = _shown(text)
        if shown == block.text:
            return True
        cells = _cells_of_rows(self.table, block.row, block.row + block.rowspan - 1)
        if similarity(shown, block.text) >= SIMILAR:
            message = f"表{self.numeral}标签“{shown}”与格式“{block.text}”写法不同，已按格式读入"
            self.notes.warning(Rule.F1, message, cells, self.table.section)
            return True
        self.wrong += 1
        shown = shown[:30] or "（空白）"
        self.notes.error(Rule.F1, f"表{self.numeral}中应为“{block.text}”处写的是“{shown}”", cells, self.table.section)
        return False

    def missing(self, block: Block) -> None:
        self.wrong += 1
        cells = _cells_of_rows(self.table, block.row, block.row + block.rowspan - 1)
        self.notes.error(Rule.F1, f"表{self.numeral}中缺少“{block.text}”", cells, self.table.section)

    def verdict(self) -> None:
        labels = len(label_blocks_of(self.table))
        if labels and self.wrong > labels // 2:
            raise UnreadableFile(
                f"表{self.numeral}的标签与格式不符（{self.wrong} 处），不是政府信息公开工作年度报告的表格"
            )


def label_blocks_of(table: TableSpec) -> list[Block]:
    return [b for b in table.blocks if not b.is_data]


# ---------------------------------------------------------------- values of one row


def _read_row(
    spec: Edition, table: TableSpec, row: SpecRow, texts: Sequence[str], notes: Notes, positional: bool
) -> dict[str, Value]:
    """``texts``: what the document has for the row's numbers — one per data block when ``positional``,
    otherwise the row's cells (or tokens) in order, however many."""
    keys = [b.key for b in row.data if b.key]
    if positional or len(texts) == len(keys):
        return _values(spec, keys, texts, notes)
    filled = [t for t in texts if t.strip()]
    if not filled:
        return {}
    if len(filled) == len(keys):
        return _values(spec, keys, filled, notes)
    place = _row_place(table, row)
    kinds = [spec.cells_by_key[k].kind for k in keys]
    pieces = split_run(filled, kinds) if len(filled) < len(keys) else None
    written = " ".join(filled)
    if pieces is None:
        if len(filled) < len(keys):
            why = f"数字连在一起或缺格（“{written[:60]}”，应为 {len(keys)} 格），分不清各单元格"
        else:
            why = f"有 {len(filled)} 个数（“{written[:60]}”），格式为 {len(keys)} 格"
        notes.error(Rule.F2, f"{place}：{why}，未读入", tuple(keys), table.section)
        return {}
    notes.split(table.id, table.section, place, written, joined(pieces), tuple(keys))
    return _values(spec, keys, pieces, notes)


def _values(spec: Edition, keys: Sequence[str], texts: Sequence[str], notes: Notes) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for key, text in zip(keys, texts, strict=False):
        value = read_value(spec, key, text, notes)
        if value is not None:
            values[key] = value
    return values


def _undivided_values(
    spec: Edition, table: TableSpec, category: Block, catch_all: str, totals: dict[str, Value], notes: Notes
) -> dict[str, Value]:
    """A category given as one row: its figures, when they cannot be split, belong to the catch-all item."""
    rows = [r for r in spec_rows(spec.id, table.id) if category.row <= r.row < category.row + category.rowspan]
    item_of = {r.data[0].key.rsplit(".", 1)[0]: r for r in rows if r.data and r.data[0].key}
    catch_row = item_of.get(f"{table.id}.{catch_all}")
    values: dict[str, Value] = {}
    if catch_row is None or not rows[0].data:
        return values
    columns = [b.key.rsplit(".", 1)[1] for b in rows[0].data if b.key]
    all_zero = all(is_zero(v) for v in totals.values()) and len(totals) == len(columns)
    for col, total_key in zip(columns, (b.key for b in rows[0].data), strict=True):
        total = totals.get(str(total_key))
        if total is None:
            continue
        for r in rows:
            key = str(next(b.key for b in r.data if b.key and b.key.endswith("." + col)))
            if r is catch_row:
                values[key] = total
            elif is_number(total):  # 0 when the total is 0; else the total is the catch-all's, as said
                values[key] = 0
    numeral = table.section
    items = "、".join(r.leaf.text for r in rows if r.leaf)
    if all_zero:
        how = "合计均为 0，各分项按 0 读入"
    else:
        how = f"不能拆分，其数字计入“{catch_row.leaf.text if catch_row.leaf else catch_all}”，其余分项按 0 读入"
    message = f"表{numeral}“{category.text}”只有一行，没有格式规定的分项（{items}）；{how}"
    notes.error(Rule.F1, message, tuple(values), table.section)
    return values


# ---------------------------------------------------------------- grids


def map_grid(spec: Edition, table: TableSpec, doc: Table, notes: Notes) -> dict[str, Value]:
    """The values of ``table`` read from the document table ``doc``, with every deviation in ``notes``."""
    grid = doc.grid()
    filled_rows = [d for d in range(doc.n_rows) if any(c is not None and c.text.strip() for c in grid[d])]
    rows = spec_rows(spec.id, table.id)
    check = _LabelCheck(table, notes)
    if doc.n_cols == table.n_cols:
        for candidate in (list(range(doc.n_rows)), filled_rows):  # empty rows added by hand are no rows
            if len(candidate) != table.n_rows:
                continue
            by_position = dict(zip(range(table.n_rows), candidate, strict=True))
            if _labels_agree(rows, by_position, grid):
                values = _read_by_position(spec, table, doc, grid, by_position, check, notes)
                check.verdict()
                return values
    values = _read_by_labels(spec, table, doc, grid, check, notes)
    check.verdict()
    return values


def _labels_agree(rows: Sequence[SpecRow], mapping: dict[int, int], grid: list[list[Cell | None]]) -> bool:
    """Most rows of the document stand where the format has them (checked by their labels)."""
    labelled = [r for r in rows if r.leaf is not None]
    agree = 0
    for r in labelled:
        assert r.leaf is not None
        cell = grid[mapping[r.row]][r.leaf.col]
        if cell is not None and similarity(_shown(cell.text), r.leaf.text) >= SIMILAR:
            agree += 1
    return agree * 2 >= len(labelled)


def _read_by_position(
    spec: Edition,
    table: TableSpec,
    doc: Table,
    grid: list[list[Cell | None]],
    mapping: dict[int, int],
    check: _LabelCheck,
    notes: Notes,
) -> dict[str, Value]:
    values: dict[str, Value] = {}
    unmerged = False
    for block in table.blocks:
        if not block.is_data:
            check.found(block, _block_text(grid, mapping, block))
        unmerged |= doc.merges_known and _is_unmerged(doc, grid, mapping, block)
    for row in spec_rows(spec.id, table.id):
        if row.data:
            texts = []
            for b in row.data:
                cell = grid[mapping[row.row]][b.col]
                # a label cell reaching into the numbers' columns holds no number
                texts.append(cell.text if cell is not None and (row.leaf is None or cell.col > row.leaf.col) else "")
            values.update(_read_row(spec, table, row, texts, notes, positional=True))
    if unmerged:
        numeral = table.section
        notes.warning(Rule.F1, f"表{numeral}中有应合并的单元格未合并，已按格式读入", section=table.section)
    return values


def _block_text(grid: list[list[Cell | None]], mapping: dict[int, int], block: Block) -> str:
    """The text the document has where the format has ``block``: of every cell there, in reading order (one cell
    when the document merged it; more when a page break or a stray rule cut it)."""
    seen: list[Cell] = []
    for r in range(block.row, block.row + block.rowspan):
        for c in range(block.col, block.col + block.colspan):
            cell = grid[mapping[r]][c]
            if cell is not None and all(cell is not s for s in seen):
                seen.append(cell)
    return "".join(_shown(c.text) for c in seen)


def _is_unmerged(doc: Table, grid: list[list[Cell | None]], mapping: dict[int, int], block: Block) -> bool:
    """A block the format merges that the document split into several cells (a page break aside)."""
    if block.rowspan == 1 and block.colspan == 1:
        return False
    doc_rows = [mapping[r] for r in range(block.row, block.row + block.rowspan)]
    if any(b in doc.page_breaks for b in doc_rows[1:]):
        return False
    first = grid[doc_rows[0]][block.col]
    return any(grid[d][c] is not first for d in doc_rows for c in range(block.col, block.col + block.colspan))


def _read_by_labels(
    spec: Edition, table: TableSpec, doc: Table, grid: list[list[Cell | None]], check: _LabelCheck, notes: Notes
) -> dict[str, Value]:
    """Rows found by their labels (the document has rows added or missing, or other columns)."""
    numeral = table.section
    starts = doc.rows()
    label_cells = [[c for c in row if looks_like_label(c.text)] for row in starts]
    rows = spec_rows(spec.id, table.id)
    matched = _align(rows, label_cells)  # spec row -> (doc row, label cell)
    used_rows = {d for d, _ in matched.values()}
    used_cells = {id(c) for _, c in matched.values()}
    positional = doc.n_cols == table.n_cols
    values: dict[str, Value] = {}
    last_doc_row = -1
    for row in rows:
        if not row.data:
            continue
        if row.leaf is not None and row.row not in matched:
            continue
        if row.leaf is None:  # table 四: the row of numbers has no label; the next row holding numbers
            d = next(
                (
                    d
                    for d in range(last_doc_row + 1, doc.n_rows)
                    if d not in used_rows and not label_cells[d] and any(c.text.strip() for c in starts[d])
                ),
                None,
            )
            if d is None:
                continue
            used_rows.add(d)
            leaf_cell = None
        else:
            d, leaf_cell = matched[row.row]
            check.found(row.leaf, leaf_cell.text)
        last_doc_row = d
        values.update(_row_values(spec, table, row, d, leaf_cell, starts, grid, positional, notes))
    done: set[int] = set()  # label blocks accounted for otherwise (an undivided category)
    values.update(_undivided(spec, table, rows, matched, label_cells, used_rows, used_cells, grid, starts, notes, done))
    missing_rows = {r.row for r in rows if r.data and r.leaf is not None and r.row not in matched}
    missing_rows -= {k for k in _rows_of_keys(table, values)}
    for row in rows:
        if row.row in missing_rows and row.leaf is not None:
            check.wrong += 1
            cells = tuple(b.key for b in row.data if b.key)
            notes.error(Rule.F1, f"表{numeral}缺少“{row.leaf.text}”一行", cells, table.section)
    _check_other_labels(table, rows, label_cells, used_cells, check, notes, done, doc.merges_known)
    for d in range(doc.n_rows):
        if d in used_rows or not label_cells[d] or all(id(c) in used_cells for c in label_cells[d]):
            continue
        if any(not looks_like_label(c.text) and c.text.strip() for c in starts[d]):
            extra = _shown(label_cells[d][-1].text)[:30]
            notes.error(Rule.F1, f"表{numeral}中“{extra}”一行不是格式中的行，未读入", section=table.section)
    return values


def _rows_of_keys(table: TableSpec, values: dict[str, Value]) -> set[int]:
    return {table.data_block(k).row for k in values}


def _row_values(
    spec: Edition,
    table: TableSpec,
    row: SpecRow,
    d: int,
    leaf_cell: Cell | None,
    starts: list[list[Cell]],
    grid: list[list[Cell | None]],
    positional: bool,
    notes: Notes,
) -> dict[str, Value]:
    right_of = leaf_cell.col + leaf_cell.colspan if leaf_cell is not None else 0
    if positional and all(b.col >= right_of for b in row.data):
        texts = []
        for b in row.data:
            cell = grid[d][b.col]
            texts.append(cell.text if cell is not None and cell is not leaf_cell else "")
        return _read_row(spec, table, row, texts, notes, positional=True)
    cells = [c.text for c in starts[d] if c.col >= right_of]
    return _read_row(spec, table, row, cells, notes, positional=False)


def _align(rows: Sequence[SpecRow], label_cells: list[list[Cell]]) -> dict[int, tuple[int, Cell]]:
    """Each labelled row of the format to a row of the document, in order, maximising label similarity."""
    wanted = [r for r in rows if r.data and r.leaf is not None]
    n, m = len(wanted), len(label_cells)
    best: list[list[tuple[float, Cell | None]]] = []
    for r in wanted:
        assert r.leaf is not None
        scores: list[tuple[float, Cell | None]] = []
        for cells in label_cells:
            top: tuple[float, Cell | None] = (0.0, None)
            for c in cells:
                s = similarity(_shown(c.text), r.leaf.text)
                if s > top[0]:
                    top = (s, c)
            scores.append(top if top[0] >= SIMILAR else (0.0, None))
        best.append(scores)
    # total[i][j]: the best sum aligning wanted[i:] with document rows j:
    total = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i][j][0] + total[i + 1][j + 1] if best[i][j][1] is not None else 0.0
            total[i][j] = max(take, total[i + 1][j], total[i][j + 1])
    matched: dict[int, tuple[int, Cell]] = {}
    i = j = 0
    while i < n and j < m:
        score, cell = best[i][j]
        if cell is not None and abs(total[i][j] - (score + total[i + 1][j + 1])) < 1e-9:
            matched[wanted[i].row] = (j, cell)
            i += 1
            j += 1
        elif total[i][j] == total[i + 1][j]:
            i += 1
        else:
            j += 1
    return matched


def _undivided(
    spec: Edition,
    table: TableSpec,
    rows: Sequence[SpecRow],
    matched: dict[int, tuple[int, Cell]],
    label_cells: list[list[Cell]],
    used_rows: set[int],
    used_cells: set[int],
    grid: list[list[Cell | None]],
    starts: list[list[Cell]],
    notes: Notes,
    done: set[int],
) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for category_label, catch_all in spec.undivided:
        category = next((b for b in label_blocks_of(table) if b.text == category_label), None)
        if category is None:
            continue
        items = [r for r in rows if category.row <= r.row < category.row + category.rowspan]
        if any(r.row in matched for r in items):
            continue
        before = [matched[r.row][0] for r in rows if r.row < category.row and r.row in matched]
        after = [matched[r.row][0] for r in rows if r.row >= category.row + category.rowspan and r.row in matched]
        low, high = (max(before) if before else -1), (min(after) if after else len(label_cells))
        for d in range(low + 1, high):
            cell = next((c for c in label_cells[d] if similarity(_shown(c.text), category.text) >= SIMILAR), None)
            if cell is None or d in used_rows:
                continue
            used_rows.add(d)
            used_cells.add(id(cell))
            as_row = SpecRow(items[0].row, items[0].data, category)
            totals = _row_values(spec, table, as_row, d, cell, starts, grid, True, Notes())
            totals = {k: v for k, v in totals.items() if v is not None}
            values.update(_undivided_values(spec, table, category, catch_all, totals, notes))
            done.add(id(category))
            break
    return values


def _check_other_labels(
    table: TableSpec,
    rows: Sequence[SpecRow],
    label_cells: list[list[Cell]],
    used_cells: set[int],
    check: _LabelCheck,
    notes: Notes,
    done: set[int],
    merges_known: bool,
) -> None:
    """Headers, titles and categories: each must be in the document, in any row (its layout may differ)."""
    leaves = {id(r.leaf) for r in rows if r.leaf is not None and r.data} | done
    pool = [c for cells in label_cells for c in cells if id(c) not in used_cells]
    official = [label_key(b.text) for b in label_blocks_of(table)]
    unmerged = False
    for block in label_blocks_of(table):
        if id(block) in leaves:
            continue
        scored = [(similarity(_shown(c.text), block.text), i) for i, c in enumerate(pool)]
        score, at = max(scored, default=(0.0, -1))
        if score < SIMILAR:
            check.missing(block)
            continue
        check.found(block, pool[at].text)
        taken = pool.pop(at)
        if block.rowspan > 1 or block.colspan > 1:  # written again in the rows it should span
            key = label_key(taken.text)
            unmerged |= sum(label_key(c.text) == key for c in pool) + 1 > official.count(key)
    if unmerged and merges_known:
        numeral = table.section
        notes.warning(Rule.F1, f"表{numeral}中有应合并的单元格未合并，已按格式读入", section=table.section)


# ---------------------------------------------------------------- plain text


@dataclass(frozen=True)
class _Keyed:
    """A text without its whitespace, normalised like a label key, and where each key character came from."""

    key: str
    origin: array[int]  # origin[i]: index in the text of key[i]
    text: str

    def span(self, start: int, end: int) -> str:
        """The original text of key[start:end] (with the whitespace inside)."""
        if start >= end:
            return ""
        first = self.origin[start] if start < len(self.origin) else len(self.text)
        last = self.origin[end - 1] + 1 if end - 1 < len(self.origin) else len(self.text)
        return self.text[first:last]

    def between(self, start: int, end: int) -> str:
        """The original text after key[start-1] and before key[end], whitespace around included."""
        first = self.origin[start - 1] + 1 if start > 0 else 0
        last = self.origin[end] if end < len(self.origin) else len(self.text)
        return self.text[first:last]


_RUN = re.compile(r"\S+")
_ITEM_COMMA = re.compile(r"(?<=\d)[、,]")


def keyed(text: str) -> _Keyed:
    """Run by run: NFKC keeps most runs' length, so each maps character for character (else per character)."""
    pieces: list[str] = []
    origin = array("i")
    for m in _RUN.finditer(text):
        run = m.group(0)
        normal = unicodedata.normalize("NFKC", run)
        if len(normal) == len(run) and not any(ch.isspace() for ch in normal):
            pieces.append(normal)
            origin.extend(range(m.start(), m.end()))
            continue
        for i, ch in enumerate(run, m.start()):
            for k in unicodedata.normalize("NFKC", ch):
                if not k.isspace():
                    pieces.append(k)
                    origin.append(i)
    key = "".join(pieces).replace("“", '"').replace("”", '"')
    return _Keyed(_ITEM_COMMA.sub(".", key), origin, text)  # 1、 and 1， as 1. (as label_key reads them)


_WINDOW = 160  # key characters searched past the last label found: a label further on is not this one
_CANDIDATE = re.compile(r"(?:\d\.)?[^\d+\-.,/]{2,}")


def find_labels(table: TableSpec, edition_id: str, text: _Keyed) -> dict[int, tuple[int, int]]:
    """Where each label of the table stands in the text (by block index), searched in reading order."""
    blocks = label_blocks(edition_id, table.id)
    found: dict[int, tuple[int, int]] = {}
    cursor = 0
    for i, block in enumerate(blocks):
        key = label_key(block.text)
        at = text.key.find(key, cursor, cursor + _WINDOW + len(key))
        if at >= 0:
            found[i] = (at, at + len(key))
            cursor = at + len(key)
    return found


def _fuzzy(blocks: Sequence[Block], found: dict[int, tuple[int, int]], i: int, text: _Keyed) -> tuple[int, int] | None:
    """A label written differently, looked for between the labels found around it: in each run of text between
    numbers, as a whole or as a stretch about as long as the label."""
    low = max((found[j][1] for j in found if j < i), default=0)
    high = min((found[j][0] for j in found if j > i), default=len(text.key))
    gap = text.key[low : min(high, low + 2 * _WINDOW)]
    label = blocks[i].text
    n = len(label_key(label))
    best: tuple[float, int, int] | None = None
    for m in _CANDIDATE.finditer(gap):
        spans = [(m.start(), m.end())]
        if m.end() - m.start() > n + 3:
            spans += [(a, a + w) for w in range(max(n - 2, 2), n + 3) for a in range(m.start(), m.end() - w + 1)]
        for a, b in spans:
            s = similarity(gap[a:b], label)
            if s >= SIMILAR and (best is None or s > best[0]):
                best = (s, low + a, low + b)
    return (best[1], best[2]) if best else None


def map_text(spec: Edition, table: TableSpec, text: str, notes: Notes) -> dict[str, Value] | None:
    """The values of ``table`` read from plain text; ``None`` when the text holds no such table."""
    k = keyed(text[: LIMITS.table_text_chars])
    blocks = label_blocks(spec.id, table.id)
    found = find_labels(table, spec.id, k)
    if len(found) < max(3, len(blocks) // 4):  # a sentence that names a label or two is no table
        return None
    index = {id(b): i for i, b in enumerate(blocks)}
    rows = spec_rows(spec.id, table.id)
    for i in range(len(blocks)):
        if i not in found:
            where = _fuzzy(blocks, found, i, k)
            if where:
                found[i] = where
    check = _LabelCheck(table, notes)
    for i, block in enumerate(blocks):
        if i in found:
            check.found(block, k.span(*found[i]))
    values: dict[str, Value] = {}
    matched_leaves = set()
    for row in rows:
        if not row.data:
            continue
        if row.leaf is not None:
            i = index[id(row.leaf)]
            if i not in found:
                continue
            start = found[i][1]
            matched_leaves.add(row.row)
        else:
            before = [found[j][1] for j in found if blocks[j].row < row.row]
            start = max(before, default=0)
        after = [found[j][0] for j in found if blocks[j].row > row.row and found[j][0] >= start]
        end = min(after, default=len(k.key))
        cells = tokens(k.between(start, end), len(row.data), row.leaf is not None)
        values.update(_read_row(spec, table, row, cells, notes, positional=False))
    numeral = table.section
    for category_label, catch_all in spec.undivided:
        category = next((b for b in blocks if b.text == category_label), None)
        if category is None or index[id(category)] not in found:
            continue
        items = [r for r in rows if category.row <= r.row < category.row + category.rowspan and r.data]
        if any(r.row in matched_leaves for r in items):
            continue
        start = found[index[id(category)]][1]
        end = min((found[j][0] for j in found if found[j][0] >= start), default=len(k.key))
        as_row = SpecRow(items[0].row, items[0].data, category)
        totals = _read_row(spec, table, as_row, tokens(k.between(start, end), len(as_row.data), True), Notes(), False)
        values.update(_undivided_values(spec, table, category, catch_all, totals, notes))
        matched_leaves.update(r.row for r in items)
    for row in rows:
        if row.data and row.leaf is not None and row.row not in matched_leaves:
            check.wrong += 1
            missing = tuple(str(b.key) for b in row.data if b.key)
            notes.error(Rule.F1, f"表{numeral}缺少“{row.leaf.text}”一行", missing, table.section)
    leaves = {id(r.leaf) for r in rows if r.data and r.leaf is not None}
    for i, block in enumerate(blocks):
        if i not in found and id(block) not in leaves:
            check.missing(block)
    return values


_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")


def tokens(between: str, n_cells: int, after_label: bool) -> list[str]:
    """The cells of a row in plain text: one per line, per tab or per run of spaces; a text that sets every cell
    on its own line between blank lines (as crawled web tables do) also shows where a cell is empty."""
    lines = between.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    spaced = _blank_line_cells(lines, n_cells, after_label)
    if spaced is not None:
        return spaced
    found: list[str] = []
    for line in lines:
        found += [t for t in _SPACE_RUN.split(line.strip()) if t]
    return found


def _blank_line_cells(lines: list[str], n_cells: int, after_label: bool) -> list[str] | None:
    """Cells between blank lines: two blank lines part the cells of a row, four end a row, and an empty cell is
    one more blank line and its two separators.  ``None`` unless the row follows that pattern exactly."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled or len(lines) < 3:
        return None
    runs = [filled[0] - 1] + [b - a - 1 for a, b in zip(filled, filled[1:], strict=False)]
    if any(r < 2 for r in runs):
        return None
    first = runs[0] - (2 if after_label else 4)
    if first < 0 or first % 3 or any((r - 2) % 3 for r in runs[1:]):
        return None
    cells = [""] * (first // 3)
    for i, at in enumerate(filled):
        if i:
            cells += [""] * ((runs[i] - 2) // 3)
        cells.append(lines[at].strip())
    if len(cells) > n_cells:
        return None
    return cells + [""] * (n_cells - len(cells))
