"""Changes another process (the command line, a backup tool) made to the database while the window is open:
noticed through SQLite's ``data_version``, polled cheaply; what the window does not hold unsaved is reloaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from storage.store import Store

POLL_MS = 1000  # how often the database is asked whether another process changed it (cheap)


class ExternalChanges(QObject):
    def __init__(self, window: MainWindow, store: Store):
        super().__init__(window)
        self.window = window
        self.store = store
        self._version = store.data_version()
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> bool:
        """Whether another process (the command line) has written to the database since the last look;
        if so, reload what this window does not hold unsaved and say so."""
        from storage.errors import StorageError

        try:
            version = self.store.data_version()
        except StorageError:
            return False
        if version == self._version:
            return False
        self._version = version
        self.window.refresh_list()
        if self.window.doc is not None and self.window.doc.report_id is not None:
            self._open_report_changed(self.window.doc.report_id)
        else:
            self.window.tell("数据已在别处（如命令行）更改，报告列表已更新")
        return True

    def _open_report_changed(self, report_id: int) -> None:
        from storage.errors import StorageError

        name = self.window.doc_name()
        try:
            found = next((r for r in self.store.list_reports(include_deleted=True) if r.id == report_id), None)
            stored = self.store.load(report_id) if found is not None and not found.deleted else None
        except StorageError as e:
            self.window.tell(str(e))
            return
        if stored is None:  # deleted elsewhere: not edited further here (what was pending goes to the trash too)
            self.window.close_report()
            self.window.show_list()
            self.window.inform(
                f"“{name}”已在别处（如命令行）被删除，不能再编辑。它在回收站中，可以从“文件—回收站”恢复。"
            )
            return
        if self.window.doc is None or stored == self.window.doc.report:
            return
        if self.window.has_pending_edits():
            self.window.inform(f"“{name}”已在别处更改；这里还有正在输入的修改，未重新读入。", warning=True)
            return
        tab = self.window.editor.currentIndex() if self.window.editor is not None else 0
        if self.window.open_report(report_id) and self.window.editor is not None:
            self.window.editor.setCurrentIndex(tab)
            self.window.inform(f"“{name}”已在别处（如命令行）更改，已重新读入。")
