"""The storage commands: list, backup, export-json, import-json, recover.

NIANBAO_DATA_DIR points at a fresh temporary folder in every test, so the real
user data dir is never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import main
from nianbao import exchange
from nianbao.model import Report, Unparsed
from storage.store import Store

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "jiaojiang_minzheng_2020.json"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sample(agency: str, year: int) -> Report:
    report = Report(agency=agency, year=year, preamble="前言", texts={"一": "总体情况", "五": "不足", "六": ""})
    report.set_and_derive("t3.new.natural", 4)
    report.set_and_derive("t3.carried_out.legal", 2)
    report.set("t2.fees.amount", Decimal("0.25"))
    report.set("t4.review.corrected", Unparsed("/", "不是数字"))
    return report


def test_list_empty_and_filled(data_dir, capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and "还没有保存的报告" in out and str(data_dir) in out
    with Store.open(data_dir) as s:
        s.create_report(sample("甲局", 2023))
        gone, _ = s.create_report(sample("乙局", 2023))
        s.delete(gone)
    code, out, _ = run(capsys, "list")
    assert code == 0 and "[1] 甲局2023年度报告" in out and "乙局" not in out and "共 1 份报告" in out
    code, out, _ = run(capsys, "list", "--deleted")
    assert "〔回收站〕[2] 乙局2023年度报告" in out and "其中 1 份在回收站" in out
    code, out, _ = run(capsys, "list", "--format", "json")
    rows = json.loads(out)
    assert [(r["id"], r["agency"], r["deleted"]) for r in rows] == [(1, "甲局", False)]


def test_data_dir_option_wins_over_the_environment(data_dir, tmp_path, capsys):
    other = tmp_path / "U盘"
    code, out, _ = run(capsys, "--data-dir", str(other), "import-json", str(FIXTURE))
    assert code == 0
    assert (other / "nianbao.sqlite3").exists()
    assert not (data_dir / "nianbao.sqlite3").exists()
    assert "还没有保存的报告" in run(capsys, "list")[1]


def test_export_import_round_trip(data_dir, tmp_path, capsys):
    reports = [sample("甲局", 2022), sample("甲局", 2023), sample("乙局", 2023)]
    with Store.open(data_dir) as s:
        for r in reports:
            s.create_report(r, carry_forward=False)
    out_dir = tmp_path / "导出"
    code, out, err = run(capsys, "export-json", "--all", "-o", str(out_dir))
    assert code == 0, err
    files = sorted(out_dir.glob("*.json"))
    assert len(files) == 3 and out.count("已导出") == 3
    other = tmp_path / "另一台电脑"
    code, out, err = run(capsys, "--data-dir", str(other), "import-json", *map(str, files))
    assert code == 0, err
    with Store.open(other) as s:
        imported = sorted((exchange.to_dict(s.load(x.id)) for x in s.list_reports()), key=json.dumps)
    assert imported == sorted((exchange.to_dict(r) for r in reports), key=json.dumps)
    with Store.open(data_dir) as s:  # every export is snapshotted
        assert all(snap.automatic for x in s.list_reports() for snap in s.list_snapshots(x.id))
        assert all(len(s.list_snapshots(x.id)) == 1 for x in s.list_reports())


def test_export_one_report_to_a_file(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as s:
        report_id, _ = s.create_report(sample("甲局", 2023))
    target = tmp_path / "甲局.json"
    code, _, err = run(capsys, "export-json", str(report_id), "-o", str(target))
    assert code == 0, err
    assert exchange.to_dict(exchange.load(target)) == exchange.to_dict(sample("甲局", 2023))


def test_export_needs_ids_or_all_and_known_ids(data_dir, tmp_path, capsys):
    code, _, err = run(capsys, "export-json", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "--all" in err
    code, _, err = run(capsys, "export-json", "42", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "找不到编号为 42 的报告" in err


def test_import_existing_needs_a_flag(data_dir, capsys):
    assert run(capsys, "import-json", str(FIXTURE))[0] == 0
    code, out, err = run(capsys, "import-json", str(FIXTURE))
    assert code == 1 and out == ""
    assert "已经存在" in err and "--replace" in err and "--keep-both" in err
    with Store.open(data_dir) as s:
        assert len(s.list_reports()) == 1


def test_import_keep_both_and_replace(data_dir, tmp_path, capsys):
    run(capsys, "import-json", str(FIXTURE))
    code, out, _ = run(capsys, "import-json", "--keep-both", str(FIXTURE))
    assert code == 0 and "已导入 [2]" in out
    changed = exchange.load(FIXTURE)
    changed.set("t3.new.natural", 77)
    changed_file = tmp_path / "changed.json"
    exchange.save(changed, changed_file)
    code, out, _ = run(capsys, "import-json", "--replace", str(changed_file))
    assert code == 0 and "已替换" in out
    with Store.open(data_dir) as s:
        replaced = s.find(changed.agency, changed.year)
        assert replaced is not None
        assert s.load(replaced).values["t3.new.natural"] == 77
        (snap,) = s.list_snapshots(replaced)
        assert snap.automatic
        s.restore_snapshot(snap.id)
        assert exchange.to_dict(s.load(replaced)) == exchange.to_dict(exchange.load(FIXTURE))
        assert len(s.list_reports()) == 2


def test_import_unreadable_file(data_dir, tmp_path, capsys):
    bad = tmp_path / "坏.json"
    bad.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "import-json", str(bad), str(FIXTURE))
    assert code == 2 and "无法读取" in err
    assert "已导入" in out  # the good file is imported all the same


def test_backup_to_a_folder_and_to_a_file(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as s:
        report_id, _ = s.create_report(sample("甲局", 2023))
    folder = tmp_path / "备份"
    folder.mkdir()
    code, out, _ = run(capsys, "backup", str(folder))
    assert code == 0 and "已备份到" in out
    (copy,) = folder.glob("nianbao-备份-*.sqlite3")
    code, _, _ = run(capsys, "backup", str(tmp_path / "一份.sqlite3"))
    assert code == 0
    for path in (copy, tmp_path / "一份.sqlite3"):
        restored = tmp_path / f"restored-{path.stem}"
        restored.mkdir()
        (restored / "nianbao.sqlite3").write_bytes(path.read_bytes())
        with Store.open(restored) as s:
            assert exchange.to_dict(s.load(report_id)) == exchange.to_dict(sample("甲局", 2023))
    code, _, err = run(capsys, "backup", str(data_dir / "nianbao.sqlite3"))
    assert code == 1 and "数据库本身" in err


def test_corrupt_database_then_recover(data_dir, capsys):
    run(capsys, "import-json", str(FIXTURE))
    with Store.open(data_dir) as s:
        s.backup(data_dir / "backups" / "nianbao-manual.sqlite3")
    (data_dir / "nianbao.sqlite3").write_bytes(b"\x00garbage" * 4096)
    code, _, err = run(capsys, "list")
    assert code == 2 and "已损坏" in err and "已自动恢复" in err and "nianbao-manual.sqlite3" in err
    assert "台州市椒江区民政局" in run(capsys, "list")[1]  # the recovered database
    code, out, _ = run(capsys, "recover", str(data_dir / "backups" / "nianbao-manual.sqlite3"))
    assert code == 0 and "1 份报告" in out  # an older copy can still be chosen by hand


def test_real_entry_point_with_data_dir_before_the_command(tmp_path):
    env = {**os.environ, "NIANBAO_DATA_DIR": str(tmp_path / "env")}
    result = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "flag"), "list"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "flag" / "nianbao.sqlite3") in result.stdout
    assert not (tmp_path / "env").exists()


def test_export_to_an_unwritable_place_is_said_with_exit_2(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as s:
        s.create_report(sample("甲局", 2023))
        s.create_report(sample("乙局", 2023))
    locked = tmp_path / "只读"
    locked.mkdir()
    (locked / "甲局2023年度.json").mkdir()  # a folder where the file should go: the write fails (OSError)
    code, out, err = run(capsys, "export-json", "--all", "-o", str(locked))
    assert code == 2
    assert "是一个文件夹" in err and "[1] 甲局2023年度报告未导出" in err and "Traceback" not in err
    assert "已导出 [2] 乙局2023年度报告" in out  # the others are still exported
    with Store.open(data_dir) as s:
        assert [len(s.list_snapshots(i)) for i in (1, 2)] == [0, 1]  # no export snapshot for a failed export


def test_backup_into_a_missing_folder_is_exit_2(data_dir, tmp_path, capsys):
    code, _, err = run(capsys, "backup", str(tmp_path / "没有" / "备份.sqlite3"))
    assert code == 2 and "文件夹不存在" in err


def test_export_all_names_files_safely_for_windows(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as s:
        s.create_report(sample("甲局/办公室:", 2023))
    code, _, err = run(capsys, "export-json", "--all", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["甲局办公室2023年度.json"]


def test_delete_and_restore_move_reports_through_the_trash(data_dir, capsys):
    with Store.open(data_dir) as s:
        kept, _ = s.create_report(sample("甲局", 2023))
    code, out, _ = run(capsys, "delete", str(kept))
    assert code == 0 and f"已移到回收站：[{kept}] 甲局2023年度报告" in out
    code, out, _ = run(capsys, "list")
    assert "回收站中有 1 份" in out
    code, _, err = run(capsys, "restore", str(kept), "99")
    assert code == 2 and "没有编号为 99 的报告" in err
    with Store.open(data_dir) as s:
        assert [r.deleted for r in s.list_reports(include_deleted=True)] == [True]  # nothing half-done
    code, out, _ = run(capsys, "restore", str(kept))
    assert code == 0 and "已恢复" in out
    with Store.open(data_dir) as s:
        assert [r.id for r in s.list_reports()] == [kept]


def test_recover_refuses_a_file_that_is_not_our_database(data_dir, tmp_path, capsys):
    with Store.open(data_dir) as s:
        s.create_report(sample("甲局", 2023))
    for name, content in (("empty.sqlite3", b""), ("notes.json", b"{}")):
        bogus = tmp_path / name
        bogus.write_bytes(content)
        code, _, err = run(capsys, "recover", str(bogus))
        assert code == 2 and ("不是年报助手的数据库备份" in err or "无法读取或已损坏" in err)
    with Store.open(data_dir) as s:
        assert len(s.list_reports()) == 1  # the database in place was not touched


@pytest.mark.parametrize(
    "raw",
    [
        '"edition": ["2021"]',
        '"edition": {"id": "2021"}',
        '"edition": "2021", "values": {"t3.new.natural": ' + "9" * 4301 + "}",
        '"edition": "2021", "values": ' + "[" * 1000 + "]" * 1000,
        '"edition": "2021", "agency": "\\ud800"',
        '"edition": "2021", "sections": {"一": "\\ud800"}',
    ],
    ids=["edition-list", "edition-object", "4301-digits", "nested-1000", "surrogate-agency", "surrogate-text"],
)
def test_import_of_a_hostile_file_is_exit_2_with_a_reason(data_dir, tmp_path, capsys, raw):
    bad = tmp_path / "坏.json"
    bad.write_text('{"format": "nianbao-report", "version": 1, "year": 2023, ' + raw + "}", encoding="utf-8")
    code, _, err = run(capsys, "import-json", str(bad))
    assert code == 2 and "无法读取" in err and "Traceback" not in err
    with Store.open(data_dir) as s:
        assert s.list_reports() == []


def test_backup_never_writes_onto_the_live_databases_side_files(data_dir, capsys):
    run(capsys, "list")
    for side in ("nianbao.sqlite3-wal", "nianbao.sqlite3-shm", "nianbao.sqlite3"):
        code, _, err = run(capsys, "backup", str(data_dir / side))
        assert code == 1 and "不能是数据库本身" in err
