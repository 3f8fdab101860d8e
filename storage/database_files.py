"""The database file on disk: copies, the daily backup, corrupt files moved aside.

Copies are made with SQLite's backup API (consistent even while another
instance writes) and converted to the rollback journal, so that a copy is one
self-contained file that can be checked and reopened on its own.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.errors import is_corruption

DB_NAME = "nianbao.sqlite3"
BACKUP_DIR = "backups"
DAILY_KEEP = 10  # daily copies kept in <data_dir>/backups/
SIDE_FILES = ("-wal", "-shm")


def uri(path: Path, query: str) -> str:
    """A SQLite URI for ``path`` (relative paths too; non-ASCII names are percent-encoded)."""
    return f"{path.absolute().as_uri()}?{query}"


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, written atomically."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            source.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def copy_file(path: Path, target: Path, busy_timeout: float = 5.0) -> None:
    """Copy the database at ``path`` through a second, read-only connection."""
    source = sqlite3.connect(uri(path, "mode=ro"), uri=True, timeout=busy_timeout)
    try:
        copy_database(source, target)
    finally:
        source.close()


def is_healthy(path: Path) -> bool:
    """``PRAGMA quick_check`` passes on the file at ``path`` (opened without writing to it)."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(uri(path, "mode=ro&immutable=1"), uri=True)
        try:
            return quick_check(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def holds_reports(path: Path) -> bool:
    """The file is a database of this program (an empty file is a valid, empty SQLite database)."""
    try:
        conn = sqlite3.connect(uri(path, "mode=ro&immutable=1"), uri=True)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return {"reports", "cells", "_sqlite_migrations"} <= names


def quick_check(conn: sqlite3.Connection) -> bool:
    """True if the database passes ``PRAGMA quick_check``; False if it is damaged or not a database.

    Other failures (a read-only folder, a lock) are raised: they say nothing about the file.
    """
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as e:
        if is_corruption(e):
            return False
        raise
    return rows == [("ok",)]


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename the database (and its -wal/-shm) to ``<name>.<label>-<timestamp>``; returns the new path."""
    moved = path.with_name(f"{path.name}.{label}-{stamp()}")
    n = 1
    while moved.exists():
        n += 1
        moved = path.with_name(f"{path.name}.{label}-{stamp()}-{n}")
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, moved.with_name(moved.name + suffix))
    os.replace(path, moved)
    return moved


def candidate_copies(data_dir: Path) -> list[Path]:
    """Every copy that might be restored, newest first: daily backups and copies made before migrations."""
    found = list((data_dir / BACKUP_DIR).glob("nianbao-*.sqlite3"))
    found += data_dir.glob(f"{DB_NAME}.bak-*")
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def last_good_copy(data_dir: Path) -> Path | None:
    return next((p for p in candidate_copies(data_dir) if is_healthy(p)), None)


def daily_backup(source: sqlite3.Connection, data_dir: Path) -> Path | None:
    """Once a day, keep a copy in ``backups/``; the oldest beyond ``DAILY_KEEP`` are removed.

    Best effort: a full disk must not stop the clerk from opening the app.
    """
    folder = data_dir / BACKUP_DIR
    target = folder / f"nianbao-{datetime.now():%Y-%m-%d}.sqlite3"
    if target.exists():
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy_database(source, target)
    except (OSError, sqlite3.Error):
        return None
    for old in sorted(folder.glob("nianbao-????-??-??.sqlite3"), reverse=True)[DAILY_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target
