"""Failures on real files: corrupt, newer, read-only, disk full, locked too long.

Each failure must give a Chinese message and lose nothing: the edit that failed
can be saved again once the cause is gone.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from nianbao import exchange
from nianbao.model import Report
from storage import schema
from storage.store import (
    CorruptDatabaseError,
    NewerDatabaseError,
    StorageError,
    StorageWriteError,
    Store,
    resolve_data_dir,
)

REPO = Path(__file__).resolve().parent.parent


def chinese(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


def filled_store(folder: Path, n: int = 20) -> dict[int, dict]:
    """A database with ``n`` reports, closed; returns their exchange dicts by id."""
    saved = {}
    with Store.open(folder) as s:
        for i in range(n):
            report = Report(agency=f"测试局{i}", year=2023)
            for k in report.spec.entry_keys:
                report.values[k] = i if report.spec.cells_by_key[k].kind.is_integer else Decimal(i)
            report.texts["一"] = "正文。" * 300
            report_id, _ = s.create_report(report)
            saved[report_id] = exchange.to_dict(report)
    return saved


# ---------------------------------------------------------------- corrupt files


def test_garbage_file_is_moved_aside_and_reported(tmp_path):
    garbage = b"this is not a database, just bytes \x00\xff" * 100
    (tmp_path / "nianbao.sqlite3").write_bytes(garbage)
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(tmp_path)
    error = caught.value
    assert chinese(str(error)) and "已损坏" in str(error)
    assert error.moved_to.name.startswith("nianbao.sqlite3.corrupt-")
    assert error.moved_to.read_bytes() == garbage  # kept for inspection, not overwritten
    assert error.last_good is None
    assert "没有找到可用的备份" in str(error)
    with Store.open(tmp_path) as s:  # opening again starts an empty database
        assert s.list_reports() == []


def test_truncated_file_is_recovered_from_the_newest_good_copy(tmp_path):
    saved = filled_store(tmp_path)
    with Store.open(tmp_path) as s:
        s.backup(tmp_path / "backups" / "nianbao-manual.sqlite3")  # newer than the copy made at close
    db = tmp_path / "nianbao.sqlite3"
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(tmp_path)
    error = caught.value
    assert error.moved_to.exists() and db.exists()  # moved aside, and a recovered database in its place
    assert error.recovered_from == tmp_path / "backups" / "nianbao-manual.sqlite3"
    assert error.last_good is None  # nothing to offer: recovered already
    assert str(error.recovered_from) in str(error) and "已自动恢复" in str(error)
    with Store.open(tmp_path) as s:
        assert {i: exchange.to_dict(s.load(i)) for i in saved} == saved


def test_damaged_pages_are_detected(tmp_path):
    filled_store(tmp_path)
    db = tmp_path / "nianbao.sqlite3"
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 5 * page):  # scribble over some b-tree pages
        data[offset : offset + 200] = b"\xa5" * 200
    db.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError):
        Store.open(tmp_path)


def test_recover_refuses_a_bad_copy_and_never_overwrites(tmp_path):
    missing = tmp_path / "没有这个文件.sqlite3"
    with pytest.raises(StorageError):
        Store.recover(missing, tmp_path / "data")
    assert not missing.exists()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(StorageError, match="损坏"):
        Store.recover(bad, tmp_path / "data")
    filled_store(tmp_path / "data", n=1)
    good = tmp_path / "good.sqlite3"
    with Store.open(tmp_path / "data") as s:
        s.backup(good)
    with Store.recover(good, tmp_path / "data") as s:
        assert len(s.list_reports()) == 1
    assert list((tmp_path / "data").glob("nianbao.sqlite3.replaced-*"))  # the one in place was moved, not lost


# ---------------------------------------------------------------- newer schema


def make_newer(folder: Path) -> Path:
    filled_store(folder, n=2)
    db = folder / "nianbao.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('nianbao', '9999_future', '')"
    )
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, so its bytes tell everything
    conn.close()
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_and_not_written(tmp_path):
    db = make_newer(tmp_path)
    before = digest(db)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NewerDatabaseError) as caught:
        Store.open(tmp_path)
    assert chinese(str(caught.value)) and "升级" in str(caught.value)
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no migration copy, no WAL


NEWER_IN_WAL = textwrap.dedent(
    """
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('nianbao', '9999_x', '')")
    conn.execute("PRAGMA user_version = 999")
    os._exit(0)  # like a crash of the newer app: the WAL is left behind, not checkpointed
    """
)


def test_newer_database_with_a_pending_wal_is_left_byte_for_byte(tmp_path):
    filled_store(tmp_path, n=2)
    db = tmp_path / "nianbao.sqlite3"
    subprocess.run([sys.executable, "-c", NEWER_IN_WAL, str(db)], check=True, timeout=60)
    wal = tmp_path / "nianbao.sqlite3-wal"
    assert wal.stat().st_size > 0
    before = {p.name: digest(p) for p in (db, wal)}
    with pytest.raises(NewerDatabaseError, match="999"):
        Store.open(tmp_path)
    assert {p.name: digest(p) for p in (db, wal)} == before
    assert not list(tmp_path.glob("nianbao.sqlite3.bak-*"))


def test_newer_user_version_alone_is_refused(tmp_path):
    filled_store(tmp_path, n=1)
    conn = sqlite3.connect(tmp_path / "nianbao.sqlite3")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(NewerDatabaseError):
        Store.open(tmp_path)


# ---------------------------------------------------------------- read-only and disk full


def test_write_refused_by_sqlite_is_a_write_error_and_retry_succeeds(tmp_path):
    """Portable simulation: ``PRAGMA query_only`` makes SQLite refuse writes with SQLITE_READONLY,
    the code a read-only file gives.  The chattr tests below use the real file system."""
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
        s.db.execute("PRAGMA query_only = ON")
        with pytest.raises(StorageWriteError) as caught:
            s.save_cell(report_id, "t3.new.natural", 5)
        assert caught.value.reason == "readonly"
        assert "只读" in str(caught.value) and "窗口中" not in str(
            caught.value
        )  # the window adds that it keeps the edit
        assert s.load(report_id).values == {}  # reading still works
        s.db.execute("PRAGMA query_only = OFF")
        s.save_cell(report_id, "t3.new.natural", 5)  # the retry
        assert s.load(report_id).values == {"t3.new.natural": 5, "t3.new.total": 5}


def chattr(flag: str, *paths: Path) -> None:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    result = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"chattr {flag} not permitted here: {result.stderr.decode(errors='replace')}")


def test_read_only_folder_at_open(tmp_path):
    """Real refusal by the file system (the immutable flag also binds root), not a permission bit."""
    filled_store(tmp_path, n=1)
    db = tmp_path / "nianbao.sqlite3"
    chattr("+i", db, tmp_path)
    try:
        with pytest.raises(StorageWriteError) as caught:
            Store.open(tmp_path)
        assert chinese(str(caught.value))
    finally:
        chattr("-i", db, tmp_path)
    with Store.open(tmp_path) as s:
        assert len(s.list_reports()) == 1


def test_file_made_unwritable_while_open_then_retry(tmp_path):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
        wal = tmp_path / "nianbao.sqlite3-wal"
        chattr("+i", wal)
        try:
            with pytest.raises(StorageWriteError) as caught:
                s.save_cell(report_id, "t3.new.natural", 7)
            assert chinese(str(caught.value)) and "重试" not in str(caught.value)
        finally:
            chattr("-i", wal)
        s.save_cell(report_id, "t3.new.natural", 7)
    with Store.open(tmp_path) as s:
        assert s.load(report_id).values == {"t3.new.natural": 7, "t3.new.total": 7}


DISK_FULL = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from nianbao.model import Report
    from storage.store import Store, StorageWriteError

    folder = Path(sys.argv[1])
    store = Store.open(folder)
    report_id, _ = store.create_report(Report(agency="测试局", year=2023))
    store.save_cell(report_id, "t3.new.natural", 1)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    largest = max(p.stat().st_size for p in folder.iterdir() if p.is_file())
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 1024, hard))
    big = "很长的正文。" * 50000
    try:
        store.save_text(report_id, "一", big)
        print("NO ERROR")
    except StorageWriteError as e:
        print("REFUSED", e.reason, e)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    store.save_text(report_id, "一", big)  # the retry, once there is room again
    store.close()
    print("RETRIED")
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_is_a_write_error_and_retry_succeeds(tmp_path):
    """Simulated with RLIMIT_FSIZE (writes past the limit fail with EFBIG, as on a full disk
    they fail with ENOSPC), in a subprocess so the limit cannot leak into the test run."""
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("REFUSED"), lines
    reason = lines[0].split()[1]
    assert reason in ("full", "io")
    assert "磁盘" in lines[0] and "窗口" not in lines[0] and "重试" not in lines[0]  # said the same on the command line
    assert lines[-1] == "RETRIED"
    with Store.open(tmp_path) as s:
        (summary,) = s.list_reports()
        report = s.load(summary.id)
        assert report.values == {"t3.new.natural": 1, "t3.new.total": 1}
        assert report.text("一") == "很长的正文。" * 50000


def test_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageWriteError) as caught:
        resolve_data_dir(blocker / "数据")
    assert chinese(str(caught.value))


# ---------------------------------------------------------------- a second instance holding the lock


HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from storage.store import Store
    store = Store.open(sys.argv[1])
    store.db.conn.execute("BEGIN IMMEDIATE")
    print("LOCKED", flush=True)
    sys.stdin.read()  # until the test closes our stdin
    store.db.conn.execute("COMMIT")
    store.close()
    """
)


def test_lock_held_too_long_by_another_instance(tmp_path):
    with Store.open(tmp_path, busy_timeout=0.3) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline().strip() == "LOCKED"
            with pytest.raises(StorageWriteError) as caught:
                s.save_cell(report_id, "t3.new.natural", 3)
            assert caught.value.reason == "locked"
            assert "另一个" in str(caught.value) and "0.3 秒" in str(caught.value)
            assert s.load(report_id).values == {}  # readers are not blocked (WAL)
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
        s.save_cell(report_id, "t3.new.natural", 3)  # the retry
        assert s.load(report_id).values == {"t3.new.natural": 3, "t3.new.total": 3}
