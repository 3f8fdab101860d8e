"""The local database of reports: every edit saved at once, in one SQLite file.

One file ``<data_dir>/nianbao.sqlite3`` in WAL mode with ``synchronous=FULL``:
a save that has returned survives a killed process and a power cut.  Every
write is one short ``BEGIN IMMEDIATE`` transaction, so two running instances
queue on the lock (busy timeout) instead of failing or corrupting the file.

The WAL is checkpointed into the main file after each burst of edits and on
close, so that the main file alone holds every acknowledged edit within a
second or two (a -wal file can be lost: copied without, deleted by a tool).
Rolling backups hold the work up to the last close and, while editing, up to
the last few minutes (:meth:`Store.on_idle`).  A damaged file is recovered at
open from the newest good copy plus whatever can still be read from it.

Use one :class:`Store` per process; it may be called from several threads (a
lock serialises the calls).
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from sqlite_utils import Database

from nianbao import model
from nianbao.checker import check, count
from nianbao.editions import EDITIONS, edition_for_year, get_edition
from nianbao.exchange import ExchangeError
from nianbao.model import (
    Report,
    TotalCorrection,
    Unparsed,
    Value,
    derive_values,
    describe_corrections,
    totals_touched,
)
from nianbao.spec import Edition
from nianbao.text import next_year_text
from storage import codec, database_files, schema
from storage.errors import (
    CorruptDatabaseError,
    DamagedReportError,
    NewerDatabaseError,
    ReportExistsError,
    ReportNotFoundError,
    StorageError,
    StorageWriteError,
    os_error,
    write_error,
)
from storage.paths import resolve_data_dir
from storage.reading import read_report
from storage.salvage import DamagedFile, Salvage, SalvagedReport, local_time, read_damaged, report_name

__all__ = [
    "CorruptDatabaseError",
    "DamagedReportError",
    "ImportResult",
    "NewerDatabaseError",
    "ReportExistsError",
    "ReportNotFoundError",
    "ReportSummary",
    "SnapshotInfo",
    "StorageError",
    "StorageWriteError",
    "Store",
    "resolve_data_dir",
]

BUSY_TIMEOUT = 5.0  # seconds a write waits for another instance's lock
AUTOMATIC_SNAPSHOTS_KEPT = 30  # per report; the clerk's own snapshots are never removed
META_FIELDS = {"agency": str, "year": int, "title": str, "preamble": str}
CHECKPOINT_PAUSE = 1.0  # seconds: a write later than this after the last checkpoint is checkpointed at once
ROLLING_EVERY = 120.0  # seconds between rolling backups while editing (on_idle)
CLOSE_BUSY_MS = 1000  # how long close waits for another instance's readers before truncating the WAL
OnConflict = Literal["ask", "replace", "keep_both"]


@dataclass(frozen=True)
class ReportSummary:
    id: int
    agency: str
    year: int
    edition: str
    title: str  # the display title (the conventional one when none was set)
    modified: datetime  # timezone-aware, UTC
    errors: int
    warnings: int
    deleted: bool


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    report_id: int
    name: str
    created: datetime  # timezone-aware, UTC
    automatic: bool = False  # made by the program (before a restore, an import, an export)


class ImportResult(tuple[int, bool]):
    """What :meth:`Store.import_report` returns: ``(report_id, replaced)`` as it always has, and
    ``corrected``, the totals that did not hold the sum of their parts and were derived
    (``corrections_message`` says them in Chinese, empty when there were none)."""

    corrected: list[TotalCorrection]
    corrections_message: str

    def __new__(cls, report_id: int, replaced: bool, corrected: list[TotalCorrection], message: str) -> ImportResult:
        result = super().__new__(cls, (report_id, replaced))
        result.corrected = corrected
        result.corrections_message = message
        return result

    @property
    def report_id(self) -> int:
        return self[0]

    @property
    def replaced(self) -> bool:
        return self[1]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _stamp_or_epoch(text: object) -> datetime:
    """A stored time; a damaged one lists the report as the oldest instead of failing the whole list."""
    try:
        return _time(text) if isinstance(text, str) else datetime.fromtimestamp(0, timezone.utc)
    except ValueError:
        return datetime.fromtimestamp(0, timezone.utc)


class Store:
    path: Path
    data_dir: Path

    def __init__(self, db: Database, path: Path, busy_timeout: float):
        self.db = db
        self.path = path
        self.data_dir = path.parent
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._closed = False
        self._last_checkpoint = -math.inf  # time.monotonic() of the last checkpoint
        self._checkpoint_pending = False  # committed writes may be in the WAL only
        self._last_rolling = -math.inf  # the ``now`` of on_idle's last rolling backup
        self._written_since_backup = False
        self._backed_up: database_files.Fingerprint | None = None  # what the newest rolling backup holds
        self._backup_thread: threading.Thread | None = None

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None, *, busy_timeout: float = BUSY_TIMEOUT) -> Store:
        """Open (or create) the database, checking and migrating it first.

        Raises :class:`NewerDatabaseError`, :class:`StorageWriteError` or
        :class:`CorruptDatabaseError`: the file was damaged, or empty (0 bytes) while
        the backups hold reports.  It has been moved aside and, as a rule, already
        recovered: a fresh database from the newest good copy, plus every report
        still readable in the damaged file.  The error's message says what was saved
        and what was not; opening again opens the recovered database.
        """
        path = resolve_data_dir(data_dir) / database_files.DB_NAME
        problem = _inspect(path, busy_timeout) if path.exists() else None
        if problem is not None:
            raise cls._recover_from_damage(path, busy_timeout, empty=problem == "empty")
        return cls._open_inspected(path, busy_timeout)

    @classmethod
    def _open_inspected(cls, path: Path, busy_timeout: float) -> Store:
        database_files.create_private(path)  # before SQLite creates it, and its -wal and -shm with its mode
        database_files.make_database_private(path)  # files left by a version that made them readable to all
        database_files.make_copies_private(path.parent)
        conn = _connect(path, busy_timeout)
        try:
            db = Database(conn)
            _prepare(db, path, busy_timeout)
        except BaseException:
            conn.close()
            raise
        store = cls(db, path, busy_timeout)
        database_files.daily_backup(conn, store.data_dir)
        rolling = database_files.rolling_copies(store.data_dir)
        store._backed_up = database_files.fingerprint_of(rolling[0] if rolling else None)
        return store

    @classmethod
    def _recover_from_damage(cls, path: Path, busy_timeout: float, empty: bool) -> CorruptDatabaseError:
        """Move the damaged file aside, rebuild from the newest good copy and salvage what can be read."""
        try:
            moved = database_files.move_aside(path)
        except OSError as e:
            raise StorageError(
                f"数据文件 {path} 已损坏，且无法移到一旁（{e.strerror}）。请关闭程序后手动处理。"
            ) from None
        base = database_files.last_good_copy(path.parent)
        try:
            if base is not None:
                database_files.copy_file(base, path, busy_timeout)
            with cls._open_inspected(path, busy_timeout) as store:
                salvage = store._salvage(read_damaged(moved), moved, base, empty)
        except (StorageError, OSError, sqlite3.Error) as e:
            with contextlib.suppress(OSError):
                if path.exists():
                    database_files.move_aside(path, "unfinished")
            return _corrupt_unrecovered(moved, base, e)
        return CorruptDatabaseError(salvage.message(), moved, None, base, salvage)

    @classmethod
    def recover(cls, copy: str | os.PathLike, data_dir: str | os.PathLike | None = None) -> Store:
        """Put a copy (the ``last_good`` of a :class:`CorruptDatabaseError`) in place and open it.

        A database already in place is moved aside first, never overwritten.
        """
        path = resolve_data_dir(data_dir) / database_files.DB_NAME
        copy = Path(copy)
        if not database_files.is_healthy(copy):
            raise StorageError(f"备份文件 {copy} 无法读取或已损坏，不能用来恢复")
        if not database_files.holds_reports(copy):
            raise StorageError(f"{copy} 不是年报助手的数据库备份，不能用来恢复；当前数据库未作改动")
        try:
            if path.exists():
                database_files.move_aside(path, "replaced")
            database_files.copy_file(copy, path)
        except OSError as e:
            raise os_error(e, path) from None
        except sqlite3.Error as e:
            raise write_error(e, path, BUSY_TIMEOUT) from None
        return cls.open(path.parent)

    def close(self) -> None:
        """Checkpoint the WAL into the main file (and truncate it), make a rolling backup if anything
        changed since the last one, and close.  Best effort beyond closing: nothing here can fail."""
        self.wait_for_backup()
        with self._lock:
            if self._closed:
                return
            with contextlib.suppress(sqlite3.Error):
                self.db.conn.execute(f"PRAGMA busy_timeout = {CLOSE_BUSY_MS}")
                self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            with contextlib.suppress(OSError, sqlite3.Error, StorageError):
                self.rolling_backup()
            self._closed = True
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on this connection: it changes when another connection (another
        process: the command line, a second program) commits, never for this store's own writes. Cheap."""
        with self._lock:
            try:
                return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as e:
                raise write_error(e, self.path, self.busy_timeout) from None

    @property
    def schema_version(self) -> int:
        return schema.version(self.db)

    # ------------------------------------------------------------ checkpoints and rolling backups

    def on_idle(self, now: float | None = None) -> bool:
        """Call when the clerk pauses (the GUI: on idle, e.g. a second after the last keystroke).

        Checkpoints the edits still only in the WAL, and — at most every ``ROLLING_EVERY``
        seconds, and only if anything changed since the newest rolling backup — starts a rolling
        backup on a thread of its own (the copy reads through its own connection: writes go on).
        Without any change it costs two comparisons.  ``now``: ``time.monotonic()`` unless given.
        Returns whether a backup was started.
        """
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._closed:
                return False
            if self._checkpoint_pending:
                self._checkpoint()
            if self._backup_running() or now - self._last_rolling < ROLLING_EVERY:
                return False
            if not self._changed_since_backup():
                return False
            self._last_rolling = now
            self._written_since_backup = False
            self._backup_thread = threading.Thread(target=self._rolling_job, name="nianbao-rolling-backup", daemon=True)
            self._backup_thread.start()
            return True

    def rolling_backup(self) -> Path | None:
        """A rolling backup now, if anything changed since the newest one; returns the copy or None.

        Made in ``backups/nianbao-rolling-<time>.sqlite3``; the newest ``ROLLING_KEEP`` are kept.
        Raises ``OSError`` / ``sqlite3.Error`` when the copy cannot be written.
        """
        self.wait_for_backup()
        with self._lock:
            if not self._changed_since_backup():
                return None
            self._written_since_backup = False
        return self._rolling_job(raise_errors=True)

    def wait_for_backup(self, timeout: float | None = None) -> None:
        """Until the rolling backup started by :meth:`on_idle` (if any) has finished."""
        thread = self._backup_thread
        if thread is not None:
            thread.join(timeout)

    def _backup_running(self) -> bool:
        return self._backup_thread is not None and self._backup_thread.is_alive()

    def _changed_since_backup(self) -> bool:
        if self._written_since_backup:
            return True
        now = database_files.fingerprint(self.db.conn)
        if self._backed_up is None:  # no rolling backup yet: one is worth making once there is something
            return not database_files.holds_nothing(now)
        return now != self._backed_up

    def _rolling_job(self, raise_errors: bool = False) -> Path | None:
        try:
            made = database_files.rolling_backup(self.path, self.data_dir, self.busy_timeout)
        except (OSError, sqlite3.Error):
            with self._lock:
                self._written_since_backup = True  # try again next time
            if raise_errors:
                raise
            return None
        if made is None:  # the copy failed its check: the older, good ones stay
            return None
        with self._lock:
            self._backed_up = made[1]
        return made[0]

    def _after_commit(self) -> None:
        """A write has committed: checkpoint it at once, unless the last checkpoint was a moment ago
        (a burst of edits: then the next write after the pause, :meth:`on_idle` or close does it)."""
        self._written_since_backup = True
        if time.monotonic() - self._last_checkpoint >= CHECKPOINT_PAUSE:
            self._checkpoint()
        else:
            self._checkpoint_pending = True

    def _checkpoint(self) -> None:
        """PASSIVE: copies what it can without waiting for anyone; a reader in the way leaves the rest pending."""
        self._last_checkpoint = time.monotonic()
        try:
            busy, logged, copied = self.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            self._checkpoint_pending = True
            return
        self._checkpoint_pending = bool(busy) or copied < logged

    # ------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; SQLite failures become :class:`StorageWriteError`."""
        with self._lock:
            conn = self.db.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                self._after_commit()
            except sqlite3.Error as e:
                raise write_error(e, self.path, self.busy_timeout) from None
            except UnicodeEncodeError:  # a lone UTF-16 surrogate, which no UTF-8 file can hold
                raise StorageError(
                    "内容中有无法保存的字符（单独的 UTF-16 代理项，常见于从别处粘贴的乱码），请删除这个字符后再保存。"
                ) from None

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """Several reads from one consistent state of the database."""
        with self._lock:
            conn = self.db.conn
            try:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise write_error(e, self.path, self.busy_timeout) from None

    # ------------------------------------------------------------ reading

    def list_reports(self, include_deleted: bool = False) -> list[ReportSummary]:
        """Newest modified first."""
        where = "" if include_deleted else "WHERE deleted IS NULL"
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, agency, year, edition, title, modified, errors, warnings, deleted IS NOT NULL "
                f"FROM reports {where} ORDER BY modified DESC, id DESC"
            ).fetchall()
        return [
            ReportSummary(
                id, agency, year, edition, title or model.default_title(agency, year), _stamp_or_epoch(m), e, w, bool(d)
            )
            for id, agency, year, edition, title, m, e, w, d in rows
        ]

    def load(self, report_id: int) -> Report:
        """The stored report, checked as it is read: a damaged one raises :class:`DamagedReportError`
        (naming it, and offering its newest readable snapshot)."""
        with self._read() as conn:
            return _load(conn, report_id)

    def find(self, agency: str, year: int) -> int | None:
        """The report for ``agency`` and ``year`` (the latest modified one if there are several), not deleted."""
        with self._read() as conn:
            return _find(conn, agency, year)

    def previous_year(self, report_id: int) -> Report | None:
        """The same agency's report for the year before (for X1/X2), or None."""
        with self._read() as conn:
            agency, year = _identity(conn, report_id)
            return _previous(conn, agency, year)

    # ------------------------------------------------------------ creating

    def create_report(self, report: Report, carry_forward: bool = True) -> tuple[int, list[str]]:
        """Store a new report; returns its id and the keys filled from last year (carry-forward).

        With ``carry_forward``, last year's ``四、结转下年度继续办理`` of the same
        agency fills this year's ``二、上年结转`` (only blank cells).  Every computed
        total is derived from its parts (:func:`nianbao.model.derive_values`).
        ``report`` itself is updated with both.
        """
        with self._write() as conn:
            previous = _previous(conn, report.agency, report.year)
            filled = model.carry_forward(previous, report) if carry_forward and previous else []
            return _insert(conn, report, previous)[0], filled

    def import_report(self, report: Report, on_conflict: OnConflict = "ask", snapshot_name: str = "") -> ImportResult:
        """Store an imported report; returns its id and whether it replaced an existing one
        (an :class:`ImportResult`, which also says which totals were corrected).

        The one rule for an import when the same agency already has a report for that year:
        ``"ask"`` raises :class:`ReportExistsError` (carrying the existing id) and writes nothing;
        ``"replace"`` snapshots the existing report (``snapshot_name`` or an automatic name), then
        overwrites it; ``"keep_both"`` stores the import as another report.  Nothing is carried forward.
        Computed totals that contradict their parts are derived (``report`` is updated too).
        """
        if on_conflict not in ("ask", "replace", "keep_both"):
            raise ValueError(f"on_conflict: {on_conflict!r}")
        with self._write() as conn:
            existing = _find(conn, report.agency, report.year)
            if existing is None or on_conflict == "keep_both":
                report_id, corrected = _insert(conn, report, _previous(conn, report.agency, report.year))
                return ImportResult(report_id, False, corrected, describe_corrections(report.spec, corrected))
            if on_conflict == "replace":
                _snapshot_before(conn, existing, snapshot_name or f"导入前自动保存 {_local_stamp()}")
                corrected = _replace(conn, existing, report)
                return ImportResult(existing, True, corrected, describe_corrections(report.spec, corrected))
            raise ReportExistsError(f"{report.agency} {report.year}年度的报告已存在（编号 {existing}）", existing)

    def duplicate(self, report_id: int, year: int | None = None) -> int:
        """A copy of the report.  For another year ("复制为下一年度"): a new report of that year
        with the texts and preamble (the year in title and preamble moved on), no numbers, and
        ``二、上年结转`` carried forward from the stored previous year."""
        with self._write() as conn:
            source = _load(conn, report_id)
            if year is None or year == source.year:
                return _insert(conn, source, _previous(conn, source.agency, source.year))[0]
            copy = _next_year_copy(source, year)
            previous = _previous(conn, copy.agency, copy.year)
            if previous is not None:
                model.carry_forward(previous, copy)
            return _insert(conn, copy, previous)[0]

    # ------------------------------------------------------------ editing

    def save_cell(self, report_id: int, key: str, value: Value) -> None:
        """Save one cell at once (None: blank)."""
        self.save_cells(report_id, {key: value})

    def save_cells(self, report_id: int, values: dict[str, Value]) -> dict[str, Value]:
        """Save several cells in one transaction (a paste, computed totals).

        Every computed total among ``values``, or depending on one of them, is stored as the sum
        of its parts (see :func:`nianbao.model.derive_values`), whatever ``values`` says about it.
        Returns the totals stored differently from what ``values`` gave (or, for totals it did not
        mention, from what was stored): empty when the caller derived them as the store does.
        """
        if not values:
            return {}
        with self._write() as conn:
            spec = get_edition(_edition(conn, report_id))
            for key in values:
                if key not in spec.cells_by_key:
                    raise KeyError(f"报告 {report_id} 的格式版本中没有单元格 {key}")
            for value in values.values():
                if value is not None:
                    codec.encode_value(value)  # refuse a wrong type before anything is written
            touched = totals_touched(spec, values)
            merged = _stored_values(conn, report_id, spec, touched)
            for key, value in values.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            derived: dict[str, Value] = {c.key: c.after for c in derive_values(spec, merged, touched)}
            _put_cells(conn, report_id, {**values, **derived})
            _touch(conn, report_id)
            return derived

    def save_text(self, report_id: int, section_id: str, text: str) -> None:
        """Save one text section ("一", "五", "六")."""
        if not isinstance(text, str):
            raise TypeError("正文应为文字")
        with self._write() as conn:
            spec = get_edition(_edition(conn, report_id))
            if section_id not in {s.id for s in spec.text_sections}:
                raise KeyError(f"报告 {report_id} 的格式版本中没有文字部分“{section_id}”")
            _put_text(conn, report_id, section_id, text)
            _touch(conn, report_id)

    def save_meta(self, report_id: int, **fields: object) -> None:
        """Save identity fields: ``agency=``, ``year=``, ``title=``, ``preamble=``."""
        for name, value in fields.items():
            kind = META_FIELDS.get(name)
            if kind is None:
                raise TypeError(f"save_meta 不接受字段 {name}（可用：{'、'.join(META_FIELDS)}）")
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"{name} 应为 {kind.__name__}")
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._write() as conn:
            _edition(conn, report_id)
            conn.execute(f"UPDATE reports SET {assignments} WHERE id = ?", (*fields.values(), report_id))
            _touch(conn, report_id)

    def rename(self, report_id: int, agency: str) -> None:
        self.save_meta(report_id, agency=agency)

    def save_counts(self, report_id: int, errors: int, warnings: int) -> None:
        """Errors and warnings for the list (the GUI passes its LiveCheck counts).

        Unchanged counts write nothing (opening a report must not make it "modified").
        """
        with self._write() as conn:
            _edition(conn, report_id)
            changed = conn.execute(
                "UPDATE reports SET errors = ?, warnings = ? WHERE id = ? AND (errors != ? OR warnings != ?)",
                (errors, warnings, report_id, errors, warnings),
            ).rowcount
            if changed:
                _touch(conn, report_id)

    def replace_report(self, report_id: int, report: Report, snapshot_name: str = "") -> list[TotalCorrection]:
        """Replace the whole content of a stored report (an import with "replace").

        The current content is snapshotted first (``snapshot_name`` or an automatic name).
        Returns the totals derived because they contradicted their parts.
        """
        with self._write() as conn:
            _snapshot_before(conn, report_id, snapshot_name or f"替换前自动保存 {_local_stamp()}")
            return _replace(conn, report_id, report)

    # ------------------------------------------------------------ trash

    def delete(self, report_id: int) -> None:
        """Move to the trash (``restore`` brings it back)."""
        self._set_deleted(report_id, _now())

    def restore(self, report_id: int) -> None:
        self._set_deleted(report_id, None)

    def _set_deleted(self, report_id: int, when: str | None) -> None:
        with self._write() as conn:
            _edition(conn, report_id)
            conn.execute("UPDATE reports SET deleted = ? WHERE id = ?", (when, report_id))
            _touch(conn, report_id)

    def purge(self, report_id: int) -> None:
        """Remove a report from the trash for good, with its snapshots."""
        with self._write() as conn:
            deleted = conn.execute("SELECT deleted FROM reports WHERE id = ?", (report_id,)).fetchone()
            if deleted is None:
                raise ReportNotFoundError(f"找不到编号为 {report_id} 的报告")
            if deleted[0] is None:
                raise StorageError("只能彻底删除回收站中的报告，请先删除")
            conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    # ------------------------------------------------------------ snapshots

    def snapshot(self, report_id: int, name: str, automatic: bool = False) -> int:
        """A named copy of the report as it is now (e.g. ``送审稿 2027-01-10``).

        Pass ``automatic=True`` for the snapshot taken on every export.
        """
        with self._write() as conn:
            return _snapshot(conn, report_id, name, automatic)

    def list_snapshots(self, report_id: int) -> list[SnapshotInfo]:
        """Newest first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, report_id, name, created, automatic FROM snapshots WHERE report_id = ? "
                "ORDER BY created DESC, id DESC",
                (report_id,),
            ).fetchall()
        return [SnapshotInfo(id, rid, name, _time(created), bool(auto)) for id, rid, name, created, auto in rows]

    def restore_snapshot(self, snapshot_id: int) -> list[TotalCorrection]:
        """Bring the report back to the snapshot; the current state is snapshotted first (undoable).

        Also the way to repair a :class:`DamagedReportError`: what can still be read of the damaged
        report is snapshotted first.  Returns the totals derived because they contradicted their parts.
        """
        with self._write() as conn:
            row = conn.execute("SELECT report_id, name, data FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
            if row is None:
                raise ReportNotFoundError(f"找不到编号为 {snapshot_id} 的快照")
            report_id, name, data = row
            try:
                restored = codec.report_from_json(data)
            except ExchangeError as e:
                raise StorageError(f"快照“{name}”无法读取：{e}") from None
            _snapshot_before(conn, report_id, f"恢复“{name}”前自动保存 {_local_stamp()}")
            return _replace(conn, report_id, restored)

    # ------------------------------------------------------------ copies

    # ------------------------------------------------------------ after damage

    def _salvage(self, damaged: DamagedFile, moved: Path, base: Path | None, empty: bool) -> Salvage:
        """Put every report read from the damaged file into this (fresh) database; say what became of each.

        A report both here (from the backup) and in the damaged file keeps the newer version;
        what only partly survived keeps the backup's version and its readable part as a snapshot.
        """
        outcome = Salvage(moved, base, empty=empty, readable=damaged.readable)
        with self._write() as conn:
            in_base = {row[0]: row for row in conn.execute("SELECT id, agency, year, created, modified FROM reports")}
            found: set[int] = set()
            needing_an_id = []  # their id is another report's in the backup: stored last, under new ids
            for salvaged in damaged.reports:
                kept = in_base.get(salvaged.id)
                if kept is None:
                    _salvage_new(conn, salvaged, salvaged.id, outcome)
                elif salvaged.created is None or salvaged.created == kept[3]:
                    found.add(salvaged.id)
                    _salvage_over_backup(conn, salvaged, kept, outcome)
                else:
                    needing_an_id.append(salvaged)
            for salvaged in needing_an_id:
                _salvage_new(conn, salvaged, None, outcome)
            for report_id, agency, year, *_ in in_base.values():
                if report_id not in found:
                    outcome.backup_only.append(f"{agency} {year}年度（编号 {report_id}）")
        return outcome

    def backup(self, target: str | os.PathLike) -> None:
        """A consistent copy of the whole database at ``target`` (SQLite backup API)."""
        target = Path(target)
        with self._lock:
            try:
                database_files.copy_database(self.db.conn, target)
            except OSError as e:
                raise os_error(e, target) from None
            except sqlite3.Error as e:
                raise write_error(e, target, self.busy_timeout) from None


# ---------------------------------------------------------------- opening


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as e:
        raise write_error(e, path, busy_timeout) from None
    return conn


def _inspect(path: Path, busy_timeout: float) -> Literal["damaged", "empty"] | None:
    """Check an existing file through a read-only connection, so a refused file is left exactly as it was.

    ``"damaged"``: it fails the check; ``"empty"``: it holds nothing (a 0-byte file) while a good
    copy holds reports — the file lost its content, it is not a database being created.
    """
    try:
        conn = sqlite3.connect(
            database_files.uri(path, "mode=ro"), uri=True, timeout=busy_timeout, isolation_level=None
        )
        try:
            healthy = database_files.quick_check(conn)
            empty = healthy and not _has_tables(conn)
            newer = healthy and schema.is_newer(Database(conn))
            version = schema.user_version(Database(conn)) if newer else 0
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise write_error(e, path, busy_timeout) from None
    if not healthy:
        return "damaged"
    if empty:
        last_good = database_files.last_good_copy(path.parent)
        return "empty" if last_good is not None and database_files.report_count(last_good) else None
    if newer:
        raise NewerDatabaseError(
            f"数据文件 {path} 由更新版本的年报助手写入（数据结构版本 {version}，"
            f"本程序只支持到 {schema.SCHEMA_VERSION}）。为保护数据，本程序没有改动它。请升级年报助手后再打开。"
        )
    return None


def _prepare(db: Database, path: Path, busy_timeout: float) -> None:
    """WAL, connection settings and pending migrations (the file has passed :func:`_inspect`)."""
    conn = db.conn
    try:
        if db.journal_mode != "wal":
            db.enable_wal()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if schema.version(db) < schema.SCHEMA_VERSION:
            _migrate(db, path, busy_timeout)
    except sqlite3.Error as e:
        raise write_error(e, path, busy_timeout) from None


def _migrate(db: Database, path: Path, busy_timeout: float, upto: int | None = None) -> None:
    """Apply pending migrations under the write lock; an existing database is copied aside first."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema.version(db)  # again, under the lock: another instance may have migrated
        if current < (upto if upto is not None else schema.SCHEMA_VERSION):
            if _has_tables(conn):
                database_files.copy_file(
                    path, path.with_name(f"{path.name}.bak-{database_files.stamp()}-v{current}"), busy_timeout
                )
            schema.migrate(db, upto)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _corrupt_unrecovered(moved: Path, last_good: Path | None, why: BaseException) -> CorruptDatabaseError:
    """The damaged file is aside but the automatic recovery failed (a full disk …): offer the copy, as before."""
    reason = str(why) if isinstance(why, StorageError) else getattr(why, "strerror", None) or str(why)
    offer = (
        f"最近一份完好的备份是 {last_good}（{datetime.fromtimestamp(last_good.stat().st_mtime):%Y-%m-%d %H:%M}），可以用它恢复。"
        if last_good
        else "没有找到可用的备份；再次打开将从空白数据开始。"
    )
    return CorruptDatabaseError(
        f"数据文件已损坏，无法读取。损坏的文件已移到 {moved}，以便日后排查。自动恢复未能完成（{reason}）。{offer}",
        moved,
        last_good,
    )


# ---------------------------------------------------------------- rows


def _local_stamp() -> str:
    return f"{datetime.now():%Y-%m-%d %H:%M}"


def _edition(conn: sqlite3.Connection, report_id: int) -> str:
    row = conn.execute("SELECT edition FROM reports WHERE id = ?", (report_id,)).fetchone()
    if row is None:
        raise ReportNotFoundError(f"找不到编号为 {report_id} 的报告")
    return row[0]


def _identity(conn: sqlite3.Connection, report_id: int) -> tuple[str, int]:
    row = conn.execute("SELECT agency, year FROM reports WHERE id = ?", (report_id,)).fetchone()
    if row is None:
        raise ReportNotFoundError(f"找不到编号为 {report_id} 的报告")
    return row


def _touch(conn: sqlite3.Connection, report_id: int) -> None:
    conn.execute("UPDATE reports SET modified = ? WHERE id = ?", (_now(), report_id))


def _find(conn: sqlite3.Connection, agency: str, year: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM reports WHERE agency = ? AND year = ? AND deleted IS NULL ORDER BY modified DESC, id DESC",
        (agency, year),
    ).fetchone()
    return row[0] if row else None


def _previous(conn: sqlite3.Connection, agency: str, year: int) -> Report | None:
    """Last year's report for carry-forward and X1/X2: what can be read of it, even if part is damaged."""
    found = _find(conn, agency, year - 1)
    return read_report(conn, found)[0] if found is not None else None


def _load(conn: sqlite3.Connection, report_id: int) -> Report:
    report, problems = read_report(conn, report_id)
    if report is None or problems:
        raise _damaged(conn, report_id, problems)
    return report


def _damaged(conn: sqlite3.Connection, report_id: int, problems: list[str]) -> DamagedReportError:
    try:
        agency, year = conn.execute("SELECT agency, year FROM reports WHERE id = ?", (report_id,)).fetchone()
    except sqlite3.Error:
        agency = year = None
    name = f"{agency} {year}年度（编号 {report_id}）" if isinstance(agency, str) else f"编号 {report_id}"
    shown = "；".join(problems[:3]) + (f"；另有 {len(problems) - 3} 处" if len(problems) > 3 else "")
    snapshot = _last_readable_snapshot(conn, report_id)
    if snapshot is None:
        offer = "它没有可以恢复的快照；其他报告不受影响。"
    else:
        snapshot_id, snapshot_name, created = snapshot
        offer = (
            f"可以恢复它最近的快照“{snapshot_name}”（{_time(created).astimezone():%Y-%m-%d %H:%M}）；"
            "恢复前，仍能读出的内容会另存为一个快照。"
        )
    return DamagedReportError(
        f"报告“{name}”的数据已损坏，无法打开：{shown}。{offer}",
        report_id,
        name,
        snapshot[0] if snapshot else None,
        problems,
    )


def _last_readable_snapshot(conn: sqlite3.Connection, report_id: int) -> tuple[int, str, str] | None:
    rows = conn.execute(
        "SELECT id, name, created, data FROM snapshots WHERE report_id = ? ORDER BY created DESC, id DESC",
        (report_id,),
    )
    for snapshot_id, name, created, data in rows:
        try:
            codec.report_from_json(data)
        except ExchangeError:
            continue
        return snapshot_id, name, created
    return None


def _stored_values(conn: sqlite3.Connection, report_id: int, spec: Edition, totals: set[str]) -> dict[str, Value]:
    """The stored cells that ``totals`` are derived from, and the totals themselves.

    A cell that cannot be read counts as text (not a number) in the sums.
    """
    if not totals:
        return {}
    needed = sorted(totals.union(*(spec.computed_by_key[t].parts for t in totals)))
    cells = spec.cells_by_key
    values: dict[str, Value] = {}
    rows = conn.execute(
        f"SELECT key, value, unparsed FROM cells WHERE report_id = ? AND key IN ({', '.join('?' * len(needed))})",
        (report_id, *needed),
    )
    for key, text, reason in rows:
        cell = cells[key]
        try:
            values[key] = codec.decode_value(text, reason, cell.kind)
        except ExchangeError:
            values[key] = Unparsed(str(text), "无法读取")
    return values


def _counts(report: Report, previous: Report | None) -> tuple[int, int]:
    """What the list shows: the checker's findings (a reader's deviations are never stored)."""
    return count(check(report, previous))


def _insert(
    conn: sqlite3.Connection, report: Report, previous: Report | None, report_id: int | None = None
) -> tuple[int, list[TotalCorrection]]:
    """A new report row with its content (``report_id``: a free id to use, as a salvage does)."""
    corrected = report.derive_totals()
    now = _now()
    errors, warnings = _counts(report, previous)
    cursor = conn.execute(
        "INSERT INTO reports (id, agency, year, edition, title, preamble, created, modified, errors, warnings) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (report_id, report.agency, report.year, report.edition, report.title, report.preamble)
        + (now, now, errors, warnings),
    )
    report_id = cursor.lastrowid
    assert report_id is not None
    _write_content(conn, report_id, report)
    return report_id, corrected


def _known_keys() -> set[str]:
    return {key for edition in EDITIONS.values() for key in edition.cells_by_key}


def _write_content(conn: sqlite3.Connection, report_id: int, report: Report) -> None:
    conn.executemany(
        "INSERT INTO cells (report_id, key, value, unparsed) VALUES (?, ?, ?, ?)",
        [(report_id, key, *codec.encode_value(v)) for key, v in report.values.items() if v is not None],
    )
    for section, text in report.texts.items():
        _put_text(conn, report_id, section, text)


def _put_cells(conn: sqlite3.Connection, report_id: int, values: dict[str, Value]) -> None:
    conn.executemany(
        "DELETE FROM cells WHERE report_id = ? AND key = ?", [(report_id, k) for k, v in values.items() if v is None]
    )
    conn.executemany(
        "INSERT OR REPLACE INTO cells (report_id, key, value, unparsed) VALUES (?, ?, ?, ?)",
        [(report_id, k, *codec.encode_value(v)) for k, v in values.items() if v is not None],
    )


def _put_text(conn: sqlite3.Connection, report_id: int, section: str, text: str) -> None:
    if text:
        conn.execute(
            "INSERT OR REPLACE INTO texts (report_id, section, text) VALUES (?, ?, ?)", (report_id, section, text)
        )
    else:
        conn.execute("DELETE FROM texts WHERE report_id = ? AND section = ?", (report_id, section))


def _replace(conn: sqlite3.Connection, report_id: int, report: Report) -> list[TotalCorrection]:
    """Overwrite identity, numbers and texts of a stored report, keeping its id, snapshots and trash state.

    The totals are derived first (``report`` is updated); returns what that changed.
    """
    corrected = report.derive_totals()
    errors, warnings = _counts(report, _previous(conn, report.agency, report.year))
    conn.execute(
        "UPDATE reports SET agency = ?, year = ?, edition = ?, title = ?, preamble = ?, errors = ?, warnings = ? "
        "WHERE id = ?",
        (report.agency, report.year, report.edition, report.title, report.preamble, errors, warnings, report_id),
    )
    # Cells of keys no edition knows (written by a newer version) stay untouched, as _load promises.
    conn.executemany("DELETE FROM cells WHERE report_id = ? AND key = ?", [(report_id, k) for k in _known_keys()])
    conn.execute("DELETE FROM texts WHERE report_id = ?", (report_id,))
    _write_content(conn, report_id, report)
    _touch(conn, report_id)
    return corrected


def _snapshot_before(conn: sqlite3.Connection, report_id: int, name: str) -> int | None:
    """The automatic snapshot taken before a report is overwritten.

    A damaged report is snapshotted as far as it can be read (the name says so), so that
    repairing it with an older snapshot loses nothing that was still readable.
    """
    report, problems = read_report(conn, report_id)
    if report is None:
        return None
    return _put_snapshot(conn, report_id, report, f"{name}（已损坏的部分未能保存）" if problems else name, True)


def _snapshot(conn: sqlite3.Connection, report_id: int, name: str, automatic: bool = False) -> int:
    return _put_snapshot(conn, report_id, _load(conn, report_id), name, automatic)


def _put_snapshot(conn: sqlite3.Connection, report_id: int, report: Report, name: str, automatic: bool) -> int:
    data = codec.report_to_json(report)
    cursor = conn.execute(
        "INSERT INTO snapshots (report_id, name, created, data, automatic) VALUES (?, ?, ?, ?, ?)",
        (report_id, name, _now(), data, int(automatic)),
    )
    if automatic:
        conn.execute(
            "DELETE FROM snapshots WHERE report_id = ? AND automatic = 1 AND id NOT IN "
            "(SELECT id FROM snapshots WHERE report_id = ? AND automatic = 1 ORDER BY created DESC, id DESC LIMIT ?)",
            (report_id, report_id, AUTOMATIC_SNAPSHOTS_KEPT),
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


# ---------------------------------------------------------------- salvage


SALVAGED_PART = "从损坏的文件中救出的部分（不完整）"


def _salvage_over_backup(conn: sqlite3.Connection, salvaged: SalvagedReport, kept: tuple, outcome: Salvage) -> None:
    """The report is in the backup too (``kept``: its id, agency, year, created, modified there)."""
    report_id, agency, year, _, kept_modified = kept
    name = f"{agency} {year}年度（编号 {report_id}）"
    newer = salvaged.modified is None or salvaged.modified > kept_modified  # unknown counts as newer
    if salvaged.complete or not newer:  # all of it read, or the backup already holds its last state
        if salvaged.complete and newer:
            _put_salvaged(conn, salvaged, report_id, replace=True)
        outcome.saved.append(name + _lost_snapshots(salvaged))
    else:
        lost = (
            f"{local_time(kept_modified)} 之后到 {local_time(salvaged.modified)} 的修改丢失"
            if salvaged.modified
            else f"{local_time(kept_modified)} 之后如有修改，已丢失"
        )
        line = f"{name}：{'；'.join(salvaged.problems)}。恢复为备份中 {local_time(kept_modified)} 保存的内容，{lost}"
        if salvaged.report is not None:
            _put_snapshot(conn, report_id, salvaged.report, SALVAGED_PART, False)
            line += f"；能读出的部分已另存为快照“{SALVAGED_PART}”"
        outcome.from_backup.append(line + _lost_snapshots(salvaged))
    _merge_snapshots(conn, report_id, salvaged)


def _salvage_new(conn: sqlite3.Connection, salvaged: SalvagedReport, free_id: int | None, outcome: Salvage) -> None:
    """The report is not in the backup: whatever can be read of it is all there is."""
    if salvaged.report is None and salvaged.snapshots:  # its row is lost, but a snapshot says what it was
        newest = max(salvaged.snapshots, key=lambda snap: snap.created)
        salvaged.report = codec.report_from_json(newest.data)
        salvaged.problems.append(f"只能从它最近的快照“{newest.name}”（{local_time(newest.created)}）恢复")
    if salvaged.report is None:
        outcome.lost.append(f"{report_name(None, salvaged.id)}：{'；'.join(salvaged.problems)}")
        return
    report_id = _put_salvaged(conn, salvaged, free_id)
    name = report_name(salvaged.report, report_id) + _lost_snapshots(salvaged)
    if salvaged.problems:
        outcome.partial.append(f"{name}：{'；'.join(salvaged.problems)}")
    else:
        outcome.saved.append(name)
    _merge_snapshots(conn, report_id, salvaged)


def _lost_snapshots(salvaged: SalvagedReport) -> str:
    return "（有快照无法读出）" if salvaged.snapshots_lost else ""


def _put_salvaged(
    conn: sqlite3.Connection, salvaged: SalvagedReport, report_id: int | None, replace: bool = False
) -> int:
    """Write a salvaged report with its own times and trash state (``report_id`` None: a new id)."""
    report = salvaged.report
    assert report is not None
    if replace and report_id is not None:
        _replace(conn, report_id, report)
    else:
        report_id, _ = _insert(conn, report, _previous(conn, report.agency, report.year), report_id)
    conn.execute(
        "UPDATE reports SET created = coalesce(?, created), modified = coalesce(?, modified), deleted = ? WHERE id = ?",
        (salvaged.created, salvaged.modified, salvaged.deleted, report_id),
    )
    return report_id


def _merge_snapshots(conn: sqlite3.Connection, report_id: int, salvaged: SalvagedReport) -> None:
    have = set(conn.execute("SELECT name, created FROM snapshots WHERE report_id = ?", (report_id,)))
    conn.executemany(
        "INSERT INTO snapshots (report_id, name, created, data, automatic) VALUES (?, ?, ?, ?, ?)",
        [
            (report_id, snap.name, snap.created, snap.data, int(snap.automatic))
            for snap in salvaged.snapshots
            if (snap.name, snap.created) not in have
        ],
    )


def _next_year_copy(source: Report, year: int) -> Report:
    edition = edition_for_year(year)
    sections = {s.id for s in get_edition(edition).text_sections}
    return Report(
        agency=source.agency,
        year=year,
        edition=edition,
        title=next_year_text(source.title, source.year, year),
        preamble=next_year_text(source.preamble, source.year, year),
        texts={k: v for k, v in source.texts.items() if k in sections},
    )
