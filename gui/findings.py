"""The findings panel: every error and warning of the open report; a click shows where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

if TYPE_CHECKING:
    from gui.document import ReportDocument
    from nianbao.checker import Finding

CLEAN = "勾稽关系全部通过"
_SEVERITY_COLOURS = {True: QColor("#c0392b"), False: QColor("#9a6b00")}


def summary(errors: int, warnings: int) -> str:
    """The status-bar line for the counts."""
    if not errors and not warnings:
        return f"{CLEAN}，未发现问题"
    parts = []
    if errors:
        parts.append(f"错误 {errors} 项")
    if warnings:
        parts.append(f"提示 {warnings} 项")
    return "检查结果：" + "，".join(parts)


def where(doc: ReportDocument, finding: Finding) -> str:
    from nianbao.checker import location

    return "·".join(p for p in location(doc.report, finding) if p)


class FindingsPanel(QTreeWidget):
    findingActivated = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc: ReportDocument | None = None
        self.shown: list[Finding] = []
        self.setColumnCount(3)
        self.setHeaderLabels(["类别", "规则", "说明"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_document(self, doc: ReportDocument | None) -> None:
        if self.doc is not None:
            self.doc.findingsChanged.disconnect(self.refresh)
        self.doc = doc
        if doc is not None:
            doc.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        self.shown: list[Finding] = []
        if self.doc is None:
            return
        findings = self.shown = self.doc.findings
        if not findings:
            item = QTreeWidgetItem([f"{CLEAN}，未发现错误或提示"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(0, QBrush(QColor("#1e7d32")))
            self.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)
            return
        items = []
        for f in findings:
            item = QTreeWidgetItem([f.severity.label, f.rule, f.message])
            item.setForeground(0, QBrush(_SEVERITY_COLOURS[f.is_error]))
            item.setToolTip(2, f"{where(self.doc, f)}\n{f.message}")
            items.append(item)
        self.addTopLevelItems(items)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row = self.indexOfTopLevelItem(item)
        if 0 <= row < len(self.shown):
            self.findingActivated.emit(self.shown[row])
