"""Small dialogs: a new report (机关 and 年度; the edition follows the year), the trash."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from nianbao.editions import FIRST_YEAR, edition_for_year, get_edition, year_problem
from nianbao.naming import report_name
from storage.store import Store
from workflows import reports
from workflows.errors import WorkflowError


def edition_text(year: int) -> str:
    spec = get_edition(edition_for_year(year))
    return f"{spec.id}版（{spec.basis}，适用于{spec.years}）"


class NewReportDialog(QDialog):
    def __init__(self, agencies: list[str], parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        form = QFormLayout(self)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems(agencies)
        # typed text is never changed behind the clerk's back: suggestions in a popup, nothing added to the list
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(agencies, self.agency)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.agency.setCompleter(completer)
        self._agency_line().setPlaceholderText("例如：某县民政局")
        self.agency.installEventFilter(self)  # the combo box gets the focus and hands it to its line edit
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, date.today().year + 10)  # a later year can be typed, and is explained
        self.year.setValue(year or date.today().year - 1)
        self.year.setSuffix(" 年度")
        self.edition = QLabel(edition_text(self.year.value()))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        self.year.valueChanged.connect(self._year_changed)
        form.addRow("机关名称", self.agency)
        form.addRow("年度", self.year)
        form.addRow("格式版本", self.edition)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def _agency_line(self) -> QLineEdit:
        line = self.agency.lineEdit()
        assert line is not None  # the combo box is editable
        return line

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The prefilled 机关名称 is selected when the field gets focus, so typing replaces it."""
        if watched is self.agency and event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self._agency_line().selectAll)  # after the click has placed the cursor
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.agency.setFocus()
        self._agency_line().selectAll()

    def _year_changed(self, year: int) -> None:
        self.edition.setText(edition_text(year))
        self.problem.hide()

    def _accept(self) -> None:
        problem = year_problem(self.year.value())
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.year.setFocus()
        elif self.agency.currentText().strip():
            self.accept()
        else:
            self.agency.setFocus()

    def values(self) -> tuple[str, int]:
        return self.agency.currentText().strip(), self.year.value()


class TrashDialog(QDialog):
    """The reports moved to the trash; 恢复 puts the selected one back into the list, 清空回收站 removes all."""

    restored = Signal(int, str)  # report id, its name

    def __init__(self, store: Store, parent: QWidget | None = None):
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView, QVBoxLayout

        from gui.report_list import ReportListModel

        super().__init__(parent)
        self.store = store
        self.setWindowTitle("回收站")
        self.model = ReportListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.restore_button = QPushButton("恢复")
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton("清空回收站…")
        self.empty_button.clicked.connect(self.empty)
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.resize(760, 360)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_reports(reports.trash(self.store))
        if self.model.rowCount():
            self.note.setText("以下报告已删除。选中一份报告，点击“恢复”放回报告列表。")
            self.view.selectRow(0)
        else:
            self.note.setText("回收站是空的。")
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
        self.empty_button.setEnabled(self.model.rowCount() > 0)

    def restore_selected(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        summary = self.model.reports[rows[0].row()]
        try:
            reports.restore_from_trash(self.store, [summary.id])
        except WorkflowError as e:
            self.note.setText(str(e))
            return None
        self.refresh()
        self.restored.emit(summary.id, report_name(summary.agency, summary.year))
        return summary.id

    def empty(self, confirmed: bool = False) -> int:
        """Remove every report in the trash for good, after asking; returns how many."""
        from PySide6.QtWidgets import QMessageBox

        from gui.messages import empty_trash_question

        names = [report_name(s.agency, s.year) for s in self.model.reports]
        if not names:
            return 0
        if not confirmed:
            box = QMessageBox(QMessageBox.Icon.Warning, "清空回收站", empty_trash_question(names))
            box.setParent(self, box.windowFlags())
            delete = box.addButton("彻底删除", QMessageBox.ButtonRole.DestructiveRole)
            cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(cancel)
            box.setEscapeButton(cancel)
            box.exec()
            if box.clickedButton() is not delete:
                return 0
        try:
            removed = reports.empty_trash(self.store)
        except WorkflowError as e:
            self.note.setText(str(e))
            return 0
        self.refresh()
        self.note.setText(f"已彻底删除 {len(removed)} 份报告，回收站是空的。")
        return len(removed)
