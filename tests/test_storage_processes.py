"""Real processes: kill -9 in the middle of a stream of edits, two instances writing at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nianbao.model import Report, is_number
from storage import schema
from storage.store import Store

REPO = Path(__file__).resolve().parent.parent

# Saves cell after cell, printing each edit only after save_cell has returned.
EDITOR = textwrap.dedent(
    """
    import sys
    from storage.store import Store
    folder, report_id, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = Store.open(folder)
    keys = [k for k, c in store.load(report_id).spec.cells_by_key.items() if c.kind.is_integer]
    print("READY", flush=True)
    i = 0
    while i < int(sys.argv[4]):
        key = keys[i % len(keys)]
        store.save_cell(report_id, key, i)
        print(name, key, i, flush=True)
        if i % 7 == 0:
            store.save_text(report_id, "一", f"{name} {i}")
            print(name, "text", i, flush=True)
        i += 1
    store.close()
    print("DONE", flush=True)
    """
)


def start_editor(folder: Path, report_id: int, name: str, count: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(folder), str(report_id), name, str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == "READY", proc.stderr.read()
    return proc


def acknowledged(lines: list[str]) -> tuple[dict[str, int], int | None]:
    """The last acknowledged value per cell key, and of the text."""
    cells: dict[str, int] = {}
    text = None
    for line in lines:
        parts = line.split()
        if len(parts) != 3:
            continue
        _, key, value = parts
        if key == "text":
            text = int(value)
        else:
            cells[key] = int(value)
    return cells, text


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kill_after", [1, 57, 400])
def test_sigkill_loses_no_acknowledged_edit(tmp_path, kill_after):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
    proc = start_editor(tmp_path, report_id, "A", 1_000_000)
    assert proc.stdout is not None
    lines: list[str] = []
    while len(lines) < kill_after:
        lines.append(proc.stdout.readline().strip())
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: it is saving the next edit right now
    proc.wait(timeout=30)
    lines += proc.stdout.read().splitlines()  # acknowledgements already in the pipe count too
    assert proc.returncode == -signal.SIGKILL
    cells, text = acknowledged(lines)
    assert cells

    conn = sqlite3.connect(tmp_path / "nianbao.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with Store.open(tmp_path) as s:
        report = s.load(report_id)
    for key, value in cells.items():
        # the edit in flight when killed may have landed too: it is newer, never older
        stored = report.values.get(key)
        assert is_number(stored) and stored >= value, key
    if text is not None:
        assert int(report.text("一").split()[1]) >= text


def test_two_processes_writing_at_once(tmp_path):
    with Store.open(tmp_path) as s:
        shared_id, _ = s.create_report(Report(agency="共享局", year=2023))
    count = 300
    a = start_editor(tmp_path, shared_id, "A", count)
    b = start_editor(tmp_path, shared_id, "B", count)
    out_a, err_a = a.communicate(timeout=120)
    out_b, err_b = b.communicate(timeout=120)
    assert a.returncode == 0, err_a
    assert b.returncode == 0, err_b
    assert out_a.splitlines()[-1] == "DONE" and out_b.splitlines()[-1] == "DONE"
    cells_a, _ = acknowledged(out_a.splitlines())
    cells_b, _ = acknowledged(out_b.splitlines())
    conn = sqlite3.connect(tmp_path / "nianbao.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with Store.open(tmp_path) as s:
        report = s.load(shared_id)
    # Both wrote the same keys with the same values: whoever was last, each key holds its final value.
    assert cells_a == cells_b
    for key, value in cells_a.items():
        assert report.values[key] == value
    assert report.text("一") in {f"A {count - 1 - (count - 1) % 7}", f"B {count - 1 - (count - 1) % 7}"}


def test_two_processes_on_different_reports_keep_all_edits(tmp_path):
    with Store.open(tmp_path) as s:
        ids = [s.create_report(Report(agency=name, year=2023))[0] for name in ("甲局", "乙局")]
    procs = [start_editor(tmp_path, report_id, name, 200) for report_id, name in zip(ids, "AB", strict=True)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    with Store.open(tmp_path) as s:
        for report_id, (out, _) in zip(ids, outputs, strict=True):
            cells, text = acknowledged(out.splitlines())
            report = s.load(report_id)
            assert {k: report.values[k] for k in cells} == cells
            assert report.text("一").split()[1] == str(text)


def test_two_instances_opening_a_new_database_at_once(tmp_path):
    """Both find no database; the migrations must run once, under the lock."""
    code = (
        "import sys; from storage.store import Store; s = Store.open(sys.argv[1]); print(s.schema_version); s.close()"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    with Store.open(tmp_path) as s:
        assert s.list_reports() == []
        assert [m for (m,) in s.db.execute("SELECT name FROM _sqlite_migrations")] == list(schema.KNOWN)
