"""Spreadsheets (.xlsx, openpyxl): sheets of rows with a frozen header row, filters and sensible widths."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from nianbao.file_writing import os_error_reason, write_atomically
from nianbao.text import clean_text

MAX_CELL_CHARS = 32767  # Excel's limit for one cell


class SpreadsheetError(Exception):
    """The spreadsheet could not be written; ``str()`` is a Chinese message."""


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Mapping[int, float] = field(default_factory=dict)  # column index -> width in characters


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    wrapped = Alignment(vertical="top", wrap_text=True)  # long messages grow the row, not the page
    centred = Alignment(horizontal="center", vertical="top")  # counts, under their short headers
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.append(list(spec.headers))
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in spec.rows:
            sheet.append([_cell(v) for v in row])
            for cell in sheet[sheet.max_row]:
                cell.alignment = centred if isinstance(cell.value, int) else wrapped
                if cell.data_type == "f":  # a text that starts with "=": shown as written, never computed
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"  # printed: the header on every page, the width of one landscape page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.headers))}{max(len(spec.rows) + 1, 2)}"
        for i, header in enumerate(spec.headers):
            width = spec.widths.get(i, max(8.0, len(header) * 2.0 + 2))
            sheet.column_dimensions[get_column_letter(i + 1)].width = width

    def save(f: BinaryIO) -> None:
        book.save(f)

    try:
        return write_atomically(path, save)
    except OSError as e:
        raise SpreadsheetError(f"无法写入“{Path(path).name}”：{os_error_reason(e)}") from None


def _cell(value: object) -> object:
    """Numbers stay numbers; text made safe for the file (no control characters, within Excel's length)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return clean_text(str(value))[:MAX_CELL_CHARS]
