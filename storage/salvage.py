"""What can still be read from a damaged database file, report by report.

The file is opened read-only (it has been moved aside and is never written).  Every report
is read on its own — its row, its cells, its texts, its snapshots — so that a damaged page
costs the reports stored on it and no others.  The store puts what was read into the fresh
database (:meth:`storage.store.Store.open`); :class:`Salvage` says, in Chinese, what was
saved and what was not.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from nianbao.exchange import ExchangeError
from nianbao.model import Report
from storage import codec
from storage.database_files import uri
from storage.reading import CELLS_INCOMPLETE, TEXTS_INCOMPLETE, read_report


@dataclass
class SalvagedSnapshot:
    name: str
    created: str
    data: str
    automatic: bool


@dataclass
class SalvagedReport:
    id: int
    report: Report | None  # None: not even its identity could be read
    problems: list[str]  # what of it could not be read
    created: str | None = None
    modified: str | None = None
    deleted: str | None = None
    snapshots: list[SalvagedSnapshot] = field(default_factory=list)
    snapshots_lost: int = 0  # snapshots that could not be read

    @property
    def complete(self) -> bool:
        return self.report is not None and not self.problems


@dataclass
class DamagedFile:
    reports: list[SalvagedReport]
    listing_complete: bool  # the reports table was read to its end
    readable: bool  # the file could be opened as a database at all


def read_damaged(path: Path) -> DamagedFile:
    """Everything that can still be read from the damaged file at ``path``; never raises for the file's sake."""
    with _open_readonly(path) as conn:
        if conn is None:
            return DamagedFile([], False, False)
        ids, listing_complete = _report_ids(conn)
        snapshot_columns = _columns(conn, "snapshots")
        texts = _scan(conn, "texts", "section", "text")
        cells = _scan(conn, "cells", "key", "value, unparsed")
        reports = [_read_one(conn, i, snapshot_columns) for i in sorted(ids)]
        for salvaged in reports:
            _fill_from_scans(salvaged, texts, cells)
        return DamagedFile(reports, listing_complete, True)


@contextlib.contextmanager
def _open_readonly(path: Path) -> Iterator[sqlite3.Connection | None]:
    """Read-only with its -wal (the newest edits) if SQLite can; else the main file alone; else None."""
    for query in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri(path, query), uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            # Read the schema even where it names pages the file no longer has (a truncated file);
            # the connection is read-only: nothing is written.
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            conn.close()
            continue
        try:
            yield conn
        finally:
            conn.close()
        return
    yield None


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> tuple[list[tuple[Any, ...]], bool]:
    """The rows read before an error, and whether the query ran to its end."""
    rows: list[tuple[Any, ...]] = []
    try:
        for row in conn.execute(sql, params):
            rows.append(row)
    except sqlite3.Error:
        return rows, False
    return rows, True


def _report_ids(conn: sqlite3.Connection) -> tuple[set[int], bool]:
    """Every report id the file still knows of: from the table, its indexes and the rows that refer to it."""
    ids: set[int] = set()
    rows, complete = _rows(conn, "SELECT id FROM reports")
    ids.update(r[0] for r in rows)
    for sql in (
        "SELECT id FROM reports INDEXED BY reports_agency_year WHERE agency IS NOT NULL",
        "SELECT id FROM reports INDEXED BY reports_modified WHERE modified IS NOT NULL",
        "SELECT DISTINCT report_id FROM cells",
        "SELECT DISTINCT report_id FROM texts",
        "SELECT DISTINCT report_id FROM snapshots",
    ):
        ids.update(r[0] for r in _rows(conn, sql)[0])
    return {i for i in ids if isinstance(i, int)}, complete


Scanned = dict[int, dict[Any, tuple[Any, ...] | None]]  # report id -> key -> the row's values (None: unreadable)


def _scan(conn: sqlite3.Connection, table: str, key: str, values: str) -> Scanned:
    """Every row of ``table``, read from both ends.

    A seek for one report's rows can fail because of a damaged neighbour (a WITHOUT ROWID b-tree
    compares whole records, long texts included); a scan stops at the damaged row itself.  Read
    forwards and backwards, only the damaged rows are missing: the keys alone (stored in the page,
    not in the overflow) tell which those are.
    """
    found: Scanned = {}
    for report_id, row_key in _rows(conn, f"SELECT report_id, {key} FROM {table}")[0]:
        found.setdefault(report_id, {})[row_key] = None
    for order in ("ASC", "DESC"):
        rows, _ = _rows(
            conn, f"SELECT report_id, {key}, {values} FROM {table} ORDER BY report_id {order}, {key} {order}"
        )
        for report_id, row_key, *rest in rows:
            found.setdefault(report_id, {})[row_key] = tuple(rest)
    return found


def _fill_from_scans(salvaged: SalvagedReport, texts: Scanned, cells: Scanned) -> None:
    """Where reading the report by its id stopped at a damaged neighbour, take its rows from the scans."""
    report = salvaged.report
    if report is None:
        return
    if TEXTS_INCOMPLETE in salvaged.problems:
        rows = texts.get(salvaged.id, {})
        if all(row is not None for row in rows.values()):
            report.texts = {k: row[0] for k, row in rows.items() if row is not None and isinstance(row[0], str)}
            salvaged.problems.remove(TEXTS_INCOMPLETE)
    if CELLS_INCOMPLETE in salvaged.problems:
        rows = cells.get(salvaged.id, {})
        if all(row is not None for row in rows.values()):
            specs = report.spec.cells_by_key
            for key, row in rows.items():
                if row is None or key not in specs:
                    continue
                try:
                    report.values[key] = codec.decode_value(row[0], row[1], specs[key].kind)
                except ExchangeError as e:
                    salvaged.problems.append(f"单元格“{specs[key].place}”无法读取（{e}）")
            salvaged.problems.remove(CELLS_INCOMPLETE)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in _rows(conn, f"PRAGMA table_info({table})")[0]}


def _read_one(conn: sqlite3.Connection, report_id: int, snapshot_columns: set[str]) -> SalvagedReport:
    report, problems = read_report(conn, report_id, tolerant=True)
    salvaged = SalvagedReport(report_id, report, problems)
    rows, _ = _rows(conn, "SELECT created, modified, deleted FROM reports WHERE id = ?", (report_id,))
    if rows and all(v is None or isinstance(v, str) for v in rows[0]):
        salvaged.created, salvaged.modified, salvaged.deleted = rows[0]
    automatic = "automatic" if "automatic" in snapshot_columns else "name LIKE '%自动保存%'"
    snapshots, complete = _rows(
        conn, f"SELECT name, created, data, {automatic} FROM snapshots WHERE report_id = ?", (report_id,)
    )
    for name, created, data, is_automatic in snapshots:
        try:
            codec.report_from_json(data)
        except ExchangeError:
            salvaged.snapshots_lost += 1
            continue
        if isinstance(name, str) and isinstance(created, str):
            salvaged.snapshots.append(SalvagedSnapshot(name, created, data, bool(is_automatic)))
        else:
            salvaged.snapshots_lost += 1
    if not complete:
        salvaged.snapshots_lost += 1  # at least one; how many is not known
    return salvaged


# ---------------------------------------------------------------- what the clerk is told


def local_time(stamp: str | None) -> str:
    if not stamp:
        return "时间不明"
    try:
        return f"{datetime.fromisoformat(stamp).astimezone():%Y-%m-%d %H:%M:%S}"
    except ValueError:
        return "时间不明"


def report_name(report: Report | None, report_id: int) -> str:
    return f"{report.agency} {report.year}年度（编号 {report_id}）" if report is not None else f"编号 {report_id}"


@dataclass
class Salvage:
    """The outcome of a recovery after damage, for the message (every list holds Chinese lines)."""

    moved_to: Path
    base: Path | None  # the copy the fresh database was made from
    empty: bool = False  # the damaged file was empty (0 bytes) rather than unreadable
    readable: bool = True  # the damaged file could be opened at all
    saved: list[str] = field(default_factory=list)  # as last saved: read in full, or the backup holds that state
    from_backup: list[str] = field(default_factory=list)  # only the backup's older version could be used
    partial: list[str] = field(default_factory=list)  # only part could be read, and no backup had it
    lost: list[str] = field(default_factory=list)  # nothing could be brought back
    backup_only: list[str] = field(default_factory=list)  # in the backup, not found in the damaged file

    @property
    def base_time(self) -> str:
        if self.base is None:
            return ""
        return f"{datetime.fromtimestamp(self.base.stat().st_mtime):%Y-%m-%d %H:%M}"

    def message(self) -> str:
        if self.empty:
            lines = [f"数据文件是空的（0 字节），里面的报告已经丢失。这个空文件已移到 {self.moved_to}。"]
        else:
            lines = [f"数据文件已损坏，无法读取。损坏的文件已移到 {self.moved_to}，以便日后排查。"]
        if self.base is not None:
            lines.append(f"已自动恢复：以最近一份完好的备份 {self.base}（{self.base_time}）为基础。")
        else:
            lines.append("没有找到可用的备份。")
        if self.saved:
            lines.append(f"完整恢复了 {len(self.saved)} 份报告（最后一次保存的内容）：{'、'.join(self.saved)}。")
        elif not self.empty:
            lines.append("损坏的文件中没有能完整读出的报告。" if self.readable else "损坏的文件已无法打开。")
        for title, items in (
            ("以下报告在损坏的文件中无法完整读出，只能恢复为备份中的版本：", self.from_backup),
            ("以下报告只救出了一部分（备份中没有它们）：", self.partial),
            ("以下报告未能恢复：", self.lost),
            ("以下报告在损坏的文件中找不到，已恢复为备份中的内容：", self.backup_only),
        ):
            if items:
                lines.append(title + "\n" + "\n".join(f"· {item}" for item in items))
        if self.base is None and not (self.saved or self.partial):
            lines.append("将从空白数据开始。")
        return "\n".join(lines)
