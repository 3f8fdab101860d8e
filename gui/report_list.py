"""The list of stored reports (机关, 年度, 格式版本, 最后修改, 错误/提示, 编号)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

if TYPE_CHECKING:
    from storage.store import ReportSummary

COLUMNS = (
    "机关",
    "年度",
    "格式版本",
    "最后修改",
    "错误/提示",
    "编号",
)  # 编号 tells apart two rows of one 机关 and 年度
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def counts_text(summary: ReportSummary) -> str:
    if not summary.errors and not summary.warnings:
        return "通过"
    return f"{summary.errors} / {summary.warnings}"


def cell(summary: ReportSummary, column: int) -> str:
    """What the list shows for one report in one column."""
    if column == 0:
        return summary.agency
    if column == 1:
        return str(summary.year)
    if column == 2:
        return f"{summary.edition}版"
    if column == 3:
        return summary.modified.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if column == 4:
        return counts_text(summary)
    return str(summary.id)


class ReportListModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.reports: list[ReportSummary] = []

    def set_reports(self, reports: list[ReportSummary]) -> None:
        self.beginResetModel()
        self.reports = list(reports)
        self.endResetModel()

    def row_of(self, report_id: int) -> int | None:
        return next((i for i, r in enumerate(self.reports) if r.id == report_id), None)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.reports)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary = self.reports[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(summary, index.column())
        if role == ID_ROLE:
            return summary.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{summary.title}\n错误 {summary.errors} 项，提示 {summary.warnings} 项"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and summary.errors:
            return QColor("#c0392b")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2, 4, 5):
            return Qt.AlignmentFlag.AlignCenter
        return None
