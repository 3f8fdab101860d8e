"""The window's commands on reports: each asks what it must, calls its workflow, and says what happened.

Built once the store is open (:meth:`gui.main_window.MainWindow.attach`); importing this module is the one
place where start-up's deferred imports happen (workflows, storage, the readers and writers load lazily).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gui import messages
from nianbao import APP_TITLE
from nianbao.checker import Finding
from nianbao.model import Report
from nianbao.naming import report_name, snapshot_name
from readers import SUFFIXES
from storage.errors import DamagedReportError
from storage.store import Store
from workflows import reports, snapshots
from workflows.errors import ReportExists, WorkflowError
from workflows.exporting import default_docx_path, export_word
from workflows.importing import PASTED, Imported, OnConflict, read_for_import, read_pasted_for_import, store_import

if TYPE_CHECKING:
    from gui.batch_window import BatchWindow
    from gui.main_window import MainWindow

IMPORT_FILTER = f"年度报告 ({' '.join('*' + s for s in SUFFIXES)});;Word 文档 (*.docx);;JSON 文件 (*.json)"


class ReportCommands(QObject):
    def __init__(self, window: MainWindow, store: Store, settings: QSettings):
        super().__init__(window)
        self.window = window
        self.store = store
        self.settings = settings
        self.batch_window: BatchWindow | None = None
        # how a file or folder is opened with the desktop's program (a test puts a recorder here)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl

    # ------------------------------------------------------------ asking

    def ask(self, title: str, text: str, yes: str) -> bool:
        """A question with two buttons, ``yes`` and 取消 (the default)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self.window)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is accept

    def _failed(self, error: WorkflowError) -> None:
        self.window.inform(str(error), warning=True)

    # ------------------------------------------------------------ creating

    def offer_repair(self, damaged: DamagedReportError) -> bool:
        """A report that cannot be read: say which and why, and offer its newest readable snapshot."""
        if damaged.last_snapshot_id is None:
            self.window.inform(str(damaged), warning=True)
            return False
        if not self.ask("报告已损坏", f"{damaged}\n\n是否恢复这个快照？", "恢复快照"):
            self.window.inform(str(damaged), warning=True)
            return False
        try:
            snapshots.repair(self.store, damaged.last_snapshot_id)
        except WorkflowError as e:
            self._failed(e)
            return False
        return self.window.open_report(damaged.report_id)

    def new_report(self) -> None:
        from gui.dialogs import NewReportDialog

        agencies = list(dict.fromkeys(r.agency for r in self.window.list_model.reports))
        dialog = NewReportDialog(agencies, self.window)
        if dialog.exec():
            self.create_report(*dialog.values())

    def create_report(self, agency: str, year: int) -> int | None:
        """Create and open a report; last year's 结转 is carried forward and the clerk told which cells.

        If the agency already has a report for the year, ask whether to open it (打开已有的 / 取消).
        """
        try:
            created = reports.create_report(self.store, agency, year)
        except ReportExists as e:
            return self._offer_existing(e)
        except WorkflowError as e:
            self._failed(e)
            return None
        self.window.open_report(created.report_id)
        if created.carried:
            self.window.inform(messages.carry_message(created.report, created.carried))
        return created.report_id

    def _offer_existing(self, exists: ReportExists) -> int | None:
        if not self.ask("报告已存在", messages.exists_question(exists.agency, exists.year), "打开已有的"):
            self.window.tell(f"未新建：{report_name(exists.agency, exists.year)}已经存在")
            return None
        return exists.existing_id if self.window.open_report(exists.existing_id) else None

    def duplicate_next_year(self) -> None:
        """Copy the selected report (the open one in the editor) as next year's."""
        target = self.window.selected_id()
        if target is None:
            return self.window.tell("请先在报告列表中选中一份报告")
        if not self.window.saved("复制为下一年度"):
            return None
        try:
            created = reports.copy_as_next_year(self.store, target)
        except ReportExists as e:
            self._offer_existing(e)
            return None
        except WorkflowError as e:
            self._failed(e)
            return None
        if self.window.open_report(created.report_id):
            self.window.inform(messages.next_year_message(created.report, created.carried))
        return None

    # ------------------------------------------------------------ import and export

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "导入报告", "", IMPORT_FILTER)
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path, on_conflict: OnConflict = OnConflict.ASK) -> int | None:
        """Import a report file; if its agency and year already have a report, ask (替换 / 两份都保留 / 取消)."""
        return self._import(lambda: read_for_import(path), path.name, on_conflict)

    def import_pasted(self, text: str, on_conflict: OnConflict = OnConflict.ASK) -> int | None:
        """Import a report pasted as text (from a web page or a document)."""
        return self._import(lambda: read_pasted_for_import(text), PASTED, on_conflict)

    def paste_report(self) -> None:
        from gui.paste_dialog import PasteDialog

        dialog = PasteDialog(self.window)
        if dialog.exec() and dialog.text().strip():
            self.import_pasted(dialog.text())

    def _import(
        self,
        read: Callable[[], tuple[Report, tuple[Finding, ...], str]],
        name: str,
        on_conflict: OnConflict,
    ) -> int | None:
        try:
            report, deviations, source_format = read()
        except WorkflowError as e:
            self.window.inform(f"无法导入：{e}", warning=True)
            return None
        if not self.window.saved("导入"):  # the import may replace the open report: its edits go first
            return None
        try:
            try:
                stored = store_import(self.store, report, on_conflict)
            except ReportExists:
                choice = self._ask_import(report.agency, report.year, name)
                if choice is None:
                    self.window.tell(f"未导入 {name}")
                    return None
                stored = store_import(self.store, report, choice)
        except WorkflowError as e:
            self._failed(e)
            return None
        report_id, replaced = stored.report_id, stored.replaced
        imported = Imported(report_id, report, replaced, deviations, source_format, stored.corrections_message)
        if not self.window.open_report(report_id):
            return report_id
        if imported.deviations and self.window.doc is not None:  # the reader's: shown now, never stored
            self.window.doc.show_deviations(imported.deviations)
        note = "（已替换原有内容，原内容已保存为快照）" if replaced else ""
        self.window.tell(f"已导入 {name}{note}")
        if imported.corrections:  # said where the clerk looks: the totals now differ from the file's
            self.window.inform(imported.corrections)
        return report_id

    def _ask_import(self, agency: str, year: int, name: str) -> OnConflict | None:
        """替换 / 两份都保留 / 取消 (None)."""
        text = messages.import_question(agency, year, name)
        box = QMessageBox(
            QMessageBox.Icon.Question, "报告已存在", text, QMessageBox.StandardButton.NoButton, self.window
        )
        buttons = {
            box.addButton(label, QMessageBox.ButtonRole.AcceptRole): OnConflict(how)
            for how, label in messages.IMPORT_CHOICES.items()
        }
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return next((how for button, how in buttons.items() if button is clicked), None)

    def export_word(self) -> None:
        doc = self.window.open_target()
        if doc is None:
            return
        question = messages.export_question(doc.findings, self.window.doc_name())
        if question and not self.ask("报告还有错误", question, "仍要导出"):
            return
        folder = str(self.settings.value("export_dir", str(Path.home())))
        start = str(default_docx_path(doc.report, folder))
        path, _ = QFileDialog.getSaveFileName(self.window, "导出 Word", start, "Word 文档 (*.docx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        """Export the open report (already asked about its errors); an automatic snapshot is taken first."""
        doc = self.window.doc
        if doc is None or doc.report_id is None or not self.window.saved("导出"):
            return None  # the snapshot and the file must both be what the window shows
        try:
            exported = export_word(
                doc.report, path, force=True, previous=doc.live.previous, stored_as=(self.store, doc.report_id)
            )
        except WorkflowError as e:
            self.window.inform(f"导出失败：{e}", warning=True)
            return None
        self.settings.setValue("export_dir", str(path.parent))
        self._say_exported(exported.path, sum(1 for f in doc.findings if f.is_error))
        return exported.path

    def _say_exported(self, path: Path, errors: int) -> None:
        """Where the clerk looks: the file's place, 打开文件 and 打开所在文件夹 (the strip stays until closed)."""
        self.window.inform(
            messages.exported_message(path, errors),
            warning=errors > 0,
            actions=(
                ("打开文件", lambda: self._open_local(path)),
                ("打开所在文件夹", lambda: self._open_local(path.parent)),
            ),
        )

    def _open_local(self, path: Path) -> None:
        if not path.exists():
            self.window.tell(f"找不到 {path}，它可能已被移动或删除")
            return
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.window.tell(f"无法打开 {path}：系统中没有能打开它的程序")

    # ------------------------------------------------------------ snapshots

    def take_snapshot(self) -> None:
        doc = self.window.open_target()
        if doc is None or doc.report_id is None:
            return
        prompt = f"为“{self.window.doc_name()}”保存快照，快照名称："
        name, ok = QInputDialog.getText(self.window, "快照", prompt, text=snapshot_name())
        if not ok or not self.window.saved("保存快照"):
            return
        try:
            taken = snapshots.take_snapshot(self.store, doc.report_id, name)
        except WorkflowError as e:
            self._failed(e)
            return None
        self.window.tell(f"已保存快照“{taken}”")

    def restore_snapshot(self) -> None:
        doc = self.window.open_target()
        if doc is None or doc.report_id is None:
            return
        try:
            found = snapshots.snapshots_of(self.store, doc.report_id)
        except WorkflowError as e:
            self._failed(e)
            return None
        if not found:
            return self.window.tell("这份报告还没有快照")
        names = [messages.snapshot_label(s.name, s.created) for s in found]
        prompt = f"用所选快照替换“{self.window.doc_name()}”的当前内容："
        choice, ok = QInputDialog.getItem(self.window, "恢复快照", prompt, names, 0, False)
        if ok:
            self.restore_snapshot_id(found[names.index(choice)].id, choice)

    def restore_snapshot_id(self, snapshot_id: int, name: str) -> bool:
        """Replace the open report by a snapshot; its pending edits are written first, or nothing happens."""
        doc = self.window.doc
        if doc is None or doc.report_id is None or not self.window.saved("恢复快照"):
            return False  # else the pending edits would be written on top of the restored content
        report_id = doc.report_id
        try:
            snapshot = next(s for s in snapshots.snapshots_of(self.store, report_id) if s.id == snapshot_id)
            snapshots.restore_snapshot(self.store, snapshot)
        except (WorkflowError, StopIteration) as e:
            self.window.inform(f"无法恢复快照：{e}", warning=True)
            return False
        self.window.open_report(report_id)
        self.window.tell(f"已恢复快照：{name}")
        return True

    # ------------------------------------------------------------ the trash

    def delete_selected(self) -> None:
        target = self.window.selected_id()
        if target is None:
            return self.window.tell("请先在报告列表中选中要删除的报告")
        summary = next((r for r in self.window.list_model.reports if r.id == target), None)
        name = report_name(summary.agency, summary.year) if summary else self.window.doc_name()
        if self.ask("删除报告", messages.delete_question(name), "移到回收站"):
            self.delete_report(target)

    def delete_report(self, report_id: int) -> bool:
        """Move a report to the trash (closed first if it is open)."""
        doc = self.window.doc
        if doc is not None and doc.report_id == report_id and not self.window.close_report():
            return False
        try:
            (moved,) = reports.move_to_trash(self.store, [report_id])
        except WorkflowError as e:
            self._failed(e)
            return False
        self.window.refresh_list()
        self.window.tell(f"已把“{report_name(moved.agency, moved.year)}”移到回收站，可以在“回收站”中恢复")
        return True

    def show_trash(self) -> None:
        from gui.dialogs import TrashDialog

        try:
            dialog = TrashDialog(self.store, self.window)
        except WorkflowError as e:
            self._failed(e)
            return None
        dialog.restored.connect(self._restored)
        dialog.exec()
        self.window.refresh_list()

    def _restored(self, report_id: int, name: str) -> None:
        self.window.refresh_list()
        self.window.tell(f"已恢复“{name}”")

    def batch(self) -> BatchWindow:
        """The 批量检查 window (one, kept with its results while the program runs)."""
        from gui.batch_window import BatchWindow

        if self.batch_window is None:
            self.batch_window = BatchWindow(self, self.window)
        return self.batch_window

    def show_batch(self) -> None:
        window = self.batch()
        window.show()
        window.raise_()

    # ------------------------------------------------------------ help

    def show_usage(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, "使用说明", messages.usage_text(), QMessageBox.StandardButton.Ok, self.window
        )
        box.button(QMessageBox.StandardButton.Ok).setText("关闭")
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(self.window, f"关于{APP_TITLE}", messages.about_text(self.store.path))


__all__ = ["ReportCommands"]
