"""批量检查: a 政务公开办 checks a folder of reports at its desk — the same check and summary as
``python main.py check 文件夹 --summary``, with a progress bar and a cancel button."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QThread
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readers import SUFFIXES
from workflows.batch import check_many, expand, write_summary
from workflows.checking import FileCheck
from workflows.errors import WorkflowError

if TYPE_CHECKING:
    from gui.report_commands import ReportCommands

COLUMNS = ("文件", "机关", "年度", "格式版本", "读取格式", "错误", "提示", "第一个错误")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def row_values(result: FileCheck) -> tuple[object, ...]:
    """What the table shows for one file (numbers stay numbers, for sorting)."""
    if result.report is None:
        return (Path(result.path).name, "", "", "", "", "", "", f"无法读取：{result.error}")
    report = result.report
    errors, warnings = result.counts
    first = next((f.message for f in result.all_findings if f.is_error), "")
    return (Path(result.path).name, report.agency, report.year, f"{report.edition}版", result.source_format, errors,
            warnings, first)  # fmt: skip


def findings_text(result: FileCheck) -> str:
    """The findings of one file, as the command line prints them."""
    if result.report is None:
        return f"{result.path}\n无法读取：{result.error}"
    lines = [f"{result.path}：{result.report.display_title}（{result.report.edition}版格式）"]
    if result.deviations:
        lines.append(f"文件与格式不符之处（{len(result.deviations)} 处）：")
        lines += [f"  [{f.severity.label}] {f.rule} {f.message}" for f in result.deviations]
    lines += [f"  [{f.severity.label}] {f.rule} {f.message}" for f in result.findings]
    if not result.all_findings:
        lines.append("  勾稽关系全部通过，未发现问题。")
    return "\n".join(lines)


class BatchResultsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.results: list[FileCheck] = []

    def set_results(self, results: list[FileCheck]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.endResetModel()

    def add(self, result: FileCheck) -> None:
        row = len(self.results)
        self.beginInsertRows(_ROOT, row, row)
        self.results.append(result)
        self.endInsertRows()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        result = self.results[index.row()]
        value = row_values(result)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == SORT_ROLE:
            return value if isinstance(value, int) else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return result.path if index.column() == 0 else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (5, 7) and (result.error or result.counts[0]):
            return QColor("#c0392b")
        return None


class CheckThread(QThread):
    """Runs the check away from the window; progress and each result come back as signals."""

    checked = _Signal(int, int, object)  # done, total, FileCheck

    def __init__(self, paths: list[str], parent: QWidget | None = None, workers: int | None = None):
        super().__init__(parent)
        self.paths = paths
        self.workers = workers
        self.stop = False
        self.results: list[FileCheck] = []

    def run(self) -> None:
        self.results = check_many(
            self.paths,
            workers=self.workers,
            progress=lambda done, total, result: self.checked.emit(done, total, result),
            cancelled=lambda: self.stop,
        )


class BatchWindow(QDialog):
    """Choose a folder or files → the table of results (sortable); double-click shows a file's findings."""

    def __init__(
        self, commands: ReportCommands | None = None, parent: QWidget | None = None, workers: int | None = None
    ):
        super().__init__(parent)
        self.commands = commands
        self.workers = workers
        self.thread_: CheckThread | None = None
        self.setWindowTitle("批量检查")
        self.model = BatchResultsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self.show_findings)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("双击一个文件，在这里查看它的全部问题。")
        self.details.setMaximumHeight(160)
        self.status = QLabel("选择一个文件夹（含其中的子文件夹）或若干文件，逐一检查勾稽关系和格式。")
        self.progress = QProgressBar()
        self.progress.hide()
        self.folder_button = QPushButton("选择文件夹…")
        self.files_button = QPushButton("选择文件…")
        self.cancel_button = QPushButton("取消")
        self.import_button = QPushButton("导入所选报告")
        self.summary_button = QPushButton("导出汇总表…")
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.clicked.connect(self.choose_files)
        self.cancel_button.clicked.connect(self.cancel)
        self.import_button.clicked.connect(self.import_selected)
        self.summary_button.clicked.connect(self.export_summary)
        buttons = QHBoxLayout()
        for button in (self.folder_button, self.files_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.summary_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        self.resize(1100, 600)
        self._update()

    # ------------------------------------------------------------ checking

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择包含报告的文件夹")
        if folder:
            self.start([folder])

    def choose_files(self) -> None:
        pattern = " ".join(f"*{s}" for s in SUFFIXES)
        files, _ = QFileDialog.getOpenFileNames(self, "选择报告文件", "", f"年度报告 ({pattern})")
        if files:
            self.start(files)

    def start(self, chosen: list[str]) -> bool:
        """Check the files (folders searched); False when there is nothing to check or a check is running."""
        if self.running():
            return False
        paths = expand(chosen)
        if not paths:
            self.status.setText("没有找到可检查的报告文件。")
            return False
        self.model.set_results([])
        self.details.clear()
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"正在检查 {len(paths)} 个文件……")
        self.thread_ = CheckThread(paths, self, self.workers)
        self.thread_.checked.connect(self._checked)
        self.thread_.finished.connect(self._finished)
        self.thread_.start()
        self._update()
        return True

    def running(self) -> bool:
        return self.thread_ is not None and self.thread_.isRunning()

    def cancel(self) -> None:
        if self.thread_ is not None:
            self.thread_.stop = True
            self.status.setText("正在取消……")

    def _checked(self, done: int, total: int, result: FileCheck) -> None:
        self.model.add(result)
        self.progress.setValue(done)
        self.status.setText(f"已检查 {done}/{total}：{Path(result.path).name}")

    def _finished(self) -> None:
        thread = self.thread_
        results = self.model.results
        with_errors = sum(1 for r in results if r.error or r.counts[0])
        cancelled = thread is not None and thread.stop and len(results) < len(thread.paths)
        text = f"已检查 {len(results)} 个文件，其中 {with_errors} 个有错误或无法读取。"
        self.status.setText(("已取消。" if cancelled else "") + text)
        self.progress.hide()
        self._update()

    # ------------------------------------------------------------ results

    def selected(self) -> FileCheck | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.results[self.proxy.mapToSource(rows[0]).row()]

    def show_findings(self, index: QModelIndex | None = None) -> None:
        if index is not None and index.isValid():
            self.view.selectRow(index.row())
        result = self.selected()
        if result is not None:
            self.details.setPlainText(findings_text(result))
        self._update()

    def import_selected(self) -> int | None:
        result = self.selected()
        if result is None or result.report is None or self.commands is None:
            return None
        report_id = self.commands.import_path(Path(result.path))
        if report_id is not None:
            self.status.setText(f"已导入 {Path(result.path).name}，可在报告列表中打开。")
        return report_id

    def export_summary(self, target: str | None = None) -> Path | None:
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, "导出汇总表", "汇总.xlsx", "Excel 工作簿 (*.xlsx)")
            if not target:
                return None
        try:
            written = write_summary(self.model.results, target)
        except WorkflowError as e:
            self.status.setText(f"未导出汇总表：{e}")
            return None
        self.status.setText(f"已导出汇总表：{written}")
        return written

    def _update(self) -> None:
        running = self.running()
        for button in (self.folder_button, self.files_button):
            button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        has = bool(self.model.results) and not running
        self.summary_button.setEnabled(has)
        result = self.selected() if has else None
        self.import_button.setEnabled(result is not None and result.report is not None and self.commands is not None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish()
        super().closeEvent(event)

    def finish(self) -> None:
        """Stop a running check and wait for it (closing the window never leaves a thread behind)."""
        if self.thread_ is not None and self.thread_.isRunning():
            self.thread_.stop = True
            self.thread_.wait()
