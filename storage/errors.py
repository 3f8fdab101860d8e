"""Storage failures, each with a Chinese message for the clerk (``str(error)``)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.salvage import Salvage


class StorageError(Exception):
    """Anything the storage cannot do; ``str()`` is a Chinese message for the clerk."""


class NewerDatabaseError(StorageError):
    """The database was written by a newer version of the app; nothing has been written to it."""


class CorruptDatabaseError(StorageError):
    """The database file was damaged (or empty while backups hold reports) and has been moved to ``moved_to``.

    Usually the store has already recovered by itself: a fresh database was made from the newest
    good copy (``recovered_from``, may be ``None``) plus every report still readable in the damaged
    file (``salvage``); the message says what was saved and what was not, and opening again opens
    the recovered database.  ``last_good`` is set only when that recovery could not be done: it is
    a copy to offer to :meth:`Store.recover`.
    """

    def __init__(
        self,
        message: str,
        moved_to: Path,
        last_good: Path | None,
        recovered_from: Path | None = None,
        salvage: Salvage | None = None,
    ):
        super().__init__(message)
        self.moved_to = moved_to
        self.last_good = last_good
        self.recovered_from = recovered_from
        self.salvage = salvage  # what the recovery saved and did not (None when it could not be done)


class DamagedReportError(StorageError):
    """A stored report cannot be read as a report (a broken cell, an unknown edition …).

    ``str()`` names the report and what is damaged, and offers ``last_snapshot_id`` (the newest
    readable snapshot of it, or ``None``) to :meth:`Store.restore_snapshot`.
    """

    def __init__(self, message: str, report_id: int, name: str, last_snapshot_id: int | None, problems: list[str]):
        super().__init__(message)
        self.report_id = report_id
        self.name = name
        self.last_snapshot_id = last_snapshot_id
        self.problems = problems


class StorageWriteError(StorageError):
    """An edit could not be saved (disk full, read-only, locked too long).

    The caller keeps the edit in memory and retries.  ``reason`` is one of
    ``"locked"``, ``"readonly"``, ``"full"``, ``"io"``.
    """

    def __init__(self, message: str, reason: str = "io"):
        super().__init__(message)
        self.reason = reason


class ReportNotFoundError(StorageError):
    """No report (or snapshot) with that id."""


class ReportExistsError(StorageError):
    """An import found a report of the same agency and year (``existing_id``) and was told to ask."""

    def __init__(self, message: str, existing_id: int):
        super().__init__(message)
        self.existing_id = existing_id


# SQLite primary result codes
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF
    text = str(error).lower()
    for needle, guess in (
        ("locked", _BUSY),
        ("readonly", _READONLY),
        ("read-only", _READONLY),
        ("full", _FULL),
        ("disk i/o", _IOERR),
        ("malformed", _CORRUPT),
        ("not a database", _NOTADB),
        ("unable to open", _CANTOPEN),
    ):
        if needle in text:
            return guess
    return None


def is_corruption(error: sqlite3.Error) -> bool:
    return _code(error) in (_CORRUPT, _NOTADB)


def write_error(error: sqlite3.Error, path: Path, busy_timeout: float) -> StorageError:
    """The user-facing error for a failed write: what happened and what to do, for the window and the
    command line alike (the window adds that it keeps the edit and retries)."""
    code = _code(error)
    if code in (_BUSY, _LOCKED):
        return StorageWriteError(
            f"数据文件正被另一个年报助手窗口（或其他程序）占用，等待 {busy_timeout:g} 秒后仍未释放。"
            f"请关闭另一个窗口后再试。",
            "locked",
        )
    if code == _READONLY:
        return StorageWriteError(
            f"数据文件或所在文件夹是只读的，无法保存：{path}。请检查文件夹权限，或用 --data-dir 换到可写的位置。",
            "readonly",
        )
    if code == _FULL:
        return StorageWriteError(f"磁盘空间已满，无法保存到 {path.parent}。请清理磁盘空间。", "full")
    if code in (_CORRUPT, _NOTADB):
        return StorageError(f"数据文件已损坏（{error}）。请关闭程序后重新打开，程序会检查并提供最近的备份。")
    if code == _CANTOPEN:
        return StorageWriteError(f"无法打开数据文件 {path}，请检查文件夹是否存在、是否可写。", "readonly")
    return StorageWriteError(
        f"写入数据文件 {path} 时出错（{error}）：磁盘可能已满，或 U 盘已拔出、文件被其他程序锁定。", "io"
    )


def os_error(error: OSError, path: Path) -> StorageWriteError:
    if error.errno == errno.ENOSPC:
        return StorageWriteError(f"磁盘空间已满，无法写入 {path}。", "full")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageWriteError(f"没有写入权限：{path}。请换一个可写的位置。", "readonly")
    return StorageWriteError(f"无法写入 {path}：{error.strerror or error}", "io")
