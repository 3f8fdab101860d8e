"""The findings panel: every error and warning of the open report; a click shows where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QToolTip, QTreeWidget, QTreeWidgetItem, QWidget

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
        self._shown_for: list[Finding] | None = None  # the findings the items were built from
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
        if doc is self.doc:
            return
        if self.doc is not None:
            self.doc.findingsChanged.disconnect(self.refresh)
        self.doc = doc
        self._shown_for = None
        if doc is not None:
            doc.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list only when the findings differ from those shown (not on every keystroke)."""
        findings = self.doc.findings if self.doc is not None else None
        if findings is not None and findings == self._shown_for:
            return
        self.clear()
        self._shown_for = findings
        self.shown = list(findings or [])
        if findings is None:
            return
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
            items.append(item)
        self.addTopLevelItems(items)

    def tooltip(self, row: int) -> str:
        """Where a finding is and what it says; worked out when asked for, not for every row on every change."""
        if self.doc is None or not 0 <= row < len(self.shown):
            return ""
        f = self.shown[row]
        return f"{where(self.doc, f)}\n{f.message}"

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            item = self.itemAt(event.pos())
            text = self.tooltip(self.indexOfTopLevelItem(item)) if item is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row = self.indexOfTopLevelItem(item)
        if 0 <= row < len(self.shown):
            self.findingActivated.emit(self.shown[row])
