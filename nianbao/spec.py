"""The vocabulary in which a format edition is declared.

An edition is data: sections, tables laid out as blocks on a grid (the merged
cells of the official document), the data cells with their kinds, and the
arithmetic that ties them.  The form, the Word tables, the importer, the storage
keys and the checker are all generated from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

TABLE_NUMERALS = {"t2": "二", "t3": "三", "t4": "四"}
VERTICAL_LABEL_MIN_ROWS = 4


class CellKind(Enum):
    COUNT = "count"  # integer >= 0
    SIGNED = "signed"  # integer, may be negative (2019 本年增/减)
    FEE = "fee"  # decimal >= 0, 万元
    AMOUNT = "amount"  # decimal >= 0, 元 (2019 采购总金额: no unit in the header; publishers write 元)

    @property
    def is_integer(self) -> bool:
        return self in (CellKind.COUNT, CellKind.SIGNED)

    @property
    def allows_negative(self) -> bool:
        return self is CellKind.SIGNED

    @property
    def unit(self) -> str:
        """The unit a money amount is kept in ("" for counts)."""
        return {CellKind.FEE: "万元", CellKind.AMOUNT: "元"}.get(self, "")


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "提示"


@dataclass(frozen=True)
class DataCell:
    """One number of the report, addressed by a stable storage key."""

    key: str  # "t3.new.natural"
    table: str  # "t3"
    row: str  # row id within the table
    col: str  # column id within the table
    kind: CellKind
    row_label: str  # official label, for messages ("（七）总计")
    col_label: str  # official label ("自然人")
    computed: bool = False

    @property
    def place(self) -> str:
        """Where the cell is, as a clerk reads it: ``三（七）总计·自然人``."""
        numeral = TABLE_NUMERALS[self.table]
        sep = "" if self.row_label.startswith("（") else "·"
        return f"{numeral}{sep}{self.row_label}·{self.col_label}"


@dataclass(frozen=True)
class Block:
    """A rectangle of the table grid: a label or one data cell.

    ``row``/``col`` are 0-based; spans are at least 1.  Blocks never overlap and
    together cover the whole grid.
    """

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""  # the official label, empty for a data block
    key: str | None = None  # the data cell shown here
    header: bool = False  # a column header (repeated on a new page)

    @property
    def is_data(self) -> bool:
        return self.key is not None

    @property
    def reads_vertically(self) -> bool:
        """A tall label in the first column (三、本年度办理结果): one character per line, as printed reports
        set it.  Inner category labels (（三）不予公开 …) stay horizontal, all alike."""
        return self.key is None and self.col == 0 and self.colspan == 1 and self.rowspan >= VERTICAL_LABEL_MIN_ROWS


@dataclass(frozen=True)
class Sum:
    """``total`` must equal the sum of ``parts``; ``total`` is computed in the form."""

    rule: str  # "R3.1", "R3.2", "R4.1"
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Balance:
    """sum(left) must equal sum(right) (the rule printed in table 三)."""

    rule: str  # "R3.3"
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_label: str
    right_label: str
    column_label: str


@dataclass(frozen=True)
class TableSpec:
    id: str  # "t2", "t3", "t4"
    section: str  # "二"
    n_rows: int
    n_cols: int
    blocks: tuple[Block, ...]
    cells: tuple[DataCell, ...]
    header_rows: int = 0  # rows repeated when the table breaks across pages
    font_pt: float = 9.0  # Word: 五号 10.5 for 二, 小五 9 for 三 and 四
    col_widths_mm: tuple[float, ...] = ()
    note_block: Block | None = None  # the 勾稽 note of table 三, set in 楷体

    def block_at(self, row: int, col: int) -> Block:
        return self.grid[row][col]

    def data_block(self, key: str) -> Block:
        return self.blocks_by_key[key]

    def cell(self, key: str) -> DataCell:
        return self.cells_by_key[key]

    @cached_property
    def grid(self) -> list[list[Block]]:
        """``grid[row][col]``: the block covering each grid position."""
        grid: list[list[Block]] = [[None] * self.n_cols for _ in range(self.n_rows)]  # type: ignore[list-item]
        for b in self.blocks:
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    grid[r][c] = b
        return grid

    @cached_property
    def blocks_by_key(self) -> dict[str, Block]:
        return {b.key: b for b in self.blocks if b.key}

    @cached_property
    def cells_by_key(self) -> dict[str, DataCell]:
        return {c.key: c for c in self.cells}

    def rows_of_cells(self) -> list[list[DataCell]]:
        """The data cells grouped by logical row, in document order."""
        rows: dict[str, list[DataCell]] = {}
        for cell in self.cells:
            rows.setdefault(cell.row, []).append(cell)
        return list(rows.values())


@dataclass(frozen=True)
class SectionSpec:
    id: str  # "一" … "六"
    heading: str  # "一、总体情况"
    table: str | None = None  # "t2" for 二; None for a text section
    guide: str = ""  # what the section should contain, after the format's notes
    variants: tuple[str, ...] = ()  # other wordings real reports use (read as this heading, reported)


@dataclass(frozen=True)
class Edition:
    id: str  # "2021", "2019"
    name: str
    basis: str  # the notice that set the format
    years: str  # human description, for messages
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    sums: tuple[Sum, ...]
    balances: tuple[Balance, ...]
    carry_in: tuple[tuple[str, str], ...] = ()  # (this year's key, last year's key) for X1
    stock: tuple[tuple[str, str, str], ...] = ()  # (in force, issued, repealed) for X2
    fee_section: str | None = None  # T2: the section that must report the 信息处理费 collected
    # T1: what a phrase of the narrative quotes (quantity id of nianbao.narrative -> cells summed)
    quoted_totals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A category of table 三 some reports give as one row without its items (the 2019 layout of （六）其他处理):
    # (category label, the row its figures belong to when they cannot be split: the catch-all item).
    undivided: tuple[tuple[str, str], ...] = ()
    cells_by_key: dict[str, DataCell] = field(init=False, repr=False, compare=False)
    computed_by_key: dict[str, Sum] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells = {c.key: c for t in self.tables for c in t.cells}
        object.__setattr__(self, "cells_by_key", cells)
        computed: dict[str, Sum] = {}
        for s in self.sums:  # 三（七）总计·总计 is the total of a row and of a column
            computed.setdefault(s.total, s)
        object.__setattr__(self, "computed_by_key", computed)

    @cached_property
    def parts_index(self) -> dict[str, tuple[str, ...]]:
        """part key -> the computed totals it feeds (each total through the sum that computes it)."""
        index: dict[str, list[str]] = {}
        for total, rule in self.computed_by_key.items():
            for part in rule.parts:
                index.setdefault(part, []).append(total)
        return {k: tuple(v) for k, v in index.items()}

    def table(self, table_id: str) -> TableSpec:
        return next(t for t in self.tables if t.id == table_id)

    def section(self, section_id: str) -> SectionSpec:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def text_sections(self) -> tuple[SectionSpec, ...]:
        return tuple(s for s in self.sections if s.table is None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.cells_by_key)

    @property
    def entry_keys(self) -> tuple[str, ...]:
        return tuple(k for k, c in self.cells_by_key.items() if not c.computed)
