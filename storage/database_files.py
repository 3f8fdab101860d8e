"""The database file on disk: copies, the daily and rolling backups, corrupt files moved aside.

Copies are made with SQLite's backup API (consistent even while another
instance writes) and converted to the rollback journal, so that a copy is one
self-contained file that can be checked and reopened on its own.

Everything here is private on Linux and macOS: the folders are 0700 and every
file (the database, its -wal/-shm, every copy) 0600 — they are drafts of
internal documents.  SQLite gives -wal, -shm and journals the mode of their
database file, so a file created 0600 before SQLite opens it stays private.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat as stat_module
from datetime import datetime
from pathlib import Path

from storage.errors import is_corruption

DB_NAME = "nianbao.sqlite3"
BACKUP_DIR = "backups"
DAILY_KEEP = 10  # daily copies kept in <data_dir>/backups/
ROLLING_KEEP = 5  # rolling copies (made on close and while editing) kept in <data_dir>/backups/
ROLLING_PREFIX = "nianbao-rolling-"
SIDE_FILES = ("-wal", "-shm")
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"

Fingerprint = tuple[object, ...]


# ---------------------------------------------------------------- private files


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) with the new folders 0700; an existing folder is left as it is."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    if _POSIX:
        for folder in missing:
            with contextlib.suppress(OSError):
                os.chmod(folder, PRIVATE_DIR)


def make_private(path: Path) -> None:
    """Best effort: 0600 for a file of ours (a FAT stick or an immutable file may refuse)."""
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        if stat_module.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
            os.chmod(path, PRIVATE_FILE)


def make_database_private(path: Path) -> None:
    """The database and its -wal/-shm, as they are now."""
    for file in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        if file.exists():
            make_private(file)


def make_copies_private(data_dir: Path) -> None:
    """The backups folder 0700, and 0600 for every copy in it and beside the database (left by a
    version that made them readable to every local user)."""
    if not _POSIX:
        return
    folder = data_dir / BACKUP_DIR
    if folder.is_dir():
        with contextlib.suppress(OSError):
            os.chmod(folder, PRIVATE_DIR)
        for copy in folder.glob("*.sqlite3*"):
            make_private(copy)
    for copy in data_dir.glob(f"{DB_NAME}.*"):
        make_private(copy)


def create_private(path: Path) -> None:
    """An empty file at ``path``, 0600, if there is none (SQLite then opens it as an empty database)."""
    if not _POSIX:
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))


def uri(path: Path, query: str) -> str:
    """A SQLite URI for ``path`` (relative paths too; non-ASCII names are percent-encoded)."""
    return f"{path.absolute().as_uri()}?{query}"


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``, written atomically."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{id(source):x}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        create_private(tmp)
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


def fingerprint(conn: sqlite3.Connection) -> Fingerprint:
    """What changes whenever a report, a snapshot or the schema changes: cheap (indexes and maxima).

    Every write of a report moves its ``modified``; snapshots only grow in id; a purge lowers a count.
    """
    try:
        return tuple(
            conn.execute(
                "SELECT (SELECT user_version FROM pragma_user_version), count(*), max(modified), max(id), "
                "(SELECT count(*) FROM snapshots), (SELECT max(id) FROM snapshots) FROM reports"
            ).fetchone()
        )
    except sqlite3.Error:
        return ()  # not a database of ours (yet): nothing worth a copy


def holds_nothing(taken: Fingerprint) -> bool:
    """The fingerprint of a database without reports or snapshots (or not one of ours)."""
    return len(taken) < 6 or (taken[1] == 0 and taken[4] == 0)


def fingerprint_of(path: Path | None) -> Fingerprint | None:
    if path is None:
        return None
    try:
        conn = sqlite3.connect(uri(path, "mode=ro&immutable=1"), uri=True)
        try:
            return fingerprint(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def report_count(path: Path) -> int:
    """How many reports the copy at ``path`` holds (0 when it cannot be read)."""
    try:
        conn = sqlite3.connect(uri(path, "mode=ro&immutable=1"), uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


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
            make_private(moved.with_name(moved.name + suffix))
    os.replace(path, moved)
    make_private(moved)
    return moved


def candidate_copies(data_dir: Path) -> list[Path]:
    """Every copy that might be restored, newest first: rolling and daily backups, copies made before migrations."""
    found = list((data_dir / BACKUP_DIR).glob("nianbao-*.sqlite3"))
    found += [p for p in data_dir.glob(f"{DB_NAME}.bak-*") if not p.name.endswith(SIDE_FILES)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def last_good_copy(data_dir: Path) -> Path | None:
    """The newest copy that passes the check and is a database of this program."""
    return next((p for p in candidate_copies(data_dir) if is_healthy(p) and holds_reports(p)), None)


def rolling_copies(data_dir: Path) -> list[Path]:
    """The rolling backups, newest first (their names carry the time)."""
    return sorted((data_dir / BACKUP_DIR).glob(f"{ROLLING_PREFIX}*.sqlite3"), reverse=True)


def rolling_backup(path: Path, data_dir: Path, busy_timeout: float = 5.0) -> tuple[Path, Fingerprint] | None:
    """A rolling copy of the database at ``path`` (through its own read-only connection, so writers
    go on meanwhile); the copy is checked, and the oldest beyond ``ROLLING_KEEP`` are removed.

    Returns the copy and its fingerprint, or ``None`` when the copy fails the check (the live file
    is damaged: the older, good copies are kept).  Raises ``OSError`` / ``sqlite3.Error``.
    """
    folder = data_dir / BACKUP_DIR
    make_private_dir(folder)
    target = folder / f"{ROLLING_PREFIX}{datetime.now():%Y%m%d-%H%M%S-%f}.sqlite3"
    copy_file(path, target, busy_timeout)
    if not is_healthy(target):
        target.unlink(missing_ok=True)
        return None
    taken = fingerprint_of(target)
    for old in rolling_copies(data_dir)[ROLLING_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target, taken or ()


def daily_backup(source: sqlite3.Connection, data_dir: Path) -> Path | None:
    """Once a day, keep a copy in ``backups/``; the oldest beyond ``DAILY_KEEP`` are removed.

    Best effort: a full disk must not stop the clerk from opening the app.
    """
    folder = data_dir / BACKUP_DIR
    target = folder / f"nianbao-{datetime.now():%Y-%m-%d}.sqlite3"
    if target.exists():
        return None
    try:
        make_private_dir(folder)
        copy_database(source, target)
    except (OSError, sqlite3.Error):
        return None
    for old in sorted(folder.glob("nianbao-????-??-??.sqlite3"), reverse=True)[DAILY_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target
