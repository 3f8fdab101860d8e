"""One window per data folder: a second start hands over to the running window and ends.

Two windows on one database overwrote each other's text and showed stale cells. The first start holds a
``QLockFile`` in the data folder (a lock whose process is gone, left by a crash, is taken over: Qt checks the
process id) and watches the folder; a later start finds the lock held, leaves a request file there for the
running window to come to the front, and exits 0. QtCore only: the frozen build leaves QtNetwork out.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

LOCK_NAME = "nianbao-window.lock"
RAISE_NAME = "nianbao-window.raise"  # left by a second start: come to the front


class SingleInstance(QObject):
    """Held by the running window's process; ``raiseRequested`` when another start on the folder asks."""

    raiseRequested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.request = data_dir / RAISE_NAME
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, however old the lock
        self.watcher: QFileSystemWatcher | None = None

    def claim(self) -> bool:
        """True: this process is the one window on the folder. False: another is, and has been asked to show."""
        if self.lock.tryLock(0):
            self._clear_request()  # left from before: nobody is waiting for it now
            self.watcher = QFileSystemWatcher([str(self.data_dir)], self)
            self.watcher.directoryChanged.connect(self._folder_changed)
            return True
        # unwritable: the running window stays where it is; this start still ends (one window is the point)
        with contextlib.suppress(OSError):
            self.request.write_text(str(os.getpid()), encoding="ascii")
        return False

    def _folder_changed(self, _path: str) -> None:
        if self.request.exists():
            self._clear_request()
            self.raiseRequested.emit()

    def _clear_request(self) -> None:
        with contextlib.suppress(OSError):
            self.request.unlink(missing_ok=True)

    def release(self) -> None:
        if self.watcher is not None:
            self.watcher.removePaths(self.watcher.directories())
        self.lock.unlock()
