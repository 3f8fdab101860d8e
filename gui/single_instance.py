"""One window per data folder: a second start hands over to the running window and ends.

Two windows on one database overwrote each other's text and showed stale cells. The first start holds a
``QLockFile`` in the data folder (a lock whose process is gone, left by a crash, is taken over: Qt checks the
process id) and listens on a ``QLocalServer`` named after the folder; a later start finds the lock held,
connects, asks the window to come to the front and exits 0.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "nianbao-window.lock"
RAISE = b"raise\n"
CONNECT_MS = 1000
STARTING_TRIES = 20  # the first start has the lock but not yet its server: ask again for ≈2 s


def server_name(data_dir: Path) -> str:
    """The same for every start on one folder (and one user), short enough for a Unix socket path."""
    who = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    digest = hashlib.sha256(f"{who}\0{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"nianbao-{digest}"


class SingleInstance(QObject):
    """Held by the running window's process; ``raiseRequested`` when another start on the folder asks."""

    raiseRequested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, however old
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True: this process is the one window on the folder. False: another is (asked to come to the front).

        A lock held by a live process that does not answer yet is a window still starting: asked again for
        ≈2 s, then this start gives way too (one window is the point); a lock whose process is gone is taken.
        """
        for _ in range(STARTING_TRIES):
            if self.lock.tryLock(CONNECT_MS // 10):
                self._listen()
                return True
            if self._ask_running():
                return False
        return False

    def _listen(self) -> None:
        QLocalServer.removeServer(self.name)  # a socket file left by a crash (its lock was stale)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self.server.listen(self.name)

    def _ask_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS // 10):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return True

    def _connected(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if RAISE.strip() in bytes(socket.readAll().data()):
            self.raiseRequested.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()
