"""The main window: the report list, the editor of the open report, the findings panel.

The frame (menus, toolbar, status bar) shows at once; :meth:`MainWindow.attach` brings the store, the list
and the commands (gui/report_commands.py), which is where the deferred imports of start-up happen.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

# `Qt` is imported where used: its first use builds every Qt enum (≈15 ms), after the window is shown.
from PySide6.QtCore import QModelIndex, QSettings, QTimer
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from gui import window_state
from gui.actions import WindowActions
from gui.banner import Banner, BannerAction
from gui.icons import app_icon
from gui.messages import EMPTY_TEXT
from nianbao import APP_TITLE

if TYPE_CHECKING:  # the window shows before these load (start-up time)
    from collections.abc import Sequence

    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtWidgets import QTableView

    from gui.document import ReportDocument
    from gui.editor import ReportEditor
    from gui.findings import FindingsPanel
    from gui.report_commands import ReportCommands
    from gui.report_list import ReportListModel
    from nianbao.checker import Finding
    from storage.store import Store

LIST_REFRESH_MS = 1500
IDLE_MS = 1000
KEPT_NOTE = "您的修改仍保留在窗口中，程序会自动重试保存。"
FRAMED_AFTER_MS = (0, 300)  # X11 window managers report the frame's size a moment after mapping


class MainWindow(QMainWindow):
    # built by attach(), with the store
    store: Store
    settings: QSettings
    commands: ReportCommands
    list_model: ReportListModel
    list_view: QTableView
    findings: FindingsPanel

    def __init__(self, store: Store | None = None, settings: QSettings | None = None, parent: QWidget | None = None):
        """Without a store the frame shows at once and :meth:`attach` fills it in (start-up)."""
        super().__init__(parent)
        self.attached = False
        self.doc: ReportDocument | None = None
        self.editor: ReportEditor | None = None
        self.last_message = ""
        self._rejection = ""  # the status-bar message about a rejected cell text
        self._close_refused = False
        self._told_retrying = False
        self.undo_group = QUndoGroup(self)
        self._list_timer = QTimer(self, singleShot=True, interval=LIST_REFRESH_MS)
        self._build_frame()
        self.window_actions = WindowActions(self, self.undo_group)
        self.findings_action = self.window_actions.findings
        self.undo_action, self.redo_action = self.window_actions.undo, self.window_actions.redo
        self.next_year_action, self.delete_action, self.export_action = (
            self.window_actions.next_year,
            self.window_actions.delete,
            self.window_actions.export,
        )
        self.setWindowIcon(app_icon())
        window_state.place_first(self)
        self._refit_after_framing = True
        self._update_state()
        if store is not None and settings is not None:
            self.attach(store, settings)

    def attach(self, store: Store, settings: QSettings) -> None:
        """Connect the store: the list, the commands, the remembered geometry and the last open report."""
        from gui.report_commands import ReportCommands

        self.store, self.settings = store, settings
        self.commands = ReportCommands(self, store, settings)
        self.window_actions.bind(self.commands, self.show_list, self.open_selected)
        self._build_data_widgets()
        self._list_timer.timeout.connect(self.refresh_list)
        # idle work of the store: recent edits folded into the main file, a rolling backup now and then
        self._idle_timer = QTimer(self, interval=IDLE_MS)
        self._idle_timer.timeout.connect(store.on_idle)
        self._idle_timer.start()
        from gui.external_changes import ExternalChanges

        self.external_changes = ExternalChanges(self, store)
        self.attached = True
        self.statusBar().clearMessage()
        self.refresh_list()
        last = window_state.restore(self, settings)
        if last is not None and self.list_model.row_of(last) is not None:
            self.open_report(last)
        self._update_state()

    # ------------------------------------------------------------ building

    def _build_frame(self) -> None:
        """The frame shown at start-up; the list and the findings panel come with the data."""
        self.stack = QStackedWidget()
        self.banner = Banner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)
        self.counts_label = QLabel()
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().showMessage("正在打开数据……")

    def _build_data_widgets(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QTableView

        from gui.findings import FindingsPanel
        from gui.report_list import ReportListModel

        self.list_model = ReportListModel(self)
        self.list_view = QTableView()
        self.list_view.setModel(self.list_model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.verticalHeader().hide()
        self.list_view.setWordWrap(False)
        header = self.list_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list_view.activated.connect(self._list_activated)
        self.list_view.doubleClicked.connect(self._list_activated)
        self.list_view.selectionModel().selectionChanged.connect(self._update_state)
        self.stack.insertWidget(0, self.list_view)
        self.stack.setCurrentWidget(self.list_view)

        self.findings = FindingsPanel()
        self.findings.findingActivated.connect(self._reveal)
        self.findings_dock = QDockWidget("检查结果", self)
        self.findings_dock.setObjectName("findings")
        self.findings_dock.setWidget(self.findings)
        self.findings_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.resizeDocks([self.findings_dock], [150], Qt.Orientation.Vertical)
        self.findings_dock.visibilityChanged.connect(self.findings_action.setChecked)
        self.findings_action.toggled.connect(self.findings_dock.setVisible)
        self.stack.currentChanged.connect(self._page_changed)

    # ------------------------------------------------------------ the list

    def refresh_list(self) -> None:
        from storage.errors import StorageError

        try:
            reports = self.store.list_reports()
        except StorageError as e:
            self.tell(str(e))
            return
        rows = self.list_view.selectionModel().selectedRows()
        selected = self.list_model.reports[rows[0].row()].id if rows else None
        self.list_model.set_reports(reports)
        if not reports and self.doc is None:
            self.inform(EMPTY_TEXT)
        elif self.banner.label.text() == EMPTY_TEXT:
            self.banner.hide()
        # the clerk's selection survives a refresh; else the open report is selected
        for report_id in (selected, self.doc.report_id if self.doc is not None else None):
            row = self.list_model.row_of(report_id) if report_id is not None else None
            if row is not None:
                self.list_view.selectRow(row)
                break
        self._update_state()

    def _list_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        report_id = self.list_model.reports[index.row()].id
        if self.doc is not None and self.editor is not None and self.doc.report_id == report_id:
            self.stack.setCurrentWidget(self.editor)
        else:
            self.open_report(report_id)

    def show_list(self) -> None:
        if self.doc is not None:
            self.doc.flush()
        self.refresh_list()
        self.stack.setCurrentWidget(self.list_view)
        self.list_view.setFocus()

    def list_shown(self) -> bool:
        return self.attached and self.stack.currentWidget() is self.list_view

    def selected_id(self) -> int | None:
        """The report an action acts on: the selected row while the list is shown, else the open report."""
        if self.list_shown():
            rows = self.list_view.selectionModel().selectedRows()
            if rows:
                return self.list_model.reports[rows[0].row()].id
        return self.doc.report_id if self.doc is not None else None

    def open_target(self) -> ReportDocument | None:
        """Open the report an action acts on (the selected row, if the list is shown); None if there is none."""
        target = self.selected_id()
        if target is None:
            self.tell("请先在报告列表中选中一份报告")
            return None
        if self.doc is not None and self.editor is not None and self.doc.report_id == target:
            self.stack.setCurrentWidget(self.editor)
            return self.doc
        return self.doc if self.open_report(target) else None

    def open_selected(self) -> None:
        rows = self.list_view.selectionModel().selectedRows()
        if self.stack.currentWidget() is not self.list_view or not rows:
            self.show_list()
            self.tell("请在报告列表中选中要打开的报告，按回车或双击打开")
            return
        self._list_activated(rows[0])

    # ------------------------------------------------------------ opening

    def open_report(self, report_id: int) -> bool:
        from gui.document import ReportDocument
        from gui.editor import ReportEditor
        from storage.errors import DamagedReportError, StorageError

        if not self.close_report():
            return False
        try:
            report = self.store.load(report_id)
            previous = self.store.previous_year(report_id)
        except DamagedReportError as e:
            return self.commands.offer_repair(e)
        except StorageError as e:
            self.inform(f"无法打开报告：{e}", warning=True)
            return False
        self.banner.hide()  # what it said was about what came before (a failed import, another report)
        doc = self.doc = ReportDocument(report, report_id, self.store, previous, self)
        self.editor = ReportEditor(doc)
        self.editor.notice.connect(self.tell)
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        self.findings.show_document(doc)
        doc.findingsChanged.connect(self._update_state)
        doc.findingsChanged.connect(self._list_timer.start)
        doc.inputRejected.connect(self._input_rejected)
        doc.textChanged.connect(self._text_changed)
        if doc.autosave is not None:
            doc.autosave.stateChanged.connect(self._update_state)
        self.settings.setValue("last_report", report_id)
        self.refresh_list()
        self._update_state()
        return True

    def saved(self, doing: str) -> bool:
        """Write the open report's pending edits first; False (and said why) while the store refuses."""
        if self.doc is None or self.doc.flush():
            return True
        error = self.doc.autosave.error if self.doc.autosave is not None else ""
        self.inform(f"当前报告的修改还未能保存（{error}），暂不能{doing}。", warning=True)
        return False

    def close_report(self) -> bool:
        """Put the open report away; refused (and said why) while its changes cannot be saved."""
        if self.doc is None or self.editor is None:
            return True
        if not self.saved("打开其他报告"):
            return False
        self.findings.show_document(None)
        self.undo_group.removeStack(self.doc.undo_stack)
        self.stack.removeWidget(self.editor)
        self.editor.deleteLater()
        self.doc.deleteLater()
        self.doc = self.editor = None
        self.stack.setCurrentWidget(self.list_view)
        self._update_state()
        return True

    # ------------------------------------------------------------ other processes

    def bring_to_front(self) -> None:
        """Another start on the same data folder asked for this window (it then ended)."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.tell("程序已在这个窗口中打开（同一份数据只在一个窗口中编辑）")

    def has_pending_edits(self) -> bool:
        """Something typed here is not in the database yet: an open cell editor, or a write still to come."""
        if self.doc is None:
            return False
        if self.editor is not None and any(view.editor() is not None for view in self.editor.views.values()):
            return True
        return self.doc.autosave is not None and not self.doc.autosave.saved

    # ------------------------------------------------------------ state

    def doc_name(self) -> str:
        from nianbao.naming import report_name

        return report_name(self.doc.report.agency, self.doc.report.year) if self.doc is not None else ""

    def _page_changed(self) -> None:
        """The findings panel and 撤销/重做 act on the open report in the editor, on nothing over the list."""
        editing = self.doc if self.doc is not None and not self.list_shown() else None
        self.findings.show_document(editing)
        self.undo_group.setActiveStack(editing.undo_stack if editing is not None else None)  # type: ignore[arg-type]
        self._update_state()

    def _update_state(self) -> None:
        self.window_actions.update(self.attached, self.selected_id() is not None)
        if self.doc is None:
            self.setWindowTitle(APP_TITLE)
            self.counts_label.setText("")
            self.saved_label.setText("")
            return
        state = self.save_state()
        self.setWindowTitle(f"{self.doc.report.display_title} — {state} — {APP_TITLE}")
        from gui.findings import summary

        self.counts_label.setText("" if self.list_shown() else summary(*self.doc.counts))
        autosave = self.doc.autosave
        if autosave is not None and autosave.retrying:
            self.saved_label.setText("未能保存，正在自动重试")
            self.saved_label.setStyleSheet("color: #c0392b;")
            if not self._told_retrying:
                self._told_retrying = True
                self.inform(f"修改暂时无法保存：{autosave.error}\n{KEPT_NOTE}", warning=True)
        else:
            if self._told_retrying:
                self._told_retrying = self._close_refused = False
                self.inform("之前未能保存的修改现已全部保存。")
            self.saved_label.setText(state)
            self.saved_label.setStyleSheet("")

    def save_state(self) -> str:
        autosave = self.doc.autosave if self.doc else None
        if autosave is None or autosave.saved:
            return "已保存"
        return "未能保存，正在重试" if autosave.retrying else "正在保存…"

    def _text_changed(self, section_id: str) -> None:
        if section_id in ("agency", "title"):
            self._update_state()
            self._list_timer.start()

    def _input_rejected(self, key: str, reason: str) -> None:
        """Why a cell's text cannot be entered; the message goes once the text is fine or the edit is cancelled."""
        if reason and self.doc is not None:
            self._rejection = f"{self.doc.spec.cells_by_key[key].place}：{reason}"
            self.statusBar().showMessage(self._rejection, 8000)
        elif self._rejection and self.statusBar().currentMessage() == self._rejection:
            self.statusBar().clearMessage()
            self._rejection = ""

    def _reveal(self, finding: Finding) -> None:
        if self.editor is not None:
            self.editor.reveal(finding)

    def tell(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 10000)

    def inform(self, text: str, warning: bool = False, actions: Sequence[BannerAction] = ()) -> None:
        """A message that needs reading: a strip above the form (not also the status bar); never blocks.

        It stays until closed or until its cause is gone (another report opened, the first report made).
        ``actions`` are buttons for what the clerk may do next (打开文件).
        """
        self.last_message = text.replace("\n", " ")
        self.banner.say(text, warning, actions)

    def showEvent(self, event: QShowEvent) -> None:
        """The window manager frames the window only once it is shown: fit again with the real frame."""
        super().showEvent(event)
        if self._refit_after_framing:
            self._refit_after_framing = False
            for delay in FRAMED_AFTER_MS:
                QTimer.singleShot(delay, self._fit_on_screen)

    def _fit_on_screen(self) -> None:
        window_state.fit_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Nothing to ask: every change is already in the store (or is being retried).

        If the store still refuses, the first close keeps the window open and says why; a second
        close writes the report to a JSON file beside the user's documents and closes.
        """
        if self.doc is not None and not self.doc.flush():
            if not self._close_refused:
                self._close_refused = True
                error = self.doc.autosave.error if self.doc.autosave is not None else ""
                self.inform(
                    f"有修改未能保存：{error}\n程序正在自动重试。"
                    "如仍要关闭，请再次关闭窗口，未保存的内容会另存为一个 JSON 文件。",
                    warning=True,
                )
                event.ignore()
                return
            self.rescue_copy()
        if self.attached:
            window_state.save(self, self.settings, self.doc.report_id if self.doc is not None else None)
        event.accept()

    def rescue_copy(self) -> Path | None:
        """The open report as a JSON file in the home folder, when the store cannot take it."""
        from nianbao import exchange

        if self.doc is None:
            return None
        path = Path.home() / f"年报助手未保存的报告-{datetime.now():%Y%m%d-%H%M%S}.json"
        try:
            exchange.save(self.doc.report, path)
        except OSError:
            return None
        return path
