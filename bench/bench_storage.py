"""Storage benchmark: autosave of one cell edit, opening a report, listing 10,000 reports.

Each figure is printed beside the same operation done with bare ``sqlite3`` on a
table of the same shape, with the same WAL / ``synchronous=FULL`` settings,
measured in the same run, and as a ratio to it.  A bare one-row insert is
printed too, as the unit of how fast this disk is.

    python bench/bench_storage.py [--dir FOLDER] [--edits N]

Targets (issue 3): autosave ≤ 5 ms p99; open a report ≤ 20 ms; list 10,000 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nianbao.model import Report  # noqa: E402
from storage.store import Store  # noqa: E402

TARGETS_MS = {"autosave": 5.0, "open": 20.0, "list": 100.0}  # checked at p99
N_REPORTS = 10_000


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def full_report(agency: str, year: int) -> Report:
    report = Report(agency=agency, year=year, preamble="统计期限自1月1日起至12月31日止。" * 3)
    for key in report.spec.entry_keys:
        kind = report.spec.cells_by_key[key].kind
        report.values[key] = 3 if kind.is_integer else Decimal("0.125")
    report.fill_computed()
    report.texts = {"一": "总体情况。" * 600, "五": "不足与改进。" * 100, "六": "其他事项。" * 50}
    return report


def bare_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.executescript(
        """
        CREATE TABLE reports (id INTEGER PRIMARY KEY, agency TEXT, year INTEGER, edition TEXT, title TEXT,
            preamble TEXT, created TEXT, modified TEXT, errors INTEGER, warnings INTEGER, deleted TEXT);
        CREATE INDEX reports_modified ON reports (modified);
        CREATE TABLE cells (report_id INTEGER, key TEXT, value TEXT, unparsed TEXT,
            PRIMARY KEY (report_id, key)) WITHOUT ROWID;
        CREATE TABLE texts (report_id INTEGER, section TEXT, text TEXT, PRIMARY KEY (report_id, section)) WITHOUT ROWID;
        """
    )
    return conn


def fill_reports(conn: sqlite3.Connection, n: int) -> None:
    """Report rows for the list benchmark (set-up only, not timed)."""
    rows = [
        (
            f"测试单位{i:05d}",
            2015 + i % 12,
            "2021",
            "",
            "",
            "2026-01-01T00:00:00+00:00",
            f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}.{i:06d}+00:00",
            i % 5,
            i % 3,
        )
        for i in range(n)
    ]
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO reports (agency, year, edition, title, preamble, created, modified, errors, warnings) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")


def row(label: str, ours: list[float], bare: list[float], unit: float) -> str:
    o50, o99, b50, b99 = p(ours, 0.5), p(ours, 0.99), p(bare, 0.5), p(bare, 0.99)
    return (
        f"{label:<22} p50 {o50:8.3f} ms  p99 {o99:8.3f} ms │ bare sqlite3 p50 {b50:8.3f} ms  p99 {b99:8.3f} ms │"
        f" ×{o50 / b50:5.1f} of bare (p50), ×{o50 / unit:6.1f} of a bare insert"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="where to put the databases (default: a temporary folder)")
    parser.add_argument("--edits", type=int, default=2000, help="autosaved edits to time (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        return run(Path(tmp), args.edits)


def run(folder: Path, edits: int) -> int:
    start = time.perf_counter()
    store = Store.open(folder / "nianbao")
    open_store_ms = (time.perf_counter() - start) * 1000
    bare = bare_connection(folder / "bare.sqlite3")

    report = full_report("某县民政局", 2023)
    report_id, _ = store.create_report(report)
    keys = [k for k in report.spec.entry_keys if report.spec.cells_by_key[k].kind.is_integer]
    bare.execute("INSERT INTO reports (id, agency, year) VALUES (1, '某县民政局', 2023)")
    bare.execute("BEGIN")
    bare.executemany("INSERT INTO cells VALUES (1, ?, ?, NULL)", [(k, str(v)) for k, v in report.values.items()])
    bare.executemany("INSERT INTO texts VALUES (1, ?, ?)", list(report.texts.items()))
    bare.execute("COMMIT")

    counter = iter(range(10**9))

    def autosave() -> None:
        i = next(counter)
        store.save_cell(report_id, keys[i % len(keys)], i)

    def bare_insert() -> None:
        i = next(counter)
        bare.execute("INSERT OR REPLACE INTO cells VALUES (1, ?, ?, NULL)", (keys[i % len(keys)], str(i)))

    def bare_load() -> None:
        bare.execute("BEGIN")
        bare.execute("SELECT agency, year, edition, title, preamble FROM reports WHERE id = 1").fetchone()
        bare.execute("SELECT key, value, unparsed FROM cells WHERE report_id = 1").fetchall()
        bare.execute("SELECT section, text FROM texts WHERE report_id = 1").fetchall()
        bare.execute("COMMIT")

    save_ms = timed(autosave, edits)
    insert_ms = timed(bare_insert, edits)
    load_ms = timed(lambda: store.load(report_id), 300)
    bare_load_ms = timed(bare_load, 300)

    fill_reports(store.db.conn, N_REPORTS - 1)
    fill_reports(bare, N_REPORTS - 1)
    assert len(store.list_reports()) == N_REPORTS

    def bare_list() -> None:
        bare.execute(
            "SELECT id, agency, year, edition, title, modified, errors, warnings, deleted IS NOT NULL "
            "FROM reports WHERE deleted IS NULL ORDER BY modified DESC, id DESC"
        ).fetchall()

    list_ms = timed(store.list_reports, 30)
    bare_list_ms = timed(bare_list, 30)
    store.close()
    start = time.perf_counter()
    Store.open(folder / "nianbao").close()
    reopen_ms = (time.perf_counter() - start) * 1000

    unit = statistics.median(insert_ms)
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {sys.platform}; WAL, synchronous=FULL")
    print(f"databases in {folder}")
    print(
        f"{'bare sqlite3 insert':<22} p50 {unit:8.3f} ms  p99 {p(insert_ms, 0.99):8.3f} ms  (one row, committed: the unit)"
    )
    print(row(f"autosave (×{edits})", save_ms, insert_ms, unit))
    print(row("open a report (×300)", load_ms, bare_load_ms, unit))
    print(row(f"list {N_REPORTS:,} (×30)", list_ms, bare_list_ms, unit))
    print(f"Store.open: new database {open_store_ms:.1f} ms; with {N_REPORTS:,} reports {reopen_ms:.1f} ms")

    results = {"autosave": p(save_ms, 0.99), "open": p(load_ms, 0.99), "list": p(list_ms, 0.99)}
    ok = True
    for name, value in results.items():
        passed = value <= TARGETS_MS[name]
        ok &= passed
        print(f"target {name:<8} p99 {value:8.3f} ms ≤ {TARGETS_MS[name]:g} ms: {'ok' if passed else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
