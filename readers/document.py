"""The neutral document every front end produces and the one mapper reads.

Front ends know file formats and nothing of the report format; the mapper (readers/mapper.py) knows the report
format and nothing of file formats.  In between stands this: paragraphs and tables in reading order, and the
document properties a file keeps out of sight.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from readers.limits import LIMITS, LimitExceeded


@dataclass(frozen=True)
class Paragraph:
    text: str  # line breaks inside the paragraph as "\n"
    centred: bool = False  # a hint for the title: centred in the document (or a heading element)


@dataclass(frozen=True)
class Cell:
    row: int  # 0-based position of the top-left corner on the table's grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""


@dataclass(frozen=True)
class Table:
    """Cells on a grid.  Cells never overlap; grid positions no cell covers are empty."""

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    # Rows where the table continues on a new page (PDF): a merged cell split there is not a deviation.
    page_breaks: tuple[int, ...] = ()
    # Whether the merges are the author's (Word, HTML) or guessed from drawn lines (PDF: a line hidden under a
    # cell's shading still splits the cell), so that an unmerged cell is a deviation only in the first case.
    merges_known: bool = True

    @classmethod
    def from_cells(cls, cells: Iterable[Cell], page_breaks: Sequence[int] = (), merges_known: bool = True) -> Table:
        cells = tuple(cells)
        n_rows = max((c.row + c.rowspan for c in cells), default=0)
        n_cols = max((c.col + c.colspan for c in cells), default=0)
        if n_cols > LIMITS.grid_cols:
            raise LimitExceeded(f"文件中的表格有 {n_cols} 列，超过上限 {LIMITS.grid_cols} 列")
        if n_rows > LIMITS.table_rows:
            raise LimitExceeded(f"文件中的表格有 {n_rows} 行，超过上限 {LIMITS.table_rows} 行")
        return cls(cells, n_rows, n_cols, tuple(page_breaks), merges_known)

    def grid(self) -> list[list[Cell | None]]:
        """``grid[row][col]``: the cell covering each position (bounded by the limits checked in ``from_cells``)."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                row = grid[r]
                for c in range(cell.col, cell.col + cell.colspan):
                    row[c] = cell
        return grid

    def rows(self) -> list[list[Cell]]:
        """The cells that start in each row, left to right."""
        rows: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        for row in rows:
            row.sort(key=lambda c: c.col)
        return rows


@dataclass(frozen=True)
class Properties:
    """What the file says about itself out of sight (core properties, PDF Info, ``<meta>``)."""

    title: str = ""
    agency: str = ""  # only from our own exports (the mark in the category)
    year: int | None = None  # only from our own exports
    edition: str = ""  # only from our own exports


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    source_format: str  # for the user: "Word 文档", "PDF 文档", "网页", "文本"
    name: str  # the file name, for messages
    properties: Properties = field(default_factory=Properties)
    # Plain text: headings may stand inside a line and tables are runs of labels and numbers, not cells.
    plain_text: bool = False

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


class DocumentBuilder:
    """Collects blocks in reading order and enforces the limits on their number and size as they come."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._paragraphs = 0
        self._tables = 0
        self._cells = 0
        self._chars = 0

    def paragraph(self, text: str, centred: bool = False) -> None:
        self._paragraphs += 1
        if self._paragraphs > LIMITS.paragraphs:
            raise LimitExceeded(f"文件中的段落超过上限（{LIMITS.paragraphs} 段）")
        self._count_chars(len(text))
        self.blocks.append(Paragraph(text, centred))

    def table(self, table: Table) -> None:
        self._tables += 1
        if self._tables > LIMITS.tables:
            raise LimitExceeded(f"文件中的表格超过上限（{LIMITS.tables} 个）")
        self._cells += len(table.cells)
        if self._cells > LIMITS.cells:
            raise LimitExceeded(f"文件中的表格单元格超过上限（{LIMITS.cells} 个）")
        self._count_chars(sum(len(c.text) for c in table.cells))
        self.blocks.append(table)

    def _count_chars(self, n: int) -> None:
        self._chars += n
        if self._chars > LIMITS.text_chars:
            raise LimitExceeded(f"文件中的文字超过上限（{LIMITS.text_chars} 字）")

    def build(self, source_format: str, name: str, properties: Properties | None = None, **kw: bool) -> Document:
        return Document(tuple(self.blocks), source_format, name, properties or Properties(), **kw)
