"""The report editor: 基本信息 and the six sections as tabs, in the order of the document."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.document import ReportDocument
from gui.findings import errors_by_section, tab_label
from gui.table_model import StatutoryTableModel
from gui.table_view import StatutoryTableView
from gui.text_edit import MetaLineEdit, SectionTextEdit
from nianbao.checker import META, Finding
from nianbao.model import default_title

BASIC = "基本信息"
SHORT_TABLE_ROWS = 20  # 二 and 四 fit on the page; 三 scrolls
_MARK_COLOURS = {True: QColor("#c0392b"), False: QColor("#2e7d32")}  # errors / clean


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


class ReportEditor(QTabWidget):
    notice = Signal(str)

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.views: dict[str, StatutoryTableView] = {}
        self.texts: dict[str, SectionTextEdit] = {}
        self.setDocumentMode(True)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self.setUsesScrollButtons(True)
        self.addTab(self._basic_page(), BASIC)
        self._tab_of: dict[str, int] = {META: 0}
        for section in doc.spec.sections:
            page = self._table_page(section) if section.table else self._text_page(section)
            self._tab_of[section.id] = self.addTab(page, section.heading)
            self.setTabToolTip(self._tab_of[section.id], section.heading)
        doc.cellsReplayed.connect(self.reveal_cells)
        self._headings = {META: BASIC} | {s.id: s.heading for s in doc.spec.sections}
        doc.findingsChanged.connect(self.mark_tabs)
        self.mark_tabs()

    def mark_tabs(self) -> None:
        """Each tab says at a glance how many errors its section has, or that it has none (a tick)."""
        errors = errors_by_section(self.doc.spec, self.doc.findings)
        bar = self.tabBar()
        for section_id, index in self._tab_of.items():
            count = errors.get(section_id, 0)
            self.setTabText(index, tab_label(self._headings[section_id], count))
            bar.setTabTextColor(index, _MARK_COLOURS[count > 0])
            tip = f"有 {count} 处错误" if count else "没有错误"
            self.setTabToolTip(index, f"{self._headings[section_id]}：{tip}")

    # ------------------------------------------------------------ pages

    def _basic_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        report, spec = self.doc.report, self.doc.spec
        self.agency_edit = MetaLineEdit(self.doc, "agency")
        # the default title follows the agency's name as it is typed (and undone)
        self.title_edit = MetaLineEdit(self.doc, "title", lambda r: f"留空则使用：{default_title(r.agency, r.year)}")
        self.preamble_edit = SectionTextEdit(self.doc, "preamble")
        self.preamble_edit.setPlaceholderText(
            f"例如：本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{report.year}年1月1日至"
            f"{report.year}年12月31日。联系地址、邮政编码、联系电话……"
        )
        form.addRow("机关名称", self.agency_edit)
        form.addRow("年度", QLabel(f"{report.year}年度"))
        form.addRow("格式版本", QLabel(f"{spec.name}（{spec.basis}，适用于{spec.years}）"))
        form.addRow("标题", self.title_edit)
        form.addRow("前言", self.preamble_edit)
        return page

    def _text_page(self, section) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_heading(section.heading))
        editor = SectionTextEdit(self.doc, section.id)
        editor.setPlaceholderText(section.guide)  # what the section should contain, from the edition spec
        editor.notice.connect(self.notice)
        self.texts[section.id] = editor
        layout.addWidget(editor)
        return page

    def _table_page(self, section) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_heading(section.heading))
        model = StatutoryTableModel(self.doc, section.table, page)
        short = model.rowCount() < SHORT_TABLE_ROWS
        view = StatutoryTableView(model, fit_height=short)
        view.notice.connect(self.notice)
        self.views[section.table] = view
        layout.addWidget(view)
        if short:  # at the top at its own height (sizeHint); it scrolls in what a lower window leaves
            layout.addStretch(1)
        return page

    # ------------------------------------------------------------ navigation

    def show_section(self, section_id: str) -> None:
        self.setCurrentIndex(self._tab_of[section_id])

    def reveal_cells(self, keys: list[str]) -> None:
        """Undo / redo: show the table of the cells it changed, with those cells selected."""
        cells = self.doc.spec.cells_by_key
        if not keys or keys[0] not in cells:
            return
        table_id = cells[keys[0]].table
        self.show_section(next(s.id for s in self.doc.spec.sections if s.table == table_id))
        view = self.views[table_id]
        view.select_keys([k for k in keys if cells[k].table == table_id])
        view.setFocus()

    def reveal(self, finding: Finding) -> None:
        """Show what a finding is about: select its cell, or put the cursor in its text."""
        spec = self.doc.spec
        if finding.cells and finding.cells[0] in spec.cells_by_key:
            table_id = spec.cells_by_key[finding.cells[0]].table
            section = next(s for s in spec.sections if s.table == table_id)
            self.show_section(section.id)
            view = self.views[table_id]
            view.select_key(finding.cells[0])
            view.setFocus()
            return
        section_id = finding.section or META
        self.show_section(section_id if section_id in self._tab_of else META)
        target: QWidget | None = self.texts.get(section_id)
        if section_id == META:
            target = self.agency_edit if finding.uid == "F1:agency" else self.preamble_edit
        if target is not None:
            target.setFocus()
