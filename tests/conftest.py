"""Shared test set-up.  Qt runs offscreen (set before any Qt import)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import gc  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _collect_garbage_after_qt_tests(request):
    """Collect each Qt test's garbage right after the test, while its widgets are gone.

    Otherwise Python collects it at a random later moment, mixed with another test's
    objects, and a crash there would be reported against the wrong test.
    """
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


@pytest.fixture
def store(tmp_path):
    """A real database in the test's own folder."""
    from storage.store import Store

    with Store.open(tmp_path) as opened:
        yield opened


class DatabaseLock:
    """Another program holding the database's write lock (what a second window or a backup tool does)."""

    def __init__(self, path):
        import sqlite3

        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN EXCLUSIVE")
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.conn.execute("ROLLBACK")
            self.conn.close()


@pytest.fixture
def lock_database():
    """``lock_database(path)`` locks the database file at ``path`` until ``.release()`` or the test's end."""
    locks: list[DatabaseLock] = []

    def lock(path) -> DatabaseLock:
        locks.append(DatabaseLock(path))
        return locks[-1]

    yield lock
    for held in locks:
        held.release()
