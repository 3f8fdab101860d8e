"""Nothing lost (issue 13, parts 1 and 2): rolling backups, salvage of a damaged file, the WAL checkpoint,
a 0-byte database.

Real files, real processes (killed with SIGKILL as in tests/test_storage_processes.py) and real damage:
pages of the file overwritten, the file truncated, emptied, its -wal removed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nianbao import exchange
from nianbao.model import Report
from storage import database_files
from storage.store import ROLLING_EVERY, CorruptDatabaseError, Store

REPO = Path(__file__).resolve().parent.parent
PAGE = 4096
AGENCIES = {"甲局": "甲甲甲标记", "乙局": "乙乙乙标记", "丙局": "丙丙丙标记"}


def report(agency: str, version: int = 1) -> Report:
    """A report whose 一 text is long (it fills pages of its own) and unique to it."""
    r = Report(agency=agency, year=2023, texts={"一": f"{AGENCIES[agency]}{version}" * 2000})
    r.set_and_derive("t3.new.natural", version)
    r.set_and_derive("t2.rules.issued", 10 + version)
    return r


def contents(store: Store) -> dict[str, dict]:
    return {s.agency: exchange.to_dict(store.load(s.id)) for s in store.list_reports(include_deleted=True)}


def scribble_over(db: Path, agency: str, version: int = 1, where: str = "end") -> None:
    """Overwrite one overflow page of the text of ``agency``'s report of ``version`` (found through
    SQLite's dbstat table): its last page (``"end"``), or one in the middle of its chain."""
    conn = sqlite3.connect(database_files.uri(db, "mode=ro"), uri=True)
    chain = conn.execute("SELECT pageno, path FROM dbstat WHERE name = 'texts' AND pagetype = 'overflow'").fetchall()
    conn.close()
    data = bytearray(db.read_bytes())
    unit = f"{AGENCIES[agency]}{version}".encode() * 3
    pages = sorted((path, n) for n, path in chain if unit in data[(n - 1) * PAGE : n * PAGE])
    page = pages[-1][1] if where == "end" else pages[len(pages) // 2][1]
    data[(page - 1) * PAGE : page * PAGE] = b"\xa5" * PAGE
    db.write_bytes(bytes(data))


def reopen_after_damage(folder: Path) -> CorruptDatabaseError:
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(folder)
    return caught.value


# ---------------------------------------------------------------- the case: today's work survives


def test_reports_saved_today_survive_damage(tmp_path):
    """The day starts (the daily backup is made, empty), three reports are saved, the app is closed,
    the file is damaged.  Before: every offered recovery brought back 0 of the 3."""
    Store.open(tmp_path).close()  # first open of the day: the daily backup
    with Store.open(tmp_path) as s:
        for agency in AGENCIES:
            s.create_report(report(agency))
        saved = contents(s)
    db = tmp_path / "nianbao.sqlite3"
    scribble_over(db, "乙局")
    error = reopen_after_damage(tmp_path)
    assert error.moved_to.exists() and error.last_good is None  # nothing left to offer: it is done
    assert error.recovered_from is not None and error.recovered_from.name.startswith("nianbao-rolling-")
    assert "完整恢复了 3 份报告" in str(error)
    with Store.open(tmp_path) as s:
        assert contents(s) == saved


def test_truncated_file_is_recovered_without_a_question(tmp_path):
    with Store.open(tmp_path) as s:
        for agency in AGENCIES:
            s.create_report(report(agency))
        saved = contents(s)
    db = tmp_path / "nianbao.sqlite3"
    db.write_bytes(db.read_bytes()[: 6 * PAGE])
    error = reopen_after_damage(tmp_path)
    assert "已自动恢复" in str(error)
    with Store.open(tmp_path) as s:
        assert contents(s) == saved


EDIT_AFTER_BACKUP = textwrap.dedent(
    """
    import os, sys, time
    from storage.store import Store
    store = Store.open(sys.argv[1])
    ids = {s.agency: s.id for s in store.list_reports()}
    for agency, marker in (("甲局", "甲甲甲标记"), ("乙局", "乙乙乙标记"), ("丙局", "丙丙丙标记")):
        store.save_text(ids[agency], "一", f"{marker}2" * 2000)
        store.save_cells(ids[agency], {"t3.new.natural": 2, "t2.rules.issued": 12})
        time.sleep(0.002)
    store.db.close()  # SQLite folds the WAL in; then the app dies before its own close:
    os._exit(0)  # no rolling backup holds these edits
    """
)


def test_edits_after_the_last_backup_are_salvaged_and_the_lost_ones_named(tmp_path):
    with Store.open(tmp_path) as s:
        ids = {agency: s.create_report(report(agency))[0] for agency in AGENCIES}
        s.snapshot(ids["乙局"], "送审稿")
    editor = subprocess.run(
        [sys.executable, "-c", EDIT_AFTER_BACKUP, str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert editor.returncode == 0, editor.stderr
    scribble_over(tmp_path / "nianbao.sqlite3", "乙局", 2)  # 乙局's second draft is damaged

    error = reopen_after_damage(tmp_path)
    message = str(error)
    assert f"完整恢复了 2 份报告（最后一次保存的内容）：甲局 2023年度（编号 {ids['甲局']}）、丙局" in message
    assert f"乙局 2023年度（编号 {ids['乙局']}）：正文未能全部读出。恢复为备份中" in message
    assert "的修改丢失" in message and "能读出的部分已另存为快照“从损坏的文件中救出的部分（不完整）”" in message
    with Store.open(tmp_path) as s:
        now = contents(s)
        for agency in ("甲局", "丙局"):  # their second drafts, saved after the last backup, from the damaged file
            assert now[agency] == exchange.to_dict(report(agency, 2)) | {"title": "", "preamble": ""}
        assert now["乙局"] == exchange.to_dict(report("乙局", 1))  # as of the backup, as the message says
        snapshots = s.list_snapshots(ids["乙局"])
        assert [snap.name for snap in snapshots] == ["从损坏的文件中救出的部分（不完整）", "送审稿"]
        part = s.load(ids["乙局"])
        s.restore_snapshot(snapshots[0].id)
        readable = s.load(ids["乙局"])
        assert readable.values["t3.new.natural"] == 2 and readable.text("一") == ""  # the numbers survived
        assert part.values["t3.new.natural"] == 1


def test_damage_that_hides_several_reports_names_each_and_what_it_lost(tmp_path):
    """A page in the middle of one long text: SQLite then cannot read any text stored beside it
    (the b-tree compares whole rows).  Each report falls back to the backup, each is named."""
    with Store.open(tmp_path) as s:
        for agency in AGENCIES:
            s.create_report(report(agency))
    subprocess.run([sys.executable, "-c", EDIT_AFTER_BACKUP, str(tmp_path)], cwd=REPO, check=True, timeout=60)
    scribble_over(tmp_path / "nianbao.sqlite3", "乙局", 2, where="middle")
    message = str(reopen_after_damage(tmp_path))
    for number, agency in enumerate(AGENCIES, 1):
        assert f"· {agency} 2023年度（编号 {number}）：正文未能全部读出。恢复为备份中" in message
    with Store.open(tmp_path) as s:
        for summary in s.list_reports():
            part = next(snap for snap in s.list_snapshots(summary.id) if snap.name.startswith("从损坏的文件中救出"))
            s.restore_snapshot(part.id)
            assert s.load(summary.id).values["t3.new.natural"] == 2  # the numbers of the second draft are kept


def test_without_any_backup_every_readable_report_is_salvaged(tmp_path):
    with Store.open(tmp_path) as s:
        for agency in AGENCIES:
            s.create_report(report(agency))
        saved = contents(s)
    for copy in (tmp_path / "backups").iterdir():
        copy.unlink()
    scribble_over(tmp_path / "nianbao.sqlite3", "丙局")
    error = reopen_after_damage(tmp_path)
    assert error.recovered_from is None and "没有找到可用的备份" in str(error)
    assert "完整恢复了 2 份报告" in str(error)
    assert "以下报告只救出了一部分（备份中没有它们）：\n· 丙局 2023年度（编号 3）：正文未能全部读出" in str(error)
    with Store.open(tmp_path) as s:
        now = contents(s)
        assert now["甲局"] == saved["甲局"] and now["乙局"] == saved["乙局"]
        assert now["丙局"]["values"] == saved["丙局"]["values"] and now["丙局"]["sections"]["一"] == ""


def test_reports_and_snapshots_keep_their_ids_times_and_trash_state(tmp_path):
    with Store.open(tmp_path) as s:
        ids = {agency: s.create_report(report(agency))[0] for agency in AGENCIES}
        s.snapshot(ids["甲局"], "送审稿")
        s.delete(ids["丙局"])
        before = s.list_reports(include_deleted=True)
        snapshots = s.list_snapshots(ids["甲局"])
    for copy in (tmp_path / "backups").iterdir():
        copy.unlink()
    scribble_over(tmp_path / "nianbao.sqlite3", "乙局")
    reopen_after_damage(tmp_path)
    with Store.open(tmp_path) as s:
        after = {r.id: r for r in s.list_reports(include_deleted=True)}
        for summary in before:
            assert after[summary.id].modified == summary.modified
            assert after[summary.id].deleted == summary.deleted
        assert s.list_snapshots(ids["甲局"])[0].name == snapshots[0].name


def test_a_report_whose_row_is_lost_comes_back_from_its_newest_snapshot(tmp_path):
    with Store.open(tmp_path) as s:
        ids = {agency: s.create_report(report(agency))[0] for agency in AGENCIES}
        s.snapshot(ids["甲局"], "送审稿")
        s.db.execute("UPDATE reports SET edition = '2099' WHERE id = ?", (ids["甲局"],))  # its row: unreadable
    for copy in (tmp_path / "backups").iterdir():
        copy.unlink()
    scribble_over(tmp_path / "nianbao.sqlite3", "丙局")  # and the file is damaged elsewhere
    message = str(reopen_after_damage(tmp_path))
    assert f"甲局 2023年度（编号 {ids['甲局']}）：格式版本“2099”无法识别；只能从它最近的快照“送审稿”" in message
    with Store.open(tmp_path) as s:
        assert s.load(ids["甲局"]).values == report("甲局").values


def test_an_unreadable_file_without_backups_starts_empty_and_says_so(tmp_path):
    (tmp_path / "nianbao.sqlite3").write_bytes(b"\x00not a database" * 500)
    error = reopen_after_damage(tmp_path)
    assert "没有找到可用的备份" in str(error) and "将从空白数据开始" in str(error)
    with Store.open(tmp_path) as s:
        assert s.list_reports() == []


# ---------------------------------------------------------------- a 0-byte database is not an empty one


def test_a_zero_byte_database_is_damage_and_is_recovered(tmp_path):
    with Store.open(tmp_path) as s:
        for agency in AGENCIES:
            s.create_report(report(agency))
        saved = contents(s)
    db = tmp_path / "nianbao.sqlite3"
    db.write_bytes(b"")
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    error = reopen_after_damage(tmp_path)
    assert "数据文件是空的（0 字节）" in str(error) and error.moved_to.stat().st_size == 0
    with Store.open(tmp_path) as s:
        assert contents(s) == saved


def test_a_zero_byte_file_without_any_copy_is_a_new_database(tmp_path):
    """Another instance may be creating it this very moment: with nothing to recover, nothing is said."""
    (tmp_path / "nianbao.sqlite3").write_bytes(b"")
    with Store.open(tmp_path) as s:
        assert s.list_reports() == []


# ---------------------------------------------------------------- the main file alone holds every acknowledged edit


WRITER = textwrap.dedent(
    """
    import sys
    from storage.store import Store
    store = Store.open(sys.argv[1])
    report_id = int(sys.argv[2])
    if sys.argv[3] == "one":  # one edit after a pause: checkpointed at once
        store.save_cell(report_id, "t3.new.natural", 1)
    else:  # a burst of edits, then the pause the GUI reports with on_idle
        for i in range(200):
            store.save_cell(report_id, "t3.new.natural", i)
        store.on_idle()
    print("SAVED", flush=True)
    sys.stdin.read()
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize(("mode", "last"), [("one", 1), ("burst", 199)])
def test_an_acknowledged_edit_survives_the_loss_of_the_wal(tmp_path, mode, last):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), str(report_id), mode],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stderr is not None
    assert writer.stdout.readline().strip() == "SAVED", writer.stderr.read()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    db = tmp_path / "nianbao.sqlite3"
    assert Path(f"{db}-wal").stat().st_size > 0  # the WAL is still there: this is the case of a lost one
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink()
    with Store.open(tmp_path) as s:
        assert s.load(report_id).values["t3.new.natural"] == last


def test_after_close_the_main_file_alone_is_the_whole_database(tmp_path):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
        for i in range(50):
            s.save_cell(report_id, "t3.new.natural", i)
    wal = tmp_path / "nianbao.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "nianbao.sqlite3").write_bytes((tmp_path / "nianbao.sqlite3").read_bytes())
    with Store.open(copy) as s:
        assert s.load(report_id).values["t3.new.natural"] == 49


def test_close_truncates_the_wal_while_another_instance_stays_open(tmp_path):
    with Store.open(tmp_path) as other, Store.open(tmp_path) as s:
        report_id, _ = s.create_report(Report(agency="测试局", year=2023))
        for i in range(50):
            s.save_cell(report_id, "t3.new.natural", i)
        s.close()
        assert (tmp_path / "nianbao.sqlite3-wal").stat().st_size == 0
        assert other.load(report_id).values["t3.new.natural"] == 49


# ---------------------------------------------------------------- rolling backups


def rolling(folder: Path) -> list[Path]:
    return database_files.rolling_copies(folder)


def test_close_makes_a_rolling_backup_only_when_something_changed(tmp_path):
    with Store.open(tmp_path) as s:
        s.create_report(report("甲局"))
    (first,) = rolling(tmp_path)
    with Store.open(tmp_path) as s:
        s.list_reports()
    assert rolling(tmp_path) == [first]  # nothing changed: no copy
    with Store.open(tmp_path) as s:
        s.snapshot(s.list_reports()[0].id, "送审稿")
    assert len(rolling(tmp_path)) == 2
    with Store.open(tmp_path / "copy") as copy:
        assert copy.list_reports() == []
    assert database_files.is_healthy(rolling(tmp_path)[0])


def test_on_idle_backs_up_at_most_every_few_minutes_and_only_after_changes(tmp_path):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(report("甲局"))
        assert s.on_idle(now=1000.0)  # changes, and no backup yet this session
        s.wait_for_backup()
        assert len(rolling(tmp_path)) == 1
        s.save_cell(report_id, "t3.new.natural", 5)
        assert not s.on_idle(now=1000.0 + ROLLING_EVERY / 2)  # too soon
        assert s.on_idle(now=1000.0 + ROLLING_EVERY)
        s.wait_for_backup()
        assert not s.on_idle(now=1000.0 + 3 * ROLLING_EVERY)  # nothing changed since
        newest = rolling(tmp_path)[0]
        with Store.recover(newest, tmp_path / "restored") as restored:
            assert restored.load(report_id).values["t3.new.natural"] == 5
    assert len(rolling(tmp_path)) == 2  # close: nothing changed since the last one


def test_on_idle_sees_changes_made_by_another_instance(tmp_path):
    with Store.open(tmp_path) as s:
        assert not s.on_idle(now=0.0)  # an empty new database: nothing worth a copy
        with Store.open(tmp_path) as other:
            other.create_report(report("乙局"))
            other.wait_for_backup()
            assert s.on_idle(now=ROLLING_EVERY * 10)
            s.wait_for_backup()


def test_only_the_newest_rolling_backups_are_kept(tmp_path):
    with Store.open(tmp_path) as s:
        report_id, _ = s.create_report(report("甲局"))
        for i in range(database_files.ROLLING_KEEP + 3):
            s.save_cell(report_id, "t3.new.natural", i)
            assert s.rolling_backup() is not None
        assert s.rolling_backup() is None  # nothing changed
    copies = rolling(tmp_path)
    assert len(copies) == database_files.ROLLING_KEEP
    conn = sqlite3.connect(database_files.uri(copies[0], "mode=ro&immutable=1"), uri=True)
    assert conn.execute("SELECT value FROM cells WHERE key = 't3.new.natural'").fetchone() == (
        str(database_files.ROLLING_KEEP + 2),
    )
    conn.close()


def test_a_copy_of_a_damaged_file_never_replaces_the_good_ones(tmp_path):
    with Store.open(tmp_path) as s:
        s.create_report(report("甲局"))
    good = rolling(tmp_path)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes((tmp_path / "nianbao.sqlite3").read_bytes())
    scribble_over(damaged, "甲局")
    assert database_files.rolling_backup(damaged, tmp_path) is None
    assert rolling(tmp_path) == good
