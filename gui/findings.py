"""The findings panel: every error and warning of the open report; a click shows where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHelpEvent
from PySide6.QtWidgets import QHeaderView, QToolTip, QTreeWidget, QTreeWidgetItem, QWidget

if TYPE_CHECKING:
    from gui.document import ReportDocument
    from nianbao.checker import Finding
    from nianbao.spec import Edition

CLEAN = "勾稽关系全部通过"
DEVIATIONS_GROUP = "读入的文件与格式不符之处（已按格式读入，不计入错误）"
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


def section_of(spec: Edition, finding: Finding) -> str:
    """The section (tab) a finding is about: its first cell's table's section, else the one it names."""
    from nianbao.checker import META

    if finding.cells and finding.cells[0] in spec.cells_by_key:
        table_id = spec.cells_by_key[finding.cells[0]].table
        return next(s.id for s in spec.sections if s.table == table_id)
    return finding.section or META


def errors_by_section(spec: Edition, findings: list[Finding]) -> dict[str, int]:
    """How many errors each section has (sections without errors are absent)."""
    counts: dict[str, int] = {}
    for finding in findings:
        if finding.is_error:
            section = section_of(spec, finding)
            counts[section] = counts.get(section, 0) + 1
    return counts


def tab_label(heading: str, errors: int) -> str:
    """A section's tab: its heading, then its count of errors, or a tick when it has none."""
    return f"{heading} ✗{errors}" if errors else f"{heading} ✓"


def where(doc: ReportDocument, finding: Finding) -> str:
    from nianbao.checker import location

    return "·".join(p for p in location(doc.report, finding) if p)


class FindingsPanel(QTreeWidget):
    findingActivated = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc: ReportDocument | None = None
        self.shown: list[Finding | None] = []  # per row: its finding, None for a title row
        # the findings and deviations the items were built from
        self._shown_for: tuple[list[Finding], tuple[Finding, ...]] | None = None
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
        """Rebuild the list only when the findings differ from those shown (not on every keystroke).

        The checker's findings come first; a reader's deviations from the format (after an import) follow
        under a group title of their own.
        """
        findings = self.doc.findings if self.doc is not None else None
        deviations = self.doc.deviations if self.doc is not None else ()
        if findings is not None and (findings, deviations) == self._shown_for:
            return
        self.clear()
        self.shown = []
        self._shown_for = (findings, deviations) if findings is not None else None
        if findings is None:
            return
        if not findings:
            self._add_title(f"{CLEAN}，未发现错误或提示", "#1e7d32")
        for f in findings:
            self._add(f)
        if deviations:
            self._add_title(f"{DEVIATIONS_GROUP}：{len(deviations)} 处", "#555555")
            for f in deviations:
                self._add(f)

    def _add_title(self, text: str, colour: str) -> None:
        item = QTreeWidgetItem([text])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(0, QBrush(QColor(colour)))
        self.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        self.shown.append(None)

    def _add(self, f: Finding) -> None:
        item = QTreeWidgetItem([f.severity.label, f.rule, f.message])
        item.setForeground(0, QBrush(_SEVERITY_COLOURS[f.is_error]))
        self.addTopLevelItem(item)
        self.shown.append(f)

    def tooltip(self, row: int) -> str:
        """Where a finding is and what it says; worked out when asked for, not for every row on every change."""
        if self.doc is None or not 0 <= row < len(self.shown):
            return ""
        f = self.shown[row]
        return f"{where(self.doc, f)}\n{f.message}" if f is not None else ""

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent):
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
        if 0 <= row < len(self.shown) and self.shown[row] is not None:
            self.findingActivated.emit(self.shown[row])
