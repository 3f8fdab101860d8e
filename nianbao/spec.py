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
from typing import ClassVar

VERTICAL_LABEL_MIN_ROWS = 4


class Rule(str, Enum):
    """The rules of the format's fact sheet, plus T3 (placeholders left in the text)."""

    R3_1 = "R3.1"  # every row of 三: 总计 = the applicants' sum
    R3_2 = "R3.2"  # every column of 三: （七）总计 = the results' sum
    R3_3 = "R3.3"  # 一 + 二 = （七）总计 + 四 (the rule printed in table 三)
    R4_1 = "R4.1"  # each group of 四: 总计 = its outcomes' sum
    F1 = "F1"  # the six sections, the edition's tables and labels, the edition that fits the year
    F2 = "F2"  # every number cell filled, integers ≥ 0 where the format says so
    X1 = "X1"  # 二、上年结转 = last year's 四、结转下年度继续办理
    X2 = "X2"  # 现行有效件数 = last year's + 本年制发 − 本年废止
    T1 = "T1"  # numbers quoted in the text equal the tables'
    T2 = "T2"  # edition 2021: section 六 reports the 信息处理费
    T3 = "T3"  # placeholders (XX, 待补充 …) left in the text

    def __str__(self) -> str:  # "R3.1" in messages and f-strings, on every Python
        return self.value


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


def place(section: str, row_label: str, col_label: str = "") -> str:
    """Where something is, as a clerk reads it: ``三（七）总计·自然人``, ``二·规章``, ``四·行政复议``."""
    sep = "" if row_label.startswith("（") else "·"
    return f"{section}{sep}{row_label}" + (f"·{col_label}" if col_label else "")


@dataclass(frozen=True)
class DataCell:
    """One number of the report, addressed by a stable storage key."""

    key: str  # "t3.new.natural"
    table: str  # "t3"
    section: str  # the section of the table: "三"
    row: str  # row id within the table
    col: str  # column id within the table
    kind: CellKind
    row_label: str  # official label, for messages ("（七）总计")
    col_label: str  # official label ("自然人")
    computed: bool = False

    @property
    def place(self) -> str:
        """Where the cell is, as a clerk reads it: ``三（七）总计·自然人``."""
        return place(self.section, self.row_label, self.col_label)

    @property
    def row_place(self) -> str:
        """Its row: ``三（七）总计``."""
        return place(self.section, self.row_label)


@dataclass(frozen=True)
class LabelBlock:
    """A rectangle of the table grid holding an official label.

    ``row``/``col`` are 0-based; spans are at least 1.  Blocks never overlap and together cover the grid.
    """

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""  # the official label
    header: bool = False  # a column header (repeated on a new page)
    key: ClassVar[None] = None
    is_data: ClassVar[bool] = False

    @property
    def reads_vertically(self) -> bool:
        """A tall label in the first column (三、本年度办理结果): one character per line, as printed reports
        set it.  Inner category labels (（三）不予公开 …) stay horizontal, all alike."""
        return self.col == 0 and self.colspan == 1 and self.rowspan >= VERTICAL_LABEL_MIN_ROWS


@dataclass(frozen=True, kw_only=True)
class DataBlock:
    """A rectangle of the table grid showing one data cell."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    key: str  # the data cell shown here
    text: ClassVar[str] = ""
    header: ClassVar[bool] = False
    is_data: ClassVar[bool] = True
    reads_vertically: ClassVar[bool] = False


Block = LabelBlock | DataBlock


@dataclass(frozen=True)
class Sum:
    """``total`` must equal the sum of ``parts``; ``total`` is computed in the form."""

    rule: Rule  # R3.1, R3.2, R4.1
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Balance:
    """sum(left) must equal sum(right) (the rule printed in table 三)."""

    rule: Rule  # R3.3
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_label: str
    right_label: str
    column_label: str


@dataclass(frozen=True, kw_only=True)
class TableSpec:
    id: str  # "t2", "t3", "t4"
    section: str  # "二": also the table's numeral (表二)
    n_rows: int
    n_cols: int
    blocks: tuple[Block, ...]
    cells: tuple[DataCell, ...]
    header_rows: int = 0  # rows repeated when the table breaks across pages
    font_pt: float = 9.0  # Word: 五号 10.5 for 二, 小五 9 for 三 and 四
    col_widths_mm: tuple[float, ...] = ()
    note_block: LabelBlock | None = None  # the 勾稽 note of table 三, set in 楷体

    @property
    def name(self) -> str:
        """How the text names the table: ``表三``."""
        return f"表{self.section}"

    def block_at(self, row: int, col: int) -> Block:
        return self.grid[row][col]

    def data_block(self, key: str) -> DataBlock:
        return self.blocks_by_key[key]

    def cell(self, key: str) -> DataCell:
        return self.cells_by_key[key]

    @cached_property
    def grid(self) -> list[list[Block]]:
        """``grid[row][col]``: the block covering each grid position."""
        grid: list[list[Block | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for b in self.blocks:
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    grid[r][c] = b
        if any(b is None for row in grid for b in row):
            raise ValueError(f"表{self.section}的区块没有覆盖整个表格")
        return [[b for b in row if b is not None] for row in grid]

    @cached_property
    def blocks_by_key(self) -> dict[str, DataBlock]:
        return {b.key: b for b in self.blocks if isinstance(b, DataBlock)}

    @cached_property
    def label_blocks(self) -> tuple[LabelBlock, ...]:
        return tuple(b for b in self.blocks if isinstance(b, LabelBlock))

    @cached_property
    def cells_by_key(self) -> dict[str, DataCell]:
        return {c.key: c for c in self.cells}

    @cached_property
    def row_labels(self) -> frozenset[LabelBlock]:
        """Labels that name the numbers to their right (规章, （一）予以公开): read left to right, set flush left."""
        found = set()
        for b in self.label_blocks:
            right = b.col + b.colspan
            if right < self.n_cols and not b.header and isinstance(self.block_at(b.row, right), DataBlock):
                found.add(b)
        return frozenset(found)

    @cached_property
    def label_columns(self) -> int:
        """How many columns left of the first number hold the row labels (表三: 3, 表四: none): with the
        ``header_rows`` they stay in view while the numbers scroll."""
        return min((b.col for b in self.blocks if isinstance(b, DataBlock)), default=0)

    @cached_property
    def group_titles(self) -> frozenset[LabelBlock]:
        """Titles across the whole table (第二十条第（一）项): they open a group of rows, set in bold."""
        return frozenset(b for b in self.label_blocks if b.colspan == self.n_cols)

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


@dataclass(frozen=True, kw_only=True)
class Edition:
    id: str  # "2021", "2019"
    name: str
    basis: str  # the notice that set the format
    first_year: int  # the first report year that uses this edition
    last_year: int | None  # the last one; None: still in force
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    sums: tuple[Sum, ...]
    balances: tuple[Balance, ...]
    carry_in: tuple[tuple[str, str], ...] = ()  # (this year's key, last year's key) for X1
    stock: tuple[tuple[str, str, str], ...] = ()  # (in force, issued, repealed) for X2
    fee_section: str | None = None  # T2: the section that must report the 信息处理费 collected …
    fee_keyword: str = ""  # … by naming it
    fee_hint: str = ""  # what T2 says is missing
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

    @property
    def years(self) -> str:
        """The years it applies to, as the clerk reads them: ``2019、2020年度``, ``2021年度及以后``."""
        if self.last_year is None:
            return f"{self.first_year}年度及以后"
        return "、".join(str(y) for y in range(self.first_year, self.last_year + 1)) + "年度"

    def applies_to(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @cached_property
    def computed_order(self) -> tuple[str, ...]:
        """The computed keys, each after every computed key among its parts (totals of totals last)."""
        ordered: list[str] = []
        placed: set[str] = set()
        remaining = list(self.computed_by_key)
        while remaining:
            ready = [
                k
                for k in remaining
                if placed.issuperset(p for p in self.computed_by_key[k].parts if p in self.computed_by_key)
            ]
            if not ready:
                raise ValueError(f"格式版本 {self.id} 的合计互相依赖：{'、'.join(remaining)}")
            ordered += ready
            placed.update(ready)
            remaining = [k for k in remaining if k not in placed]
        return tuple(ordered)

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
