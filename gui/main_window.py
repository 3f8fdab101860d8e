"""The main window: the report list, the editor of the open report, the findings panel."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

# `Qt` is imported where used: its first use builds every Qt enum (≈15 ms), after the window is shown.
from PySide6.QtCore import QByteArray, QRect, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nianbao import APP_TITLE
from storage.errors import StorageError

if TYPE_CHECKING:  # the window shows before these load (start-up time)
    from PySide6.QtGui import QCloseEvent

    from gui.document import ReportDocument
    from gui.editor import ReportEditor
    from nianbao.model import Report
    from storage.store import Store

LIST_REFRESH_MS = 1500
REDO_KEYS = (QKeySequence.StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z")  # Ctrl+Y as on Windows, everywhere
EMPTY_TEXT = "还没有报告。点击工具栏上的“新建”开始填写，或用“导入”读入已有的 Word 文档（.docx）。"
EXPORT_LISTED = 12  # errors listed in the question before exporting


def shortcut_list(keys: tuple) -> list[QKeySequence]:
    """Each key sequence once (a standard key may already be one of the others)."""
    found: list[QKeySequence] = []
    for key in keys:
        for sequence in (
            QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
        ):
            if sequence not in found:
                found.append(sequence)
    return found


def _set_tip(action: QAction, text: str) -> None:
    action.setToolTip(text)
    action.setStatusTip(text)


def about_text(data_file: Path | None) -> str:
    from nianbao import __version__

    where = str(data_file) if data_file is not None else "（尚未打开）"
    return (
        f"{APP_TITLE}\n版本 {__version__}\n\n"
        "填写、核对并导出《政府信息公开工作年度报告》。\n\n"
        f"数据文件：{where}\n"
        "全部报告都保存在这一个文件中；同一文件夹下的 backups 中有每天的自动备份。"
    )


def usage_text() -> str:
    return (
        "一、填写\n"
        "点击“新建”，选择机关和年度（格式版本随年度自动确定）；上一年度的“结转下年度继续办理”会自动带入。"
        "报告按原文分为“基本信息”和一至六部分，逐页填写；灰色的“总计”由程序计算。\n\n"
        "二、键盘\n"
        "直接输入数字即开始编辑，可用全角数字和千分位逗号；回车向下，Tab / Shift+Tab 左右移动，方向键移动；"
        "Delete 清除；Ctrl+C 复制，Ctrl+V 粘贴从 Excel/WPS 复制的整块数据；"
        "Ctrl+Z 撤销，Ctrl+Y 重做；Esc 放弃正在输入的内容。\n\n"
        "三、检查\n"
        "每输入一个数都重新检查勾稽关系：有错的单元格标红，下方“检查结果”列出全部错误和提示，点击即跳到对应位置。\n\n"
        "四、保存\n"
        "每次修改立即自动保存，无需“保存”按钮，关闭时也不会询问。“快照”可以保存某一版本，以后用“恢复快照”找回；"
        "误删的报告可以在“文件—回收站”中恢复。\n\n"
        "五、导出\n"
        "“导出 Word”按官方格式生成 .docx 文档；报告还有错误时先列出错误再询问，导出前自动保存一份快照。"
    )


def report_name(agency: str, year: int) -> str:
    """How questions name a report: 机关 and 年度."""
    return f"{agency}{year}年度报告"


def export_question(findings: list, name: str) -> str | None:
    """What to ask before exporting the report ``name`` with errors (None: nothing to ask)."""
    errors = [f for f in findings if f.is_error]
    if not errors:
        return None
    listing = "\n".join(f"· {f.message}" for f in errors[:EXPORT_LISTED])
    more = f"\n……共 {len(errors)} 项" if len(errors) > EXPORT_LISTED else ""
    return f"“{name}”中还有 {len(errors)} 项错误：\n{listing}{more}\n\n仍要导出吗？"


def exists_question(agency: str, year: int) -> str:
    """What to ask when a new report (新建, 复制为下一年度) would be a second one for the same 机关 and 年度."""
    return f"{agency}{year}年度的报告已经存在。\n\n要打开已有的“{report_name(agency, year)}”吗？"


def delete_question(name: str) -> str:
    return f"把“{name}”移到回收站吗？\n\n以后可以在“回收站”中恢复。"


def year_problem(year: int, today: date | None = None) -> str | None:
    """Why a report cannot be made for ``year`` (None: it can)."""
    current = (today or date.today()).year
    if year > current:
        return (
            f"不能新建{year}年度的报告：年度报告在该年度结束后编写，现在是{current}年。"
            f"（可以新建{current}年度的报告，先准备草稿。）"
        )
    return None


def export_snapshot_name(now: datetime | None = None) -> str:
    return f"导出 {(now or datetime.now()):%Y-%m-%d %H:%M}"


IMPORT_CHOICES = {"replace": "替换", "keep_both": "两份都保留"}  # and 取消


def import_question(agency: str, year: int, file_name: str) -> str:
    """What to ask when an imported report's agency and year already have a report."""
    return (
        f"{agency}{year}年度的报告已经存在。\n\n"
        f"“替换”：用“{file_name}”的内容替换现有报告（替换前自动保存快照，可用“恢复快照”找回）；\n"
        "“两份都保留”：另存为一份新报告，现有报告不变。"
    )


class MainWindow(QMainWindow):
    def __init__(self, store: Store | None = None, settings: QSettings | None = None, parent: QWidget | None = None):
        """Without a store the window shows at once and :meth:`attach` fills it in (start-up)."""
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.doc: ReportDocument | None = None
        self.editor: ReportEditor | None = None
        self.last_message = ""
        self._rejection = ""  # the status-bar message about a rejected cell text
        self._close_refused = False
        self._told_retrying = False
        self.undo_group = QUndoGroup(self)
        self._list_timer = QTimer(self, singleShot=True, interval=LIST_REFRESH_MS)
        self._list_timer.timeout.connect(self.refresh_list)
        self._build_widgets()
        self._build_actions()
        self.resize(1366, 768)
        self.fit_on_screen()
        self._update_state()
        if store is not None and settings is not None:
            self.attach(store, settings)

    def attach(self, store: Store, settings: QSettings) -> None:
        """Connect the store: the list, the remembered geometry and the last open report."""
        self.store, self.settings = store, settings
        for action, shortcut in self._shortcuts:
            if isinstance(shortcut, tuple):
                action.setShortcuts(shortcut_list(shortcut))
            else:
                action.setShortcut(QKeySequence(shortcut))
        self._build_data_widgets()
        self.statusBar().clearMessage()
        self.refresh_list()
        self._restore_settings()
        self._update_state()

    # ------------------------------------------------------------ building

    def _build_widgets(self) -> None:
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

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            self._shortcuts.append((action, shortcut))
        action.setStatusTip(tip or text)
        action.setToolTip(tip or text)
        return action

    def _build_actions(self) -> None:
        self._shortcuts: list[tuple[QAction, object]] = []  # set in attach(): building them costs start-up
        self.new_action = self._action("新建", self.new_report, QKeySequence.StandardKey.New, "新建一份年度报告")
        self.open_action = self._action(
            "打开", self.open_selected, QKeySequence.StandardKey.Open, "打开列表中选中的报告"
        )
        self.next_year_action = self._action(
            "复制为下一年度",
            self.duplicate_next_year,
            tip="以选中的报告为基础新建下一年度报告（保留正文，带入上年结转）",
        )
        self.delete_action = self._action(
            "删除", self.delete_selected, tip="把选中的报告移到回收站（可以在“回收站”中恢复）"
        )
        self.trash_action = self._action("回收站…", self.show_trash, tip="查看已删除的报告，恢复误删的报告")
        self.import_action = self._action("导入", self.import_file, tip="从 Word 文档（.docx）或 JSON 文件导入报告")
        self.export_action = self._action("导出 Word", self.export_word, "Ctrl+E", "导出为 Word 文档（.docx）")
        self.snapshot_action = self._action("快照", self.take_snapshot, tip="保存当前内容的快照，以后可以恢复")
        self.restore_action = self._action("恢复快照…", self.restore_snapshot, tip="用以前保存的快照替换当前内容")
        # fixed short names (the toolbar does not reflow); what would be undone is in the tooltip
        self.undo_action = self._action("撤销", self.undo_group.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("重做", self.undo_group.redo, REDO_KEYS)
        for action, can, text, verb in (
            (self.undo_action, self.undo_group.canUndoChanged, self.undo_group.undoTextChanged, "撤销"),
            (self.redo_action, self.undo_group.canRedoChanged, self.undo_group.redoTextChanged, "重做"),
        ):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text.connect(lambda t, a=action, v=verb: _set_tip(a, f"{v} {t}" if t else v))
        self.findings_action = self._action("检查结果", lambda: None, tip="显示或隐藏检查结果（错误和提示）")
        self.findings_action.setCheckable(True)
        self.findings_action.setChecked(True)
        self.list_action = self._action("报告列表", self.show_list, "Ctrl+L", "回到报告列表（双击一份报告打开）")
        quit_action = self._action("退出", self.close, QKeySequence.StandardKey.Quit)
        self.usage_action = self._action("使用说明", self.show_usage, QKeySequence.StandardKey.HelpContents)
        self.about_action = self._action("关于", self.show_about, tip=f"关于{APP_TITLE}：版本、数据文件位置")

        menu = self.menuBar().addMenu("文件(&F)")
        for a in (self.new_action, self.open_action, self.next_year_action, None, self.import_action):
            menu.addAction(a) if a else menu.addSeparator()
        for a in (None, self.delete_action, self.trash_action, None):
            menu.addAction(a) if a else menu.addSeparator()
        for a in (self.export_action, None, self.snapshot_action, self.restore_action, None, quit_action):
            menu.addAction(a) if a else menu.addSeparator()
        edit = self.menuBar().addMenu("编辑(&E)")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        view = self.menuBar().addMenu("查看(&V)")
        view.addAction(self.findings_action)
        view.addAction(self.list_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self.usage_action)
        help_menu.addAction(self.about_action)

        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("toolbar")
        # no icons: the buttons show their Chinese names
        toolbar.setMovable(False)
        for a in (
            self.list_action,
            self.new_action,
            self.open_action,
            self.next_year_action,
            self.import_action,
            self.export_action,
            self.delete_action,
        ):
            toolbar.addAction(a)
        toolbar.addSeparator()
        for a in (self.snapshot_action, self.undo_action, self.redo_action, self.findings_action):
            toolbar.addAction(a)

    # ------------------------------------------------------------ settings

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.fit_on_screen()  # remembered on a larger screen, or saved while too tall
        last = self.settings.value("last_report")
        if last is not None and self.list_model.row_of(int(last)) is not None:
            self.open_report(int(last))

    def fit_on_screen(self) -> None:
        """Keep the window, frame included, inside the screen's available area (taskbar excluded)."""
        screen = self.screen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        fitted = clamp_rect(frame, screen.availableGeometry())
        if fitted != frame:
            self.resize(fitted.width() - extra_w, fitted.height() - extra_h)
            self.move(fitted.topLeft())

    def _save_settings(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        if self.doc is not None:
            self.settings.setValue("last_report", self.doc.report_id)
        self.settings.sync()

    # ------------------------------------------------------------ the list

    def refresh_list(self) -> None:
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

    def _list_activated(self, index) -> None:
        if not index.isValid():
            return
        report_id = self.list_model.reports[index.row()].id
        if self.doc is not None and self.doc.report_id == report_id:
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
        view = getattr(self, "list_view", None)  # built with the data (attach)
        return view is not None and self.stack.currentWidget() is view

    def selected_id(self) -> int | None:
        """The report an action acts on: the selected row while the list is shown, else the open report."""
        if self.list_shown():
            rows = self.list_view.selectionModel().selectedRows()
            if rows:
                return self.list_model.reports[rows[0].row()].id
        return self.doc.report_id if self.doc is not None else None

    def _open_target(self) -> bool:
        """Open the report an action acts on (the selected row, if the list is shown); False if there is none."""
        target = self.selected_id()
        if target is None:
            self.tell("请先在报告列表中选中一份报告")
            return False
        if self.doc is not None and self.doc.report_id == target:
            self.stack.setCurrentWidget(self.editor)
            return True
        return self.open_report(target)

    def _ask(self, title: str, text: str, yes: str) -> bool:
        """A question with two buttons, ``yes`` and 取消 (the default)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is accept

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

        if not self.close_report():
            return False
        try:
            report = self.store.load(report_id)
            previous = self.store.previous_year(report_id)
        except StorageError as e:
            self.inform(f"无法打开报告：{e}", warning=True)
            return False
        self.banner.hide()  # what it said was about what came before (a failed import, another report)
        self.doc = ReportDocument(report, report_id, self.store, previous, self)
        self.editor = ReportEditor(self.doc)
        self.editor.notice.connect(self.tell)
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.undo_group.addStack(self.doc.undo_stack)
        self.undo_group.setActiveStack(self.doc.undo_stack)
        self.findings.show_document(self.doc)
        self.doc.findingsChanged.connect(self._update_state)
        self.doc.findingsChanged.connect(self._list_timer.start)
        self.doc.inputRejected.connect(self._input_rejected)
        self.doc.textChanged.connect(self._text_changed)
        if self.doc.autosave is not None:
            self.doc.autosave.stateChanged.connect(self._update_state)
        self.settings.setValue("last_report", report_id)
        self.refresh_list()
        self._update_state()
        return True

    def _saved(self, doing: str) -> bool:
        """Write the open report's pending edits first; False (and said why) while the store refuses."""
        if self.doc is None or self.doc.flush():
            return True
        self.inform(f"当前报告的修改还未能保存（{self.doc.autosave.error}），暂不能{doing}。", warning=True)
        return False

    def close_report(self) -> bool:
        """Put the open report away; refused (and said why) while its changes cannot be saved."""
        if self.doc is None:
            return True
        if not self._saved("打开其他报告"):
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

    # ------------------------------------------------------------ creating

    def new_report(self) -> None:
        from gui.dialogs import NewReportDialog

        agencies = list(dict.fromkeys(r.agency for r in self.list_model.reports))
        dialog = NewReportDialog(agencies, self)
        if dialog.exec():
            self.create_report(*dialog.values())

    def create_report(self, agency: str, year: int) -> int | None:
        """Create and open a report; last year's 结转 is carried forward and the clerk told which cells.

        If the agency already has a report for the year, ask whether to open it (打开已有的 / 取消).
        """
        from nianbao.model import Report

        problem = year_problem(year)
        if problem:
            self.inform(problem, warning=True)
            return None
        report = Report(agency, year)
        try:
            existing = self.store.find(agency, year)
            if existing is None:
                report_id, filled = self.store.create_report(report, carry_forward=True)
        except StorageError as e:
            self.inform(f"无法新建报告：{e}", warning=True)
            return None
        if existing is not None:
            return self._offer_existing(agency, year, existing)
        self.open_report(report_id)
        if filled:
            self.inform(carry_message(report, filled))
        return report_id

    def _offer_existing(self, agency: str, year: int, existing: int) -> int | None:
        if not self._ask("报告已存在", exists_question(agency, year), "打开已有的"):
            self.tell(f"未新建：{report_name(agency, year)}已经存在")
            return None
        return existing if self.open_report(existing) else None

    def duplicate_next_year(self) -> None:
        """Copy the selected report (the open one in the editor) as next year's."""
        if not self._open_target() or not self._saved("复制为下一年度"):
            return None
        report = self.doc.report
        year = report.year + 1
        problem = year_problem(year)
        if problem:
            return self.inform(problem, warning=True)
        try:
            existing = self.store.find(report.agency, year)
            if existing is None:
                new_id = self.store.duplicate(self.doc.report_id, year=year)
        except StorageError as e:
            return self.inform(f"无法复制为下一年度：{e}", warning=True)
        if existing is not None:
            self._offer_existing(report.agency, year, existing)
            return None
        if not self.open_report(new_id):
            return None
        filled = [k for k, _ in self.doc.spec.carry_in if self.doc.report.get(k) is not None]
        text = f"已新建{year}年度报告：保留了正文和前言，表格数字为空"
        if filled:
            text += "；" + carry_message(self.doc.report, filled)
        self.inform(text)

    # ------------------------------------------------------------ import and export

    def import_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "导入报告", "", "年度报告 (*.docx *.json);;Word 文档 (*.docx);;JSON 文件 (*.json)"
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path, on_conflict: str = "ask") -> int | None:
        """Import a .docx or .json file; if its agency and year already have a report, ask (替换 / 两份都保留 / 取消)."""
        from readers import UnreadableFile, read_report
        from storage.store import ReportExistsError

        try:
            result = read_report(path)
        except UnreadableFile as e:
            self.inform(f"无法导入：{e}", warning=True)
            return None
        report = result.report
        if not self._saved("导入"):  # the import may replace the open report: its edits go first
            return None
        snapshot = f"导入前自动保存 {datetime.now():%Y-%m-%d %H:%M}"
        try:
            try:
                report_id, replaced = self.store.import_report(report, on_conflict, snapshot)
            except ReportExistsError:
                choice = self._ask_import(report, path)
                if choice is None:
                    self.tell(f"未导入 {path.name}")
                    return None
                report_id, replaced = self.store.import_report(report, choice, snapshot)
        except StorageError as e:
            self.inform(f"无法保存导入的报告：{e}", warning=True)
            return None
        if not self.open_report(report_id):
            return report_id
        if result.deviations:  # the reader's deviations: shown now, never stored
            self.doc.show_deviations(result.deviations)
        note = "（已替换原有内容，原内容已保存为快照）" if replaced else ""
        self.tell(f"已导入 {path.name}{note}")
        return report_id

    def _ask_import(self, report: Report, path: Path) -> str | None:
        """替换 / 两份都保留 / 取消 (None)."""
        from PySide6.QtWidgets import QMessageBox

        text = import_question(report.agency, report.year, path.name)
        box = QMessageBox(QMessageBox.Icon.Question, "报告已存在", text, QMessageBox.StandardButton.NoButton, self)
        buttons = {box.addButton(text, QMessageBox.ButtonRole.AcceptRole): how for how, text in IMPORT_CHOICES.items()}
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return buttons.get(box.clickedButton())

    def export_word(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if not self._open_target():
            return
        question = export_question(self.doc.findings, self.doc_name())
        if question and not self._ask("报告还有错误", question, "仍要导出"):
            return
        from writers.docx_writer import default_filename

        start = str(Path(self.settings.value("export_dir", str(Path.home()))) / default_filename(self.doc.report))
        path, _ = QFileDialog.getSaveFileName(self, "导出 Word", start, "Word 文档 (*.docx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        from writers.docx_writer import ExportError, export_docx

        if not self._saved("导出"):  # the snapshot and the file must both be what the window shows
            return None
        try:
            self.store.snapshot(self.doc.report_id, export_snapshot_name())
            written = export_docx(self.doc.report, path)
        except (ExportError, StorageError) as e:
            self.inform(f"导出失败：{e}", warning=True)
            return None
        self.settings.setValue("export_dir", str(path.parent))
        self.tell(f"已导出：{written}")
        return written

    # ------------------------------------------------------------ snapshots

    def take_snapshot(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if not self._open_target():
            return None
        name, ok = QInputDialog.getText(
            self, "快照", f"为“{self.doc_name()}”保存快照，快照名称：", text=f"快照 {datetime.now():%Y-%m-%d %H:%M}"
        )
        if ok:
            if not self._saved("保存快照"):
                return None
            try:
                self.store.snapshot(self.doc.report_id, name.strip() or "快照")
            except StorageError as e:
                return self.inform(f"无法保存快照：{e}", warning=True)
            self.tell(f"已保存快照“{name}”")

    def restore_snapshot(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if not self._open_target():
            return None
        try:
            snapshots = self.store.list_snapshots(self.doc.report_id)
        except StorageError as e:
            return self.inform(f"无法读取快照：{e}", warning=True)
        if not snapshots:
            return self.tell("这份报告还没有快照")
        names = [snapshot_label(s.name, s.created) for s in snapshots]
        choice, ok = QInputDialog.getItem(
            self, "恢复快照", f"用所选快照替换“{self.doc_name()}”的当前内容：", names, 0, False
        )
        if ok:
            self.restore_snapshot_id(snapshots[names.index(choice)].id, choice)

    def restore_snapshot_id(self, snapshot_id: int, name: str) -> bool:
        """Replace the open report by a snapshot; its pending edits are written first, or nothing happens."""
        if not self._saved("恢复快照"):  # else they would be written on top of the restored content
            return False
        report_id = self.doc.report_id
        try:
            self.store.restore_snapshot(snapshot_id)
        except StorageError as e:
            self.inform(f"无法恢复快照：{e}", warning=True)
            return False
        self.open_report(report_id)
        self.tell(f"已恢复快照：{name}")
        return True

    # ------------------------------------------------------------ the trash

    def delete_selected(self) -> None:
        target = self.selected_id()
        if target is None:
            return self.tell("请先在报告列表中选中要删除的报告")
        summary = next((r for r in self.list_model.reports if r.id == target), None)
        name = report_name(summary.agency, summary.year) if summary else self.doc_name()
        if self._ask("删除报告", delete_question(name), "移到回收站"):
            self.delete_report(target)

    def delete_report(self, report_id: int) -> bool:
        """Move a report to the trash (closed first if it is open)."""
        if self.doc is not None and self.doc.report_id == report_id and not self.close_report():
            return False
        try:
            report = self.store.load(report_id)
            self.store.delete(report_id)
        except StorageError as e:
            self.inform(f"无法删除报告：{e}", warning=True)
            return False
        self.refresh_list()
        self.tell(f"已把“{report_name(report.agency, report.year)}”移到回收站，可以在“回收站”中恢复")
        return True

    def show_trash(self) -> None:
        from gui.dialogs import TrashDialog

        try:
            dialog = TrashDialog(self.store, self)
        except StorageError as e:
            return self.inform(f"无法读取回收站：{e}", warning=True)
        dialog.restored.connect(self._restored)
        dialog.exec()
        self.refresh_list()

    def _restored(self, report_id: int, name: str) -> None:
        self.refresh_list()
        self.tell(f"已恢复“{name}”")

    # ------------------------------------------------------------ help

    def show_usage(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.NoIcon, "使用说明", usage_text(), QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText("关闭")
        box.exec()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "关于", about_text(self.store.path if self.store is not None else None))

    # ------------------------------------------------------------ state

    def doc_name(self) -> str:
        return report_name(self.doc.report.agency, self.doc.report.year) if self.doc is not None else ""

    def _page_changed(self) -> None:
        """The findings panel shows the open report's findings in the editor, nothing over the list."""
        self.findings.show_document(self.doc if self.doc is not None and not self.list_shown() else None)
        self._update_state()

    def _update_state(self) -> None:
        has_doc = self.doc is not None
        attached = self.store is not None
        for action in (self.new_action, self.open_action, self.import_action, self.list_action, self.findings_action):
            action.setEnabled(attached)
        self.trash_action.setEnabled(attached)
        target = attached and self.selected_id() is not None
        for action in (
            self.next_year_action,
            self.export_action,
            self.snapshot_action,
            self.restore_action,
            self.delete_action,
        ):
            action.setEnabled(target)
        if not has_doc:
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
                self.inform(f"修改暂时无法保存：{autosave.error}", warning=True)
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
        if reason:
            self._rejection = f"{self.doc.spec.cells_by_key[key].place}：{reason}"
            self.statusBar().showMessage(self._rejection, 8000)
        elif self._rejection and self.statusBar().currentMessage() == self._rejection:
            self.statusBar().clearMessage()
            self._rejection = ""

    def _reveal(self, finding) -> None:
        if self.editor is not None:
            self.editor.reveal(finding)

    def tell(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 10000)

    def inform(self, text: str, warning: bool = False) -> None:
        """A message that needs reading: a strip above the form (not also the status bar); never blocks.

        It stays until closed or until its cause is gone (another report opened, the first report made).
        """
        self.last_message = text.replace("\n", " ")
        self.banner.say(text, warning)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Nothing to ask: every change is already in the store (or is being retried).

        If the store still refuses, the first close keeps the window open and says why; a second
        close writes the report to a JSON file beside the user's documents and closes.
        """
        if self.doc is not None and not self.doc.flush():
            if not self._close_refused:
                self._close_refused = True
                self.inform(
                    f"有修改未能保存：{self.doc.autosave.error}\n程序正在自动重试。"
                    "如仍要关闭，请再次关闭窗口，未保存的内容会另存为一个 JSON 文件。",
                    warning=True,
                )
                event.ignore()
                return
            self.rescue_copy()
        self._save_settings()
        event.accept()

    def rescue_copy(self) -> Path | None:
        """The open report as a JSON file in the home folder, when the store cannot take it."""
        from nianbao import exchange

        path = Path.home() / f"年报助手未保存的报告-{datetime.now():%Y%m%d-%H%M%S}.json"
        try:
            exchange.save(self.doc.report, path)
        except OSError:
            return None
        return path


class Banner(QFrame):
    """A message strip with a close button (carry-forward done, an import failed …)."""

    STYLES = {
        False: "Banner { background: #e8f4e8; border-bottom: 1px solid #9cc79c; }",
        True: "Banner { background: #fdecea; border-bottom: 1px solid #e0a39c; }",
    }

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        close = QToolButton()
        close.setText("知道了")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def say(self, text: str, warning: bool = False) -> None:
        self.label.setText(text)
        self.setStyleSheet(self.STYLES[warning])
        self.show()


def carry_message(report: Report, filled: list[str]) -> str:
    """Which cells carry-forward filled, as the clerk reads them: the row, then column and value."""
    from nianbao.numbers import format_value

    cells = report.spec.cells_by_key
    entered = [cells[k] for k in filled if not cells[k].computed]
    if not entered:
        return ""
    values = "，".join(f"{c.col_label} {format_value(report.get(c.key))}" for c in entered)
    return f"已从{report.year - 1}年度报告带入“{entered[0].row_label}”：{values}"


def snapshot_label(name: str, created: datetime) -> str:
    """A snapshot as the restore list shows it: its name, and the time unless the name already says it."""
    when = f"{created.astimezone():%Y-%m-%d %H:%M}"
    return name if when in name else f"{name}（{when}）"


def clamp_rect(rect: QRect, available: QRect) -> QRect:
    """``rect`` made to fit inside ``available``: no larger, then moved in."""
    width, height = min(rect.width(), available.width()), min(rect.height(), available.height())
    left = min(max(rect.left(), available.left()), available.right() + 1 - width)
    top = min(max(rect.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)
