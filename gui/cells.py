"""What the statutory tables show and how the keyboard and the clipboard move
through them, without any widget: the parts of the form tests can call directly.

Everything is derived from the edition's :class:`~nianbao.spec.TableSpec`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from nianbao.model import Report, Value
from nianbao.numbers import InputRejected, format_value, parse_value
from nianbao.spec import Block, DataBlock, DataCell, Edition, LabelBlock, TableSpec


class Role(Enum):
    HEADER = "header"  # column headers (申请人情况 …)
    LABEL = "label"  # row labels (一、本年新收 …, 第二十条第（一）项)
    ENTRY = "entry"  # a number the clerk types
    COMPUTED = "computed"  # a total the program keeps


def block_role(block: Block, edition: Edition) -> Role:
    if isinstance(block, LabelBlock):
        return Role.HEADER if block.header else Role.LABEL
    return Role.COMPUTED if edition.cells_by_key[block.key].computed else Role.ENTRY


def label_text(block: Block) -> str:
    """What a label block shows: its text, top-down for a tall one-column block."""
    return "\n".join(block.text) if block.reads_vertically else block.text


def cell_text(report: Report, key: str) -> str:
    """The text a data cell shows (and its editor starts with)."""
    return format_value(report.get(key))


class Direction(Enum):
    UP = (-1, 0)
    DOWN = (1, 0)
    LEFT = (0, -1)
    RIGHT = (0, 1)


class EditMode(Enum):
    """How a cell editor was opened, as in Excel (F2 switches between the two)."""

    ENTER = "输入"  # by typing over the cell: every arrow enters the text and moves on
    EDIT = "编辑"  # by F2 or a double click: ← and → move the text cursor

    def arrow_leaves(self, direction: Direction) -> bool:
        """Whether an arrow key enters the text and moves to the next cell (else it moves the text cursor)."""
        return self is EditMode.ENTER or direction in (Direction.UP, Direction.DOWN)

    def toggled(self) -> EditMode:
        return EditMode.EDIT if self is EditMode.ENTER else EditMode.ENTER


class Navigator:
    """Keyboard order over the entry cells of one table: labels and totals are skipped."""

    def __init__(self, table: TableSpec, edition: Edition):
        self.table = table
        blocks = sorted(table.blocks_by_key.values(), key=lambda b: (b.row, b.col))
        self.entries: list[str] = [b.key for b in blocks if not edition.cells_by_key[b.key].computed]
        self._index = {k: i for i, k in enumerate(self.entries)}
        by_column = sorted(self.entries, key=lambda k: (table.data_block(k).col, table.data_block(k).row))
        self._column_next = dict(zip(by_column, by_column[1:], strict=False))
        self._entry_set = set(self.entries)

    def first(self) -> str | None:
        """Ctrl+Home: the first entry cell (top left)."""
        return self.entries[0] if self.entries else None

    def last(self) -> str | None:
        """Ctrl+End: the last entry cell (bottom right)."""
        return self.entries[-1] if self.entries else None

    def step(self, key: str | None, forward: bool = True) -> str | None:
        """Tab / Shift-Tab: the next entry cell in reading order; stays at either end."""
        if key not in self._index:
            return self.first()
        i = self._index[key] + (1 if forward else -1)
        return self.entries[min(max(i, 0), len(self.entries) - 1)]

    def move(self, key: str | None, direction: Direction) -> str | None:
        """Arrows and Enter: the nearest entry cell in that direction, or ``None`` at the edge."""
        if key is None:
            return self.first()
        block = self.table.data_block(key)
        dr, dc = direction.value
        # Walk from the far edge of the block along its first row / column.
        r = block.row + block.rowspan if dr > 0 else block.row - 1 if dr < 0 else block.row
        c = block.col + block.colspan if dc > 0 else block.col - 1 if dc < 0 else block.col
        while 0 <= r < self.table.n_rows and 0 <= c < self.table.n_cols:
            found = self.table.block_at(r, c)
            if found.key in self._entry_set:
                return found.key
            r = found.row + found.rowspan if dr > 0 else found.row - 1 if dr < 0 else r
            c = found.col + found.colspan if dc > 0 else found.col - 1 if dc < 0 else c
        return None

    def down_or_next(self, key: str | None) -> str | None:
        """Enter: column by column, as in Excel: down; below the last row of a column, the first row of the next.

        Column by column through the entry cells (a merged cell counts in its first column); ``None`` after
        the last one.
        """
        if key not in self._index:
            return self.first()
        return self._column_next.get(key)


def blank_entries(keys: list[str], report: Report, edition: Edition) -> list[str]:
    """空白格填 0: the entry cells among ``keys`` that are blank (never a total, a value or an unparsed text)."""
    return [k for k in keys if not edition.cells_by_key[k].computed and report.get(k) is None]


def filled_text(count: int, selection: bool) -> str:
    """What the status bar says after 空白格填 0."""
    where = "所选范围" if selection else "本表"
    return f"已把{where}的 {count} 个空白格填 0" if count else f"{where}没有空白格"


# ---------------------------------------------------------------- clipboard


def split_clipboard(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel and WPS put them on the clipboard (one trailing newline)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return [line.split("\t") for line in text.split("\n")]


class PasteRejected(ValueError):
    """A pasted block that cannot go into the table; ``problems`` are for the clerk."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass
class PastePlan:
    values: dict[str, Value] = field(default_factory=dict)  # entry key -> new value
    skipped: list[str] = field(default_factory=list)  # computed cells that had something pasted on them


def visual_rows(table: TableSpec, edition: Edition) -> list[list[DataCell]]:
    """The data cells as the clerk sees them: grid rows that hold numbers, left to right."""
    rows: dict[int, list[DataBlock]] = {}
    for b in sorted(table.blocks_by_key.values(), key=lambda b: (b.row, b.col)):
        rows.setdefault(b.row, []).append(b)
    return [[edition.cells_by_key[b.key] for b in row] for row in rows.values()]


def plan_paste(table: TableSpec, edition: Edition, start_key: str, rows: list[list[str]]) -> PastePlan:
    """Map a pasted block onto the table's logical rows from ``start_key``.

    Row *i* of the block goes to the *i*-th row of numbers below the start (label
    rows are passed over), column *j* to the *j*-th number of that row.  Computed cells are skipped; any value
    that does not parse rejects the whole paste, so nothing changes halfway.
    """
    logical = visual_rows(table, edition)
    where = {c.key: (i, j) for i, row in enumerate(logical) for j, c in enumerate(row)}
    r0, c0 = where[start_key]
    plan = PastePlan()
    problems: list[str] = []
    if r0 + len(rows) > len(logical):
        problems.append(f"粘贴了 {len(rows)} 行，从所选单元格起只有 {len(logical) - r0} 行")
    for i, texts in enumerate(rows[: len(logical) - r0]):
        row = logical[r0 + i]
        if c0 + len(texts) > len(row):
            problems.append(f"第 {i + 1} 行粘贴了 {len(texts)} 列，表格这一行从所选单元格起只有 {len(row) - c0} 列")
            continue
        for j, text in enumerate(texts):
            cell = row[c0 + j]
            if cell.computed:
                if text.strip():
                    plan.skipped.append(cell.key)
                continue
            try:
                plan.values[cell.key] = parse_value(text, cell.kind)
            except InputRejected as e:
                problems.append(f"{cell.place}：{e.reason}")
    if problems:
        raise PasteRejected(problems)
    return plan


def copy_text(table: TableSpec, report: Report, cells: set[tuple[int, int]]) -> str:
    """Tab-separated text of the selected grid cells (one field per merged block)."""
    if not cells:
        return ""
    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    lines = []
    for r in range(rows[0], rows[-1] + 1):
        fields = []
        for c in range(cols[0], cols[-1] + 1):
            block = table.block_at(r, c)
            if (block.row, block.col) != (r, c):
                continue  # the rest of a merged block
            fields.append(cell_text(report, block.key) if isinstance(block, DataBlock) else block.text)
        lines.append("\t".join(fields))
    return "\n".join(lines)
