"""同比对照: every cell of 二/三/四 against last year's report, the largest changes first.

The model is the Qt face of ``nianbao.drafting.year_over_year`` and follows the open report's cells;
the dialog only lays it out.  Opened from a text section's context menu when last year's report is known.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from gui.document import ReportDocument
from nianbao import drafting
from nianbao.numbers import format_value

TITLE = "同比对照"
HEADERS = ("单元格", "上年", "本年", "增减", "增减幅度")
NO_PREVIOUS = "没有上一年度的报告，无法同比"

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def signed(value: object) -> str:
    text = format_value(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def percent_text(change: drafting.Change) -> str:
    """``+12.4%``, ``-3.0%``, ``0.0%``; ``—`` when last year was 0 (no percentage)."""
    if change.percent is None:
        return "—"
    return f"{signed(change.percent)}%" if change.percent else "0.0%"


class ComparisonModel(QAbstractTableModel):
    def __init__(self, doc: ReportDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.rows: list[drafting.CellChange] = []
        self.refresh()
        doc.cellsChanged.connect(lambda _keys: self.refresh())

    def refresh(self) -> None:
        self.beginResetModel()
        previous = self.doc.live.previous
        self.rows = drafting.year_over_year(self.doc.report, previous) if previous is not None else []
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def cell_text(self, row: int, column: int) -> str:
        r = self.rows[row]
        return (
            r.place,
            format_value(r.last),
            format_value(r.now),
            signed(r.change.difference),
            percent_text(r.change),
        )[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()].key
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class ComparisonDialog(QDialog):
    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        previous = doc.live.previous
        self.setWindowTitle(f"{TITLE} — {doc.report.year}年度与{doc.report.year - 1}年度")
        layout = QVBoxLayout(self)
        self.model = ComparisonModel(doc, self)
        changed = sum(1 for r in self.model.rows if r.change.difference)
        intro = (
            f"与{previous.year}年度报告相比，有 {changed} 个单元格的数字发生变化（按增减的多少排列）。"
            "变化较大的，请在“五”中说明原因。增减幅度四舍五入保留一位小数。"
            if previous is not None
            else NO_PREVIOUS
        )
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setAlternatingRowColors(True)
        layout.addWidget(self.view)
        self.resize(820, 560)
